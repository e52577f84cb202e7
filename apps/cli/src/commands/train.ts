import { DEFAULT_GRAPHSAGE_OPTIONS, embedAll, GraphSageOptions, initTf, saveModel, saveNodeIds, trainGraphSage } from '@graphrec/gnn';
import { GraphDb, migrate, repoRoot } from '@graphrec/neo4j';
import { Command } from 'commander';
import { join, resolve } from 'node:path';
import { createProgress, projectWithProgress } from '../progress';
import { publishEmbeddings } from '@graphrec/writeback';
import { withDb } from '../with-db';
import { DEFAULT_SEED, parseNonNegativeInt, parsePositiveInt, parseSeed } from '../options';

export interface TrainCommandOptions {
  epochs?: number;
  seed: number;
  dimension?: number;
  /** Supervision edges per epoch at most (GraphSageOptions.epochEdges; 0 = all). */
  epochEdges?: number;
  /** Supervision edges over the whole training at most (GraphSageOptions.maxTrainEdges; 0 = no bound). */
  maxTrainEdges?: number;
  /** Early stopping's patience in supervision edges (GraphSageOptions.patienceEdges; 0 = off). */
  patienceEdges?: number;
  keepRuns: number;
  similarK: number;
  modelDir: string;
  backend?: string;
  json?: boolean;
  /** Extra run parameters (the daily flow tags its run with the flow run and step, to find it again on a retry). */
  runParams?: Record<string, unknown>;
}

const log = (line: string) => process.stdout.write(`[train] ${line}\n`);

/**
 * Why a trained model must not be published, or undefined when it may be. A validation figure that
 * is not finite (NaN: no held-out edges, or training diverged) says nothing about the model, and a
 * run published with it replaced a working one; a non-finite number in an embedding ranks nothing.
 */
export function unpublishableReason(metrics: { bestValidation: number; validationMetric: string }, embeddings: Float32Array[] = []): string | undefined {
  if (!Number.isFinite(metrics.bestValidation)) {
    return `the validation metric ${metrics.validationMetric || '(none)'} is ${metrics.bestValidation} (no held-out edges to measure, or training diverged)`;
  }
  for (const vectors of embeddings) {
    for (let i = 0; i < vectors.length; i++) if (!Number.isFinite(vectors[i])) return `an embedding holds a non-finite number (${vectors[i]})`;
  }
  return undefined;
}

/**
 * The embeddings job: project the graph, train GraphSAGE (early stopping on held-out edges),
 * embed every user and product, publish them as a new embeddings run (served only once complete)
 * and save the model files next to the run id. A run killed half-way stays `writing`, is never
 * served, and is pruned by a later run; rerunning trains and publishes afresh.
 */
