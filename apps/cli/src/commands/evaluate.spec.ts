import { repoRoot } from '@graphrec/neo4j';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { graphrec } from '../testing/run-graphrec';
import { MODELS, registerModel } from './evaluate';

// page.evaluate callbacks run in the browser; the root tsconfig has no DOM lib, so declare the little they touch.
interface ElementLike {
  getAttribute(name: string): string | null;
  closest(selector: string): ElementLike | null;
}
declare const document: { querySelectorAll(selector: string): ArrayLike<ElementLike> };

const movielens = process.env.MOVIELENS_100K_DIR ?? join(repoRoot(), '..', 'shared', 'datasets', 'movielens-100k');

interface Report {
  protocol: string;
  k: number;
  seeds: number;
  results: Record<string, { mean: Record<string, number>; std: Record<string, number>; runs: number }>;
}

describe('graphrec evaluate (real process, MovieLens 100K)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evaluate-'));

  it('scores the baselines on held-out data over several split seeds', async () => {
    const out = join(dir, 'ml.json');
    const result = await graphrec(['evaluate', '--path', movielens, '--seeds', '2', '--json', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('item-stratified split of 100000 interactions');
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report).toMatchObject({ protocol: 'item-stratified', k: 10, seeds: 2 });
    const { popularity, cooccurrence } = report.results;
    expect(cooccurrence.runs).toBe(2);
    for (const metric of ['map', 'ndcg', 'precision', 'recall']) {
      expect(cooccurrence.mean[metric]).toBeGreaterThan(popularity.mean[metric]);
      expect(cooccurrence.mean[metric]).toBeLessThan(1);
    }
  }, 60_000);

  it('runs the temporal protocol on an interactions CSV', async () => {
    const csv = join(dir, 'log.csv');
    const rows = ['user_id,item_id,weight,timestamp'];
    for (let u = 0; u < 40; u++) for (let i = 0; i < 10; i++) rows.push(`u${u},i${(u + i * 3) % 25},1,${1000 + i}`);
    writeFileSync(csv, rows.join('\n') + '\n');
    const result = await graphrec(['evaluate', '--format', 'interactions', '--path', csv, '--protocol', 'temporal', '--k', '5']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/temporal split of 400 interactions \(40 users, 25 items\), k 5/);
  }, 30_000);

  it('writes a self-contained HTML report that Chromium draws: bars with error bars and the table, per protocol', async () => {
    const csv = join(dir, 'plays.csv');
    const rows = ['user_id,item_id,weight,timestamp'];
    for (let u = 0; u < 60; u++) for (let i = 0; i < 12; i++) rows.push(`u${u},i${(u % 6) * 4 + ((i * 7) % 30)},${1 + ((u * i) % 9)},${1000 + ((i * 7 + u) % 12)}`);
    writeFileSync(csv, rows.join('\n') + '\n');
    const html = join(dir, 'report.html');
    const json = join(dir, 'report.json');
    const args = ['evaluate', '--format', 'interactions', '--path', csv, '--protocol', 'item-stratified,temporal', '--seeds', '2', '--k', '5'];
    const result = await graphrec([...args, '--models', 'itemknn,popularity', '--report', html, '--json', json]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('temporal split of 720 interactions');
    expect(result.stdout).toMatch(/chosen on validation:\n {2}itemknn: weighting=/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report & { protocols: Record<string, { seeds: number[] }> };
    expect(report).toMatchObject({ protocol: 'item-stratified', seeds: 2 });
    expect(report.results.itemknn.runs).toBe(2);
    expect(report.protocols.temporal.seeds).toEqual([42]);

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${html}`);
      const bars = await page.evaluate(() =>
        Array.from(document.querySelectorAll('svg.chart rect.bar'), (e) => ({
          protocol: e.closest('svg')?.getAttribute('data-protocol'),
          model: e.getAttribute('data-model'),
          metric: e.getAttribute('data-metric'),
          height: Number(e.getAttribute('height')),
        })),
      );
      // 2 protocols × 2 models × 4 metrics, each bar drawn with a height, each with an error bar.
      expect(bars).toHaveLength(16);
      expect(new Set(bars.map((b) => b.protocol))).toEqual(new Set(['item-stratified', 'temporal']));
      expect(bars.filter((b) => b.model === 'itemknn' && b.height > 0)).toHaveLength(8);
      expect(await page.locator('svg.chart g.error-bar').count()).toBe(16);
      const rows = await page.locator('table.results[data-protocol="item-stratified"] tbody tr').allTextContents();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatch(/^itemknn0\.\d{4} ± 0\.\d{4}/);
      expect(await page.locator('table.results[data-protocol="temporal"] tbody tr').count()).toBe(2);
      expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('has a registry a model is added to in one line', () => {
    expect(Object.keys(MODELS)).toEqual(expect.arrayContaining(['ease', 'itemknn', 'graphsage', 'cooccurrence', 'popularity']));
    expect(() => registerModel('ease', MODELS.ease)).toThrow(/already registered/);
  });

  it('refuses an unknown model or a missing path with exit 2', async () => {
    const model = await graphrec(['evaluate', '--path', movielens, '--models', 'magic']);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('unknown model(s) magic');
    const path = await graphrec(['evaluate', '--path', join(dir, 'nope')]);
    expect(path.code).toBe(2);
    expect(path.stderr).toContain('no such file or folder');
  }, 30_000); // two process starts; loading TensorFlow.js alone can take seconds on a busy machine
});
