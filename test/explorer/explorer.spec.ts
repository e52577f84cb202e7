/**
 * The analysts' explorer in a real headless Chromium, against the real API and a real Neo4j with
 * a small generated world: key prompt, search, neighbourhood drawing, expansion, side panel,
 * segment overview and CSV download. Screenshots go to .data/screenshots/explorer-*.png.
 */
import { generateWorld } from '@graphrec/datagen';
import { ingest } from '@graphrec/ingest';
import { GraphDb, repoRoot } from '@graphrec/neo4j';
import { HeteroGraph, projectFromNeo4j } from '@graphrec/projection';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { GraphEmbeddings, publishEmbeddings } from '@graphrec/writeback';
import { runCli } from '../support/cli';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { resetDb, tempDir, testDb } from '../support/db';

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
const STEP_MS = 20_000;


/**
 * Deterministic stand-in embeddings (training a GraphSAGE model is not what this test is about):
 * enough for a served embeddings run, so related items and recommendations have something to show.
 */
function plantedEmbeddings(graph: HeteroGraph, dimension = 8): GraphEmbeddings {
  const fill = (count: number, salt: number): Float32Array => {
    const out = new Float32Array(count * dimension);
    for (let i = 0; i < count; i++) {
      const v = Array.from({ length: dimension }, (_, d) => Math.sin((i + 1) * (d + 1) * 0.7 + salt) + 1.1);
      const norm = Math.hypot(...v);
      v.forEach((x, d) => (out[i * dimension + d] = x / norm));
    }
    return out;
  };
  return { dimension, User: fill(graph.nodes.User.size, 1), Product: fill(graph.nodes.Product.size, 2) };
}

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
    const segment = await runCli(['segment']);
    expect(segment.code).toBe(0);
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
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await db?.close();
  });

  afterEach(() => expect(pageErrors).toEqual([]));

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

  it('finds a product and draws its neighbourhood', async () => {
    await page.getByLabel('Users', { exact: true }).uncheck();
    await page.getByTestId('search-input').fill('Doorbell');
    await page.getByTestId('search-submit').click();
    const result = page.locator('[data-testid="search-result"][data-node-id^="Product:"]').first();
    await result.waitFor();
    const productId = await result.getAttribute('data-node-id');
    await result.click();
    await page.waitForFunction(() => Number(document.getElementById('graph')?.dataset.nodeCount) > 1);
    expect(await nodeIds(page)).toContain(productId);
    expect(await page.getByTestId('panel-title').textContent()).toBeTruthy();
    expect((await page.getByTestId('legend-entry').allTextContents()).join(' ')).toContain('Product');
    await page.screenshot({ path: join(SHOTS, 'explorer-neighbourhood.png') });
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

  it('expands a device by double-click: its owner and events are added without duplicates', async () => {
    const before = await nodeCount(page);
    const device = (await nodeIds(page)).find((id) => id.startsWith('Device:'));
    expect(device).toBeDefined();
    const at = await nodePoint(page, device as string);
    await page.mouse.dblclick(at.x, at.y);
    await page.waitForFunction((n) => Number(document.getElementById('graph')?.dataset.nodeCount) > n, before);
    const ids = await nodeIds(page);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => id.startsWith('User:'))).toBe(true);
    // Expanding the same node again adds nothing.
    const after = await nodeCount(page);
    await page.getByTestId('expand-button').click();
    await page.waitForFunction(() => /new nodes/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''));
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
});
