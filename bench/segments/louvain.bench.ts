/**
 * Louvain benchmark on typed arrays: a seeded planted-partition graph (default 1,000,000 nodes,
 * 10,000,000 edges, 1,000 communities, mixing 0.2), graph building included. Prints seconds per
 * phase, modularity, NMI/ARI against the planted communities, and peak RSS. Targets: < 60 s, < 8 GB.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/segments/louvain.bench.ts [-- --nodes N --edges M --communities C --mixing μ --ordering random|rotate|natural]
 */
import { LouvainOptions, adjustedRandIndex, louvainDetailed, normalizedMutualInformation, plantedPartition } from '@graphrec/segments';
import { cpus } from 'node:os';
import { arg } from '../support/args';

// maxRSS is in kilobytes (KiB) on Linux.
const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

function main(): void {
  const nodes = arg('nodes', 1_000_000);
  const edges = arg('edges', 10_000_000);
  const communities = arg('communities', 1_000);
  const mixing = arg('mixing', 0.2);
  const oi = process.argv.indexOf('--ordering');
  const ordering = (oi > 0 ? process.argv[oi + 1] : 'random') as LouvainOptions['ordering'];
  const started = performance.now();
  const planted = plantedPartition({ nodes, edges, communities, mixing, seed: 1 });
  const g = planted.graph;
  console.log(`louvain benchmark: ${nodes} nodes, ${edges} edges drawn (${g.size} distinct), ${communities} planted communities, mixing ${mixing}, ordering ${ordering}, ${cpus().length} cores, Node ${process.version}`);
  console.log(`  generate edges   ${planted.generateSeconds.toFixed(2)} s`);
  console.log(`  build CSR graph  ${planted.buildSeconds.toFixed(2)} s`);
  const result = louvainDetailed(g, { seed: 42, ordering });
  for (const [i, l] of result.levels.entries()) {
    console.log(
      `  level ${i}: ${l.nodes} nodes, ${l.edges} edges -> ${l.count} communities, Q ${l.modularity.toFixed(4)}, ` +
        `${l.moves} moves, ${l.visits} visits, local moving ${l.localMovingSeconds.toFixed(2)} s, aggregation ${l.aggregationSeconds.toFixed(2)} s`,
    );
  }
  const t = performance.now();
  const nmi = normalizedMutualInformation(planted.truth, result.communities);
  const ari = adjustedRandIndex(planted.truth, result.communities);
  const metricsSeconds = (performance.now() - t) / 1000;
  const total = (performance.now() - started) / 1000;
  console.log(`  louvain total    ${result.seconds.toFixed(2)} s: ${result.count} communities, modularity ${result.modularity.toFixed(4)}`);
  console.log(`  NMI ${nmi.toFixed(4)}, ARI ${ari.toFixed(4)} vs planted (${metricsSeconds.toFixed(2)} s)`);
  console.log(`  end to end ${total.toFixed(1)} s, peak RSS ${peakRssMiB().toFixed(0)} MiB`);
  console.log(
    JSON.stringify({
      bench: 'louvain', nodes, edges, distinctEdges: g.size, communities: result.count, modularity: result.modularity, nmi, ari,
      generateSeconds: planted.generateSeconds, buildSeconds: planted.buildSeconds, louvainSeconds: result.seconds, totalSeconds: total,
      peakRssMiB: Math.round(peakRssMiB()),
    }),
  );
}

main();
