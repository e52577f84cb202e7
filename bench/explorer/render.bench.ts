/**
 * Render time of every explorer view: from the moment the view's data arrives in the page to the
 * moment sigma has drawn it (two animation frames), as the page records it (graphrecExplorer.renders()).
 * Network and database time are not in it: the bar is "renders in under a second after its
 * data arrives". Figures, not a test.
 *
 * Against the database NEO4J_* points at (load the demo world first, see docs/explorer.md):
 *   npx tsx --tsconfig tsconfig.base.json bench/explorer/render.bench.ts [--products 5] [--users 5] [--segments 5]
 * It starts the API itself with a throwaway analyst key, and Debian's /usr/bin/chromium.
 */
import { GraphDb, resolveNeo4jConfig } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { chromium } from 'playwright-core';
import { startApiProcess } from '../../test/support/api-process';

const KEY = 'bench-explorer-analyst-key-0001';

// page.evaluate callbacks run in the browser; the root tsconfig has no DOM lib, so declare (module-scoped) what they touch.
declare const window: unknown;
declare const sessionStorage: { setItem(key: string, value: string): void };

interface Render {
  route: string;
  ms: number;
  fetchMs: number;
  nodes: number;
  edges: number;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const db = new GraphDb(resolveNeo4jConfig());
  const users = await db.read<{ n: number }>('MATCH (u:User) RETURN count(u) AS n');
  const products = await db.read<{ id: string }>(
    'MATCH (p:Product)<-[:INSTANCE_OF]-(d:Device) RETURN p.id AS id, count(d) AS n ORDER BY n DESC, id LIMIT $k',
    { k: neo4j.int(arg('products', 5)) },
  );
  const sampleUsers = await db.read<{ id: string }>('MATCH (u:User)-[:OWNS]->() WITH DISTINCT u ORDER BY u.id LIMIT $k RETURN u.id AS id', { k: neo4j.int(arg('users', 5)) });
  const segments = await db.read<{ id: string }>(
    "MATCH (r:Run {kind: 'segments', current: true}) MATCH (s:Segment {runId: r.id}) RETURN s.segmentId AS id ORDER BY s.size DESC LIMIT $k",
    { k: neo4j.int(arg('segments', 5)) },
  );
  await db.close();
  const hashes = [
    '#map',
    ...products.map((p) => `#product/${encodeURIComponent(p.id)}`),
    ...sampleUsers.map((u) => `#user/${encodeURIComponent(u.id)}`),
    ...segments.map((s) => `#segment/${encodeURIComponent(s.id)}`),
  ];
  const api = await startApiProcess({ ...process.env, GRAPHREC_API_KEYS: `analyst:${KEY}`, LOG_LEVEL: 'warn' }, 120_000);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-background-networking', '--disable-component-update'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${api.url}/explorer/`);
    await page.evaluate((key) => sessionStorage.setItem('graphrec.explorer.apiKey', key), KEY);
    const renders: Render[] = [];
    for (const hash of hashes) {
      // A fresh document per view (a hash-only goto would be a same-page navigation).
      await page.goto('about:blank');
      await page.goto(`${api.url}/explorer/${hash}`);
      await page.waitForFunction(
        (h) => (window as unknown as { graphrecExplorer?: { renders(): { route: string }[] } }).graphrecExplorer?.renders().some((r) => r.route === h) ?? false,
        hash,
        { timeout: 60_000 },
      );
      const [render] = await page.evaluate(
        (h) => (window as unknown as { graphrecExplorer: { renders(): Render[] } }).graphrecExplorer.renders().filter((r) => r.route === h),
        hash,
      );
      renders.push(render);
      process.stdout.write(`${render.route.padEnd(40)} ${String(render.nodes).padStart(5)} nodes ${String(render.edges).padStart(5)} edges ${render.ms.toFixed(1).padStart(8)} ms render ${render.fetchMs.toFixed(1).padStart(8)} ms API\n`);
    }
    const worst = renders.reduce((a, b) => (b.ms > a.ms ? b : a));
    const slowestApi = renders.reduce((a, b) => (b.fetchMs > a.fetchMs ? b : a));
    process.stdout.write(
      `${users[0].n} users; ${renders.length} views; slowest render ${worst.route} ${worst.ms.toFixed(1)} ms (bar: 1000 ms); slowest API answer ${slowestApi.route} ${slowestApi.fetchMs.toFixed(1)} ms\n`,
    );
  } finally {
    await browser.close();
    await api.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