export async function runTrain(db: GraphDb, options: TrainCommandOptions): Promise<number> {
  await db.verify();
  await migrate(db);
  const graph = await projectWithProgress(db);
  if (graph.nodes.User.size === 0 || graph.nodes.Product.size < 2 || graph.relations.interacted.edgeCount === 0) {
    process.stderr.write('graphrec train: the graph needs users, at least two products and some events; load data first (graphrec ingest)\n');
    return 1;
  }
  const backend = await initTf(options.backend as Parameters<typeof initTf>[0]);
  const trainOptions: Partial<GraphSageOptions> = { seed: options.seed };
  if (options.epochs !== undefined) trainOptions.epochs = options.epochs;
  if (options.dimension !== undefined) trainOptions.outputDim = options.dimension;
  if (options.epochEdges !== undefined) trainOptions.epochEdges = options.epochEdges;
  if (options.patienceEdges !== undefined) trainOptions.patienceEdges = options.patienceEdges;
  if (options.maxTrainEdges !== undefined) trainOptions.maxTrainEdges = options.maxTrainEdges;
  const epochs = trainOptions.epochs ?? DEFAULT_GRAPHSAGE_OPTIONS.epochs;
  const bar = createProgress();
  bar.start(`training (${backend.backend})`, epochs, 'epochs');
  const model = await trainGraphSage(graph, trainOptions, {
    onEpoch: (e) => bar.update(e.epoch, { loss: Number(e.loss.toFixed(4)), [`val_${DEFAULT_GRAPHSAGE_OPTIONS.validationMetric}`]: Number((e.validation ?? 0).toFixed(4)) }),
  }).finally(() => bar.stop());
  const inferStarted = performance.now();
  const embeddings = embedAll(model, graph);
  const inferSeconds = (performance.now() - inferStarted) / 1000;
  // Checked before anything is written: no run is started, so the served one stays served.
  const refused = unpublishableReason(model.metrics, [embeddings.User, embeddings.Product]);
  if (refused) {
    process.stderr.write(`graphrec train: not published: ${refused}; the current run keeps serving\n`);
    return 1;
  }
  const written = createProgress();
  written.start('write-back', graph.nodes.User.size + graph.nodes.Product.size, 'nodes');
  const published = await publishEmbeddings(db, graph, embeddings, {
    similarK: options.similarK,
    keepRuns: options.keepRuns,
    params: { model: 'graphsage', options: model.config.options, ...options.runParams },
    metrics: { ...model.metrics, inferSeconds, nodes: { User: graph.nodes.User.size, Product: graph.nodes.Product.size } },
    onProgress: (done) => written.update(done),
  }).finally(() => written.stop());
  const modelPath = resolve(repoRoot(), options.modelDir, published.runId);
  await saveModel(modelPath, model);
  // The training order of the nodes: `graphrec incremental` maps later graphs to the id tables by it.
  saveNodeIds(modelPath, { User: graph.nodes.User.ids, Product: graph.nodes.Product.ids, Device: graph.nodes.Device.ids });
  const m = model.metrics;
  const summary = {
    runId: published.runId,
    slot: published.slot,
    backend: backend.backend,
    epochs: m.epochs,
    bestEpoch: m.bestEpoch,
    validation: { metric: m.validationMetric, best: m.bestValidation },
    trainSeconds: m.seconds,
    inferSeconds,
    writebackSeconds: published.seconds,
    written: published.written,
    similar: published.similar,
    pruned: published.pruned,
    modelPath,
  };
  if (options.json) {
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  } else {
    log(`run ${published.runId} (slot ${published.slot}): ${m.epochs} epochs on ${backend.backend}, best ${summary.validation.metric} ${m.bestValidation.toFixed(4)} at epoch ${m.bestEpoch}`);
    log(`train ${m.seconds.toFixed(1)} s, inference ${inferSeconds.toFixed(1)} s, write-back ${published.seconds.toFixed(1)} s; ${published.written.User} users, ${published.written.Product} products, ${published.similar} SIMILAR_TO`);
    log(`model files: ${modelPath}`);
    if (published.pruned.length) log(`pruned ${published.pruned.length} old run(s)`);
  }
  return 0;
}

export function trainCommand(openDb: () => GraphDb): Command {
  return new Command('train')
    .description('train GraphSAGE embeddings on the graph and publish them (vectors, SIMILAR_TO) as a new served run')
    .option('--epochs <n>', `maximum epochs (early stopping usually ends sooner; default ${DEFAULT_GRAPHSAGE_OPTIONS.epochs})`, (v) => parsePositiveInt(v, '--epochs'))
    .option('--seed <n>', 'random seed', (v) => parseSeed(v, '--seed'), DEFAULT_SEED)
    .option('--dimension <n>', `embedding dimension (default ${DEFAULT_GRAPHSAGE_OPTIONS.outputDim})`, (v) => parsePositiveInt(v, '--dimension'))
    .option('--epoch-edges <n>', `supervision edges per epoch at most, a new slice of one seeded permutation each epoch (0 = all; default ${DEFAULT_GRAPHSAGE_OPTIONS.epochEdges})`, (v) => parseNonNegativeInt(v, '--epoch-edges'))
    .option('--max-train-edges <n>', `supervision edges over all epochs at most (0 = no bound; default ${DEFAULT_GRAPHSAGE_OPTIONS.maxTrainEdges})`, (v) => parseNonNegativeInt(v, '--max-train-edges'))
    .option('--patience-edges <n>', `stop early once this many supervision edges after the best validation check brought no better one (0 = patience in epochs alone; default ${DEFAULT_GRAPHSAGE_OPTIONS.patienceEdges})`, (v) => parseNonNegativeInt(v, '--patience-edges'))
    .option('--similar-k <n>', 'SIMILAR_TO relationships per product', (v) => parsePositiveInt(v, '--similar-k'), 50)
    .option('--keep-runs <n>', 'complete embeddings runs to keep', (v) => parsePositiveInt(v, '--keep-runs'), 3)
    .option('--model-dir <dir>', 'where model files go, one folder per run id', join('.data', 'models'))
    .option('--backend <name>', 'TensorFlow.js backend: tensorflow (tfjs-node, when installed), wasm or cpu; default: the fastest available')
    .option('--json', 'print the run as JSON')
    .action((options: TrainCommandOptions) => withDb(openDb, (db) => runTrain(db, options)));
}
