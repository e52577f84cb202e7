/**
 * The analysts' explorer in a real headless Chromium, against the real API and a real Neo4j with
 * a small generated world: key prompt, the product map, a product's, a user's and a segment's
 * views (node and edge counts and every label against the API's own answer), expansion, raw
 * events, side panel, segment profiles as charts and CSV download. Screenshots of each view go to
 * docs/explorer/*.png (shown by docs/explorer.md), the others to .data/screenshots/explorer-*.png.
 */
import { generateWorld } from '@graphrec/datagen';
import { ingest } from '@graphrec/ingest';
import { Neo4jFlowStore } from '@graphrec/flows';
import { GraphDb, repoRoot } from '@graphrec/neo4j';
import { projectFromNeo4j } from '@graphrec/projection';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { publishEmbeddings } from '@graphrec/writeback';
import { plantedEmbeddings } from '../support/embeddings';
import { runCli } from '../support/cli';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { resetDb, tempDir, testDb } from '../support/db';
import { gql } from '../api/support';

// page.evaluate / waitForFunction callbacks run in the browser; the root tsconfig has no DOM lib, so
// declare (module-scoped, not global) the little of it they touch.
interface ElementLike {
  getAttribute(name: string): string | null;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
}
declare const document: { querySelector(selector: string): ElementLike | null; getElementById(id: string): ElementLike | null };
declare const window: unknown;
declare const sessionStorage: Record<string, string>;
declare function requestAnimationFrame(callback: (time: number) => void): number;

const KEY = 'explorer-e2e-analyst-key-0001';
const SHOTS = join(repoRoot(), '.data', 'screenshots');
/** Screenshots of each view for docs/explorer.md (kept in the repository, retaken by this test). */
const DOC_SHOTS = join(repoRoot(), 'docs', 'explorer');
const VIEW_FIELDS = 'nodes { id name label } edges { id type } truncated totalCount pageInfo { hasNextPage endCursor }';

interface ApiView {
  nodes: { id: string; name: string; label: string }[];
  edges: { id: string; type: string }[];
  truncated: boolean;
  totalCount: number | null;
  pageInfo: { hasNextPage: boolean; endCursor: string | null } | null;
}
const STEP_MS = 20_000;


/** Nodes drawn, read from the data attribute the page keeps in step with the graphology graph. */
async function nodeCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('graph').getAttribute('data-node-count'));
}

/** Viewport position of a drawn node (sigma draws on a canvas, so the page exposes positions). */
async function nodePoint(page: Page, nodeId: string): Promise<{ x: number; y: number }> {
  // Let sigma render the latest graph before reading positions.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const rel = await page.evaluate((id) => {
    const hook = (window as unknown as { graphrecExplorer: { nodeViewportPosition(id: string): { x: number; y: number } | null } }).graphrecExplorer;
    return hook.nodeViewportPosition(id);
  }, nodeId);
  const box = await page.getByTestId('graph').boundingBox();
  if (!rel || !box) throw new Error(`node ${nodeId} is not drawn`);
  return { x: box.x + rel.x, y: box.y + rel.y };
}

interface DrawnLabel {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The labels sigma drew in its last frame (viewport boxes), after a frame so they belong to the current view. */
async function drawnLabels(page: Page): Promise<DrawnLabel[]> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate(() => (window as unknown as { graphrecExplorer: { drawnLabels(): DrawnLabel[] } }).graphrecExplorer.drawnLabels());
}

/**
 * Labels drawn never overlap and never run past the canvas; the ones left out are counted on the
 * page (drawn + left out = nodes) and the legend says so.
 */
