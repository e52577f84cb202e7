/**
 * Projection benchmark: a synthetic graph of 1,000,000 users, 30 products, ~2.8M devices and
 * 10,000,000 events fed through GraphBuilder (the path Neo4j and files take, string ids included),
 * then built into a HeteroGraph. Prints seconds per phase and the process's peak RSS.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/projection/projection.bench.ts [--users 1000000 --events 10000000]
 */
import { EVENT_TYPES, HOME_TYPES, PRODUCT_CATEGORIES } from '@graphrec/graph-model';
import { GraphBuilder, summary } from '@graphrec/projection';
import { arg, prng } from '../support/args';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

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
  for (let u = 0; u < users; u++) {
    const id = `U${u + 1}`;
    builder.setNode('User', id, {
      home_type: pick(HOME_TYPES),
      region: pick(regions),
      signup_date: new Date(start - Math.floor(rand() * 1000) * 86_400_000).toISOString().slice(0, 10),
    });
    // 2.8 devices per user on average.
    const owned = Math.floor(rand() * 5) + (rand() < 0.8 ? 1 : 0);
    for (let k = 0; k < owned; k++) {
      const device = `D${++devices}`;
      builder.setDevice(device, pick(productIds), { status: rand() < 0.9 ? 'active' : 'inactive' });
      builder.addOwnership(id, device);
    }
  }
  const nodesSeconds = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  const types = EVENT_TYPES.slice(0, 8);
  for (let e = 0; e < events; e++) {
    // Skewed: a few heavy users and popular products, as in real logs.
    const user = Math.floor(users * rand() ** 2);
    const product = Math.floor(products * rand() ** 1.5);
    builder.addEvent(`U${user + 1}`, productIds[product], pick(types), start + Math.floor(rand() * span), null);
  }
  const eventsSeconds = (performance.now() - t1) / 1000;

  const t2 = performance.now();
  const graph = builder.build();
  const buildSeconds = (performance.now() - t2) / 1000;
  const s = summary(graph);
  console.log(
    JSON.stringify(
      {
        users,
        events,
        nodes: s.nodes,
        edges: s.edges,
        featureColumns: s.featureColumns,
        typedArrays: { relations: mib(s.bytes.relations), features: mib(s.bytes.features), total: mib(s.bytes.total) },
        seconds: { addNodes: +nodesSeconds.toFixed(1), addEvents: +eventsSeconds.toFixed(1), build: +buildSeconds.toFixed(1), phases: graph.report.seconds },
        heapUsedAfter: mib(process.memoryUsage().heapUsed),
        rssAfter: mib(process.memoryUsage().rss),
        peakRss: mib(process.resourceUsage().maxRSS * 1024),
      },
      null,
      2,
    ),
  );
}

main();
