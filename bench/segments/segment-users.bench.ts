/**
 * Segments benchmark: a synthetic HeteroGraph of 1,000,000 users / 10,000,000 events (30 products,
 * ~2.8M devices, built like bench/projection) → user–user graph → Louvain → small-segment merge →
 * profiles. Prints seconds per phase and the process's peak RSS.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/segments/segment-users.bench.ts [--users 1000000 --events 10000000] [--embeddings]
 *
 * `--embeddings` adds 64-d user vectors (around the users' hidden tastes, noisy) and segments the
 * combined graph, as `graphrec segment` does by default once an embeddings run exists. NMI is
 * against the hidden tastes.
 */
import { EVENT_TYPES, HOME_TYPES, PRODUCT_CATEGORIES } from '@graphrec/graph-model';
import { GraphBuilder } from '@graphrec/projection';
import { normalizedMutualInformation, profileSegments, segmentUsersDetailed } from '@graphrec/segments';
import { arg, prng } from '../support/args';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
/** U17 → 16: the creation index the hidden taste is defined on. */
const userNumber = (id: string) => Number(id.slice(1)) - 1;
const secs = (from: number) => +((performance.now() - from) / 1000).toFixed(1);

function main(): void {
  const users = arg('users', 1_000_000);
  const events = arg('events', 10_000_000);
  const products = 30;
  const rand = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const t0 = performance.now();
  const builder = new GraphBuilder(events);
  const productIds = Array.from({ length: products }, (_, i) => `P${String(i + 1).padStart(3, '0')}`);
  productIds.forEach((id, i) => builder.setNode('Product', id, { category: PRODUCT_CATEGORIES[i % 13], price: 20 + rand() * 300 }));
  const regions = Array.from({ length: 40 }, (_, i) => `region-${i}`);
  const start = Date.UTC(2024, 0, 1);
  const span = 548 * 86_400_000;
  let devices = 0;
  // Users come in 10 hidden tastes (a preferred third of the catalogue), so there is structure to find.
  const taste = (u: number) => u % 10;
  const fromTaste = (u: number) => (rand() < 0.8 ? (taste(u) * 3 + Math.floor(rand() * 6)) % products : Math.floor(rand() * products));
  for (let u = 0; u < users; u++) {
    const id = `U${u + 1}`;
    builder.setNode('User', id, { home_type: pick(HOME_TYPES), region: pick(regions), signup_date: '2023-06-01' });
    const owned = Math.floor(rand() * 5) + (rand() < 0.8 ? 1 : 0);
    for (let k = 0; k < owned; k++) {
      const device = `D${++devices}`;
      builder.setDevice(device, productIds[fromTaste(u)], { status: rand() < 0.9 ? 'active' : 'inactive' });
      builder.addOwnership(id, device);
    }
  }
  const types = EVENT_TYPES.slice(0, 8);
  for (let e = 0; e < events; e++) {
    const user = Math.floor(users * rand() ** 2);
    builder.addEvent(`U${user + 1}`, productIds[fromTaste(user)], pick(types), start + Math.floor(rand() * span), null);
  }
  const graph = builder.build();
  const projectSeconds = secs(t0);
  const rssBefore = process.memoryUsage().rss;

  const withEmbeddings = process.argv.includes('--embeddings');
  const dims = 64;
  let vectors: Float32Array | undefined;
  if (withEmbeddings) {
    // Taste centres plus noise as strong as the signal: the kNN graph alone is far from perfect.
    const centres = Float32Array.from({ length: 10 * dims }, () => rand() - 0.5);
    vectors = new Float32Array(users * dims);
    // Rows follow the projection's user index, which is not the creation order.
    for (let i = 0; i < users; i++) {
      const t = taste(userNumber(graph.nodes.User.ids[i]));
      for (let d = 0; d < dims; d++) vectors[i * dims + d] = centres[t * dims + d] + (rand() - 0.5);
    }
  }
  const t1 = performance.now();
  const s = segmentUsersDetailed(graph, { seed: 1, ...(vectors ? { embeddings: { vectors, dims } } : {}) });
  const segmentSeconds = secs(t1);
  const t2 = performance.now();
  const profiles = profileSegments(graph, s);
  const profileSeconds = secs(t2);
  const d = s.userGraphDiagnostics!; // the projection (alone or combined) always has diagnostics
  const nmi = normalizedMutualInformation(Array.from(s.segmentOf, String), s.users.map((id) => String(taste(userNumber(id)))));
  console.log(
    JSON.stringify(
      {
        users,
        events,
        graph: s.source,
        edges: { interacted: graph.relations.interacted.edgeCount, owns: graph.relations.owns.edgeCount },
        userGraph: { edges: s.userGraph.size, maxDegree: d.maxDegree, candidatesScored: d.candidates, activeUsers: d.activeUsers, largeProducts: d.largeProducts },
        seconds: {
          syntheticProjection: projectSeconds,
          userGraph: +s.secondsByPhase.userGraph.toFixed(1),
          userGraphPhases: d.seconds,
          louvain: +s.secondsByPhase.louvain.toFixed(1),
          mergeAndFinish: +s.secondsByPhase.finish.toFixed(1),
          segmentUsersTotal: segmentSeconds,
          profiles: profileSeconds,
        },
        segments: s.segmentCount,
        levels: s.levels,
        modularity: +s.modularity.toFixed(4),
        nmiVsHiddenTastes: +nmi.toFixed(3),
        labels: profiles.segments.slice(0, 12).map((p) => `${p.segment} (${p.size}): ${p.label}`),
        rssAfterProjection: mib(rssBefore),
        peakRss: mib(process.resourceUsage().maxRSS * 1024),
      },
      null,
      2,
    ),
  );
}

main();