async function expectLabelsReadable(page: Page, nodes: number): Promise<DrawnLabel[]> {
  const labels = await drawnLabels(page);
  const graph = page.getByTestId('graph');
  const hidden = Number(await graph.getAttribute('data-labels-hidden'));
  expect(labels.length).toBeGreaterThan(0);
  expect(labels.length + hidden).toBe(nodes);
  const box = await graph.boundingBox();
  for (const l of labels) expect({ id: l.id, inside: l.x >= 0 && l.y >= 0 && l.x + l.width <= (box?.width ?? 0) && l.y + l.height <= (box?.height ?? 0) }).toEqual({ id: l.id, inside: true });
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const [a, b] = [labels[i], labels[j]];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect({ pair: [a.id, b.id], apart }).toEqual({ pair: [a.id, b.id], apart: true });
    }
  }
  if (hidden > 0) expect(await page.getByTestId('labels-hidden').textContent()).toContain(`${hidden} labels left out`);
  return labels;
}

/** Draws of the view at `hash` since the page loaded. */
async function drawCount(page: Page, hash: string): Promise<number> {
  return page.evaluate((h) => {
    const hook = (window as unknown as { graphrecExplorer?: { renders(): { route: string }[] } }).graphrecExplorer;
    return hook?.renders().filter((r) => r.route === h).length ?? 0;
  }, hash);
}

/** Waits until the page has drawn the view at `hash` more than `before` times, then returns its counts. */
async function drawnView(page: Page, hash: string, before = 0): Promise<{ nodes: number; edges: number }> {
  await page.waitForFunction(
    ([h, n]) => {
      const hook = (window as unknown as { graphrecExplorer?: { renders(): { route: string }[] } }).graphrecExplorer;
      return (hook?.renders().filter((r) => r.route === h).length ?? 0) > Number(n);
    },
    [hash, before] as const,
  );
  const graph = page.getByTestId('graph');
  return { nodes: Number(await graph.getAttribute('data-node-count')), edges: Number(await graph.getAttribute('data-edge-count')) };
}

async function nodeLabel(page: Page, id: string): Promise<string | null> {
  return page.evaluate((nodeId) => (window as unknown as { graphrecExplorer: { nodeLabel(id: string): string | null } }).graphrecExplorer.nodeLabel(nodeId), id);
}

async function nodeIds(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { graphrecExplorer: { nodeIds(): string[] } }).graphrecExplorer.nodeIds());
}

