/**
 * GraphSAGE benchmark on a generated world: `generateWorld` writes the CSVs, `projectFromFiles`
 * reads them into a HeteroGraph (as evaluation and the CLI do), then one training run (no early
 * stopping: a fixed number of epochs) and full inference. Prints seconds per epoch, training
 * edges per second, inference nodes per second, the backend and the process's peak RSS.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/gnn/train.bench.ts [--users 20000 --epochs 2 --batch 4096 --id-dim 0]
 */
import { generateWorld } from '@graphrec/datagen';
import { embedAll, initTf, trainGraphSage } from '@graphrec/gnn';
import { projectFromFiles, summary } from '@graphrec/projection';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg } from '../support/args';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const users = arg('users', 20_000);
  const epochs = arg('epochs', 2);
  const batchSize = arg('batch', 4096);
  const idEmbeddingDim = arg('id-dim', 64);
  const dir = mkdtempSync(join(tmpdir(), 'gnn-bench-'));
  try {
    const t0 = performance.now();
    await generateWorld({ users, seed: 42, outDir: dir });
    const generateSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const graph = await projectFromFiles([dir]);
    const projectSeconds = (performance.now() - t1) / 1000;
    const { backend } = await initTf();
    const epochSeconds: number[] = [];
    let last = 0;
    const model = await trainGraphSage(graph, { epochs, batchSize, idEmbeddingDim, validationShare: 0, patience: 0 }, {
      onEpoch: (e) => {
        epochSeconds.push(e.seconds - last);
        last = e.seconds;
        process.stderr.write(`epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(4)} ${e.seconds.toFixed(1)}s\n`);
      },
    });
    const t2 = performance.now();
    const emb = embedAll(model, graph);
    const inferSeconds = (performance.now() - t2) / 1000;
    const s = summary(graph);
    const nodes = s.nodes.User + s.nodes.Product + s.nodes.Device;
    const perEpoch = epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length;
    console.log(
      JSON.stringify(
        {
          backend,
          users,
          nodes: s.nodes,
          edges: s.edges,
          trainEdges: model.metrics.trainEdges,
          options: { epochs, batchSize, idEmbeddingDim, layers: model.config.options.layers, fanouts: model.config.options.fanouts, negatives: model.config.options.negatives },
          seconds: { generate: +generateSeconds.toFixed(1), project: +projectSeconds.toFixed(1), train: +model.metrics.seconds.toFixed(1), perEpoch: +perEpoch.toFixed(2), inference: +inferSeconds.toFixed(2) },
          trainEdgesPerSecond: Math.round(model.metrics.trainEdges / perEpoch),
          secondsPerMillionEdgesEpoch: +((perEpoch * 1e6) / model.metrics.trainEdges).toFixed(1),
          inferenceNodesPerSecond: Math.round(nodes / inferSeconds),
          embeddingDimension: emb.dimension,
          peakRss: mib(process.resourceUsage().maxRSS * 1024),
        },
        null,
        2,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
