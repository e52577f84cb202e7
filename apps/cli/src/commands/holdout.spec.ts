import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphrec } from '../testing/run-graphrec';

interface Share {
  share: number;
  substitutes: number;
  items: number;
}

interface HoldoutReport {
  k: number;
  pairs: number;
  results: Record<string, { hitRate: number; userHitRate: number; related: { hitRate: number; pairs: number }; shareOfOracle?: number; substituteShareTop5?: Share }>;
  oracle?: { hitRate: number; userHitRate: number; substituteShareTop5: Share };
  heldBack: { purchases: number; users: number; substituteShare?: Share };
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

    // The oracle ranks by the purchase model the held-back purchases were drawn from.
    const { oracle, heldBack } = report;
    expect(oracle).toBeDefined();
    expect(oracle!.hitRate).toBeGreaterThan(popularity.hitRate);
    expect(heldBack.purchases).toBe(report.pairs);
    for (const r of [popularity, cooccurrence]) {
      expect(r.shareOfOracle).toBeCloseTo(r.hitRate / oracle!.hitRate, 12);
      // Every held-out user's top 5 is scored (the catalogue has far more than 5 + owned products).
      expect(r.substituteShareTop5!.items).toBe(5 * heldBack.users);
      expect(r.substituteShareTop5!.share).toBeCloseTo(r.substituteShareTop5!.substitutes / r.substituteShareTop5!.items, 12);
    }
    // Customers rarely buy a substitute of a device or plan they have: fewer of their purchases are
    // substitutes than even the oracle's top 5 holds (five places, filled from few eligible products).
    expect(heldBack.substituteShare!.share).toBeLessThan(oracle!.substituteShareTop5.share);
    expect(result.stdout).toMatch(/held-back purchases that substitute a held main device or plan: 0\.\d{4} \(\d+ of \d+\)/);
    expect(result.stdout).toMatch(/^oracle +\d\.\d{4} +1\.0000/m);

    // A world generated before the purchase model: the hit rates as before, no oracle.
    unlinkSync(join(world, 'truth', 'purchase_model.json'));
    const old = await graphrec(['evaluate-holdout', '--path', world, '--k', '5', '--models', 'popularity', '--json', out]);
    expect(old.code).toBe(0);
    expect(old.stdout).toContain('oracle and substitute shares skipped');
    const oldReport = JSON.parse(readFileSync(out, 'utf8')) as HoldoutReport;
    expect(oldReport.oracle).toBeUndefined();
    expect(oldReport.results.popularity.hitRate).toBe(popularity.hitRate);
    expect(oldReport.results.popularity.shareOfOracle).toBeUndefined();

    const unknown = await graphrec(['evaluate-holdout', '--path', world, '--models', 'bivae']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown model(s) bivae');
  }, 240_000);

  it('refuses a folder without held-back purchases', async () => {
    const missing = await graphrec(['evaluate-holdout', '--path', dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('holdout_purchases.csv not found');
  }, 60_000); // a real process: its start-up alone can exceed jest's 5 s default on a loaded machine
});
