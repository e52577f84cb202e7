import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphrec } from '../testing/run-graphrec';

interface HoldoutReport {
  k: number;
  pairs: number;
  results: Record<string, { hitRate: number; userHitRate: number; related: { hitRate: number; pairs: number } }>;
}

describe('graphrec evaluate-holdout (real process, generated world)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holdout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("scores recommendations and related items on the world's held-back purchases", async () => {
    const world = join(dir, 'world');
    expect((await graphrec(['generate', '--users', '3000', '--seed', '5', '--out', world])).code).toBe(0);
    const out = join(dir, 'holdout.json');
    const result = await graphrec(['evaluate-holdout', '--path', world, '--k', '5', '--models', 'popularity,cooccurrence', '--json', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/related items scored on \d+ \(product the user had, held-back purchase\) pairs/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as HoldoutReport;
    expect(report.k).toBe(5);
    expect(report.pairs).toBeGreaterThan(20);
    const { popularity, cooccurrence } = report.results;
    for (const r of [popularity, cooccurrence]) {
      expect(r.related.pairs).toBeGreaterThan(0);
      for (const rate of [r.hitRate, r.userHitRate, r.related.hitRate]) expect(rate).toBeGreaterThanOrEqual(0), expect(rate).toBeLessThanOrEqual(1);
    }
    // Personal co-occurrence beats one list for everyone on this world's purchase funnels.
    expect(cooccurrence.hitRate).toBeGreaterThan(popularity.hitRate);

    const unknown = await graphrec(['evaluate-holdout', '--path', world, '--models', 'bivae']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown model(s) bivae');
  }, 120_000);

  it('refuses a folder without held-back purchases', async () => {
    const missing = await graphrec(['evaluate-holdout', '--path', dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('holdout_purchases.csv not found');
  });
});