describe('explorer web page (real Chromium, real API, real Neo4j)', () => {
  let db: GraphDb;
  let api: ApiProcess;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    const dir = tempDir('explorer');
    await generateWorld({ users: 300, seed: 5, outDir: dir });
    await ingest(db, [dir]);
    // Two segments runs, so the profiles have a size over runs to draw.
    for (let run = 0; run < 2; run++) expect((await runCli(['segment'])).code).toBe(0);
    const graph = await projectFromNeo4j(db);
    await publishEmbeddings(db, graph, plantedEmbeddings(graph), { params: { model: 'planted-e2e' } });
    api = await startApiProcess({ ...process.env, GRAPHREC_API_KEYS: `analyst:${KEY}` });
    baseUrl = api.url;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(STEP_MS);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOC_SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await db?.close();
  });

  afterEach(() => expect(pageErrors).toEqual([]));

  const apiView = async (query: string, variables: Record<string, unknown> = {}): Promise<ApiView> => {
    const a = await gql<Record<string, ApiView>>(`${baseUrl}/graphql`, KEY, query, variables);
    expect(a.errors).toBeUndefined();
    return Object.values(a.data ?? {})[0];
  };
  const expectDrawn = async (hash: string, view: ApiView): Promise<void> => {
    expect(await drawnView(page, hash)).toEqual({ nodes: view.nodes.length, edges: view.edges.length });
    // Every node labelled with its full name (products, segments) or id (users, devices).
    for (const n of view.nodes) expect(await nodeLabel(page, n.id)).toBe(n.name);
    expect(await page.getByTestId('node-list-item').count()).toBe(view.nodes.length);
  };

  it('asks for the key, refuses a wrong one with the UNAUTHENTICATED message, accepts the right one', async () => {
    await page.goto(`${baseUrl}/explorer/`);
    const input = page.getByLabel('API key', { exact: true });
    await input.fill('not-the-right-key-at-all');
    await page.getByTestId('key-submit').click();
    await page.getByTestId('key-error').waitFor({ state: 'visible' });
    expect(await page.getByTestId('key-error').textContent()).toContain('UNAUTHENTICATED');
    expect(await page.getByTestId('status').getAttribute('data-code')).toBe('UNAUTHENTICATED');
    await page.screenshot({ path: join(SHOTS, 'explorer-key-refused.png') });
    await input.fill(KEY);
    await page.getByTestId('key-submit').click();
    await page.getByTestId('search-input').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => Object.values(sessionStorage))).toContain(KEY);
  }, STEP_MS);

  it('opens on the product map: every product, labelled, sized by holders, coloured by category, as the API answers', async () => {
    const map = await apiView(`query { productMap { ${VIEW_FIELDS} } }`);
    await expectDrawn('#map', map);
    expect(map.edges.some((e) => e.type === 'CO_OWNED')).toBe(true);
    expect(await page.getByTestId('view-title').textContent()).toContain('Product map');
    const legend = (await page.getByTestId('legend').textContent()) ?? '';
    expect(legend).toContain('Product size: holders');
    expect(legend).toContain('Held together');
    expect(page.url()).toMatch(/#map$/);
    await expectLabelsReadable(page, map.nodes.length);
    await page.screenshot({ path: join(DOC_SHOTS, 'product-map.png') });
  }, STEP_MS);

  it('finds a product and opens its view (related products, holders’ segments), with a URL of its own', async () => {
    await page.getByLabel('Users', { exact: true }).uncheck();
    await page.getByTestId('search-input').fill('Doorbell');
    await page.getByTestId('search-submit').click();
    const result = page.locator('[data-testid="search-result"][data-node-id^="Product:"]').first();
    await result.waitFor();
    const productId = (await result.getAttribute('data-node-id')) as string;
    await result.click();
    const external = productId.slice('Product:'.length);
    const view = await apiView(`query P($id: ID!) { productView(productId: $id) { ${VIEW_FIELDS} } }`, { id: external });
    await expectDrawn(`#product/${encodeURIComponent(external)}`, view);
    expect(view.edges.some((e) => e.type === 'SIMILAR_TO')).toBe(true);
    expect(view.edges.some((e) => e.type === 'HOLDS')).toBe(true);
    expect(await page.getByTestId('panel-title').textContent()).toBe(view.nodes.find((n) => n.id === productId)?.name);
    // Human property names, not internal ones.
    const props = (await page.getByTestId('node-properties').textContent()) ?? '';
    expect(props).toContain('Holders');
    expect(props).not.toMatch(/holders_a|buyers_a|changedAt/);
    await page.screenshot({ path: join(DOC_SHOTS, 'product.png') });
  }, STEP_MS);

  it('shows the related items of the product with scores and explanations', async () => {
    await page.waitForFunction(() => ['ready', 'error'].includes(document.querySelector('[data-testid="related-items"]')?.getAttribute('data-state') ?? ''));
    // An error here would be shown with its code; print it rather than a bare "expected ready".
    const error = page.getByTestId('related-items-error');
    expect((await error.count()) ? await error.textContent() : 'ready').toBe('ready');
    const items = page.getByTestId('related-item');
    expect(await items.count()).toBeGreaterThan(0);
    expect(await items.first().locator('.item-name').textContent()).toBeTruthy();
    expect(await items.first().locator('.score').textContent()).toMatch(/\d\.\d{3}/);
    expect(await items.first().locator('.explanation').textContent()).toBeTruthy();
    await page.screenshot({ path: join(SHOTS, 'explorer-panel-product.png') });
  }, STEP_MS);

  it('expands a segment by double-click to its members, without duplicates', async () => {
    const before = await nodeCount(page);
    const segment = (await nodeIds(page)).find((id) => id.startsWith('Segment:'));
    expect(segment).toBeDefined();
    const at = await nodePoint(page, segment as string);
    await page.mouse.dblclick(at.x, at.y);
    await page.waitForFunction((n) => Number(document.getElementById('graph')?.dataset.nodeCount) > n, before);
    const ids = await nodeIds(page);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => id.startsWith('User:'))).toBe(true);
    // Expanding the same node again adds nothing.
    const after = await nodeCount(page);
    await page.getByTestId('expand-button').click();
    await page.waitForFunction(() => /0 new nodes/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''));
    expect(await nodeCount(page)).toBe(after);
    await page.screenshot({ path: join(SHOTS, 'explorer-expanded.png') });
  }, STEP_MS);

  it('clicking a user shows its properties, segment and recommendations section', async () => {
    const user = (await nodeIds(page)).find((id) => id.startsWith('User:')) as string;
    const at = await nodePoint(page, user);
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction(() => document.querySelector('[data-testid="user-segment"]')?.getAttribute('data-state') === 'ready');
    expect(await page.getByTestId('user-segment').textContent()).toMatch(/segment/i);
    expect(await page.getByTestId('node-properties').textContent()).toContain(user.slice('User:'.length));
    await page.waitForFunction(() => document.querySelector('[data-testid="recommendations"]')?.getAttribute('data-state') === 'ready');
    expect(await page.getByTestId('recommendation').count()).toBeGreaterThan(0);
    await page.getByTestId('color-toggle').check();
    await page.waitForFunction(() => /Segment /.test(document.querySelector('[data-testid="legend"]')?.textContent ?? ''));
    await page.screenshot({ path: join(SHOTS, 'explorer-panel-user.png') });
  }, STEP_MS);

  it('opens the user’s view: products engaged with (one edge each), devices, segment; raw events on demand', async () => {
    const user = (await page.getByTestId('panel-title').textContent()) as string;
    await page.getByTestId('color-toggle').uncheck();
    await page.getByTestId('open-view-button').click();
    const view = await apiView(`query U($id: ID!) { userView(userId: $id) { ${VIEW_FIELDS} } }`, { id: user });
    await expectDrawn(`#user/${encodeURIComponent(user)}`, view);
    expect(view.nodes.some((n) => n.label === 'Event')).toBe(false);
    await page.screenshot({ path: join(DOC_SHOTS, 'user.png') });
    await page.getByTestId('raw-events-button').click();
    await page.waitForFunction(() => /new nodes/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''));
    expect((await nodeIds(page)).some((id) => id.startsWith('Event:'))).toBe(true);
  }, STEP_MS);

  it('a shared segment URL opens its members page by page', async () => {
    const { segments } = (await gql<{ segments: { id: string; size: number }[] }>(`${baseUrl}/graphql`, KEY, '{ segments { id size } }')).data ?? { segments: [] };
    const largest = [...segments].sort((a, b) => b.size - a.size)[0];
    await page.goto(`${baseUrl}/explorer/#segment/${largest.id}`);
    const view = await apiView(`query S($id: ID!) { segmentView(segmentId: $id, first: 30) { ${VIEW_FIELDS} } }`, { id: largest.id });
    await expectDrawn(`#segment/${largest.id}`, view);
    expect(view.totalCount).toBe(largest.size);
    expect(view.nodes.filter((n) => n.label === 'User')).toHaveLength(Math.min(30, largest.size));
    // The densest view: labels readable, the segment's own label drawn.
    expect((await expectLabelsReadable(page, view.nodes.length)).map((l) => l.id)).toContain(`Segment:${largest.id}`);
    await page.screenshot({ path: join(DOC_SHOTS, 'segment.png') });
    if (view.pageInfo?.hasNextPage) {
      await page.getByTestId('next-page').click();
      const next = await apiView(`query S($id: ID!, $after: String) { segmentView(segmentId: $id, first: 30, after: $after) { ${VIEW_FIELDS} } }`, { id: largest.id, after: view.pageInfo.endCursor });
      await expectDrawn(`#segment/${largest.id}/${encodeURIComponent(view.pageInfo.endCursor as string)}`, next);
    }
  }, STEP_MS);

  it('lists segments and downloads the CSV with the key', async () => {
    await page.getByTestId('tab-segments').click();
    await page.getByTestId('segment-row').first().waitFor();
    expect(await page.getByTestId('segment-row').count()).toBeGreaterThan(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^segments.*\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split(/\r?\n/)[0]).toContain('user_id');
    expect(csv.trimEnd().split(/\r?\n/)).toHaveLength(301);
    await page.screenshot({ path: join(SHOTS, 'explorer-segments.png') });
  }, STEP_MS);

  it('draws segment profiles as charts (the API’s numbers), two side by side, and links to the members', async () => {
    const { segments } = (await gql<{ segments: { id: string; size: number; runId: string; profile: { owned: { lift: number }[]; attributes: { region: unknown[] } }; sizeOverRuns: { runId: string; size: number }[] }[] }>(
      `${baseUrl}/graphql`,
      KEY,
      '{ segments { id size runId profile sizeOverRuns { runId size } } }',
    )).data ?? { segments: [] };
    const [first, second] = [...segments].sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
    const profile = page.locator(`[data-testid="segment-profile"][data-segment-id="${first.id}"]`);
    await profile.waitFor();
    const lifts = (await profile.locator('[data-series="lift"] [data-testid="chart-bar"]').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-value')))));
    const expected = first.profile.owned.map((o) => o.lift).sort((a, b) => b - a).slice(0, 10);
    expect(lifts).toEqual(expected);
    expect(await profile.locator('[data-series="region"] [data-testid="chart-bar"]').count()).toBe(first.profile.attributes.region.length);
    // Size over the two segments runs: the API's figures, the latest being the segment's size now, drawn as a chart.
    expect(first.sizeOverRuns).toHaveLength(2);
    expect(first.sizeOverRuns[1]).toEqual({ runId: first.runId, size: first.size });
    const sizes = profile.getByTestId('size-over-runs');
    expect(await sizes.getAttribute('data-sizes')).toBe(first.sizeOverRuns.map((p) => p.size).join(','));
    expect(await sizes.getAttribute('data-runs')).toBe(first.sizeOverRuns.map((p) => p.runId).join(','));
    expect(await sizes.locator('img').count()).toBe(1);
    expect(await sizes.locator('p').textContent()).toContain(`${first.size.toLocaleString('en-US')} members in ${first.runId}`);
    await page.locator(`[data-testid="segment-row"][data-segment-id="${second.id}"] [data-testid="segment-show"]`).check();
    await page.locator(`[data-testid="segment-profile"][data-segment-id="${second.id}"]`).waitFor();
    expect(await page.getByTestId('segment-profile').count()).toBe(2);
    await page.screenshot({ path: join(DOC_SHOTS, 'segment-profiles.png'), fullPage: true });
    const before = await drawCount(page, `#segment/${first.id}`);
    await profile.getByTestId('segment-members-link').click();
    await drawnView(page, `#segment/${first.id}`, before);
    expect(await page.locator('#graph-tab').isVisible()).toBe(true);
    expect(await page.locator('#segments-tab').isVisible()).toBe(false);
  }, STEP_MS);

  it('draws the user map: every sampled user a dot in their segment\'s colour, legend counts and summary from the graph', async () => {
    await page.getByTestId('tab-segments').click();
    const legend = page.getByTestId('user-map-legend');
    await legend.waitFor();
    const dots = await page.getByTestId('user-map-dot').evaluateAll((ds) =>
      ds.map((d) => ({ user: (d.querySelector('title')?.textContent ?? '').split(' · ')[0], segment: d.getAttribute('data-segment-id') ?? '', fill: d.getAttribute('fill') })),
    );
    // 300 users and a default sample of 400: every user with a vector is drawn (the planted run gives each one).
    const [{ users }] = await db.read<{ users: number }>('MATCH (u:User) RETURN count(u) AS users');
    expect(dots).toHaveLength(users);
    const membership = new Map(
      (await db.read<{ user: string; segment: string }>(
        "MATCH (r:Run {kind: 'segments', current: true}) MATCH (u:User)-[:IN_SEGMENT]->(s:Segment {runId: r.id}) RETURN u.id AS user, s.segmentId AS segment",
      )).map((r) => [r.user, r.segment]),
    );
    for (const dot of dots) expect(dot.segment).toBe(membership.get(dot.user) ?? '');
    // One colour per segment, and the legend counts what is drawn.
    const colours = new Map<string, Set<string | null>>();
    for (const dot of dots) colours.set(dot.segment, (colours.get(dot.segment) ?? new Set()).add(dot.fill));
    expect([...colours.values()].every((c) => c.size === 1)).toBe(true);
    const entries = await page.getByTestId('user-map-legend-entry').evaluateAll((es) => es.map((e) => ({ segment: e.getAttribute('data-segment-id') ?? '', count: Number(e.getAttribute('data-count')) })));
    expect(entries.reduce((n, e) => n + e.count, 0)).toBe(dots.length);
    for (const e of entries) expect(e.count).toBe(dots.filter((d) => d.segment === e.segment).length);
    expect(await page.getByTestId('user-map-summary').textContent()).toContain(`${users} of ${users} users`);
    await page.getByTestId('user-map').screenshot({ path: join(DOC_SHOTS, 'user-map.png') });
  }, STEP_MS);

  it('the Runs tab lists the flow runs, draws the newest one’s steps on a time axis and charts their metrics over runs', async () => {
    // Two recorded runs of the daily flow (the engine's own store; running the flow is flows-daily.spec's job).
    const store = new Neo4jFlowStore(db);
    for (const [i, validation, moved] of [[1, 0.41, 0], [2, 0.43, 12]] as const) {
      const id = `daily-2026120${i}T030000Z-000${i}`;
      await store.createRun({ id, flow: 'daily', steps: ['embeddings', 'segments'], startedAt: `2026-12-0${i}T03:00:00.000Z` });
      await store.stepStarted(id, 'embeddings', `2026-12-0${i}T03:00:01.000Z`);
      await store.stepFinished(id, 'embeddings', { status: 'complete', finishedAt: `2026-12-0${i}T03:05:00.000Z`, seconds: 299, metrics: { validation } });
      await store.stepStarted(id, 'segments', `2026-12-0${i}T03:05:01.000Z`);
      await store.stepFinished(id, 'segments', { status: 'complete', finishedAt: `2026-12-0${i}T03:06:00.000Z`, seconds: 59, metrics: { usersMoved: moved, modularity: 0.5 } });
      await store.finishRun(id, 'complete', `2026-12-0${i}T03:06:00.000Z`);
    }
    await page.getByTestId('tab-runs').click();
    await page.locator('[data-testid="run-row"]').first().waitFor();
    expect(await page.locator('[data-testid="run-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')))).toEqual(['daily-20261202T030000Z-0002', 'daily-20261201T030000Z-0001']);
    // The newest run's steps on a time axis, its figures in the alt text.
    const timeline = page.locator('[data-testid="run-timeline"][data-run-id="daily-20261202T030000Z-0002"] img');
    await timeline.waitFor();
    expect(await timeline.getAttribute('alt')).toBe('Steps of daily-20261202T030000Z-0002: embeddings 1.0–300 s (complete); segments 301–360 s (complete)');
    const validation = page.locator('[data-testid="run-chart"][data-metric="validation"] img');
    await validation.waitFor();
    expect(await validation.getAttribute('alt')).toContain('run 1: 0.41; run 2: 0.43');
    expect(await page.locator('[data-testid="run-chart"]').evaluateAll((f) => f.map((x) => x.getAttribute('data-metric')))).toEqual(['validation', 'modularity', 'usersMoved']);
    await page.screenshot({ path: join(DOC_SHOTS, 'runs.png'), fullPage: true });
  }, STEP_MS);
});
