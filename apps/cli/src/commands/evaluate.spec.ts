import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDataset } from '../../../../libs/eval/src/testing/datasets';
import { graphrec } from '../testing/run-graphrec';

const movielensTests = withDataset('movielens-100k');
const movielens = movielensTests.dir;

interface Report {
  protocol: string;
  k: number;
  seeds: number;
  results: Record<string, { mean: Record<string, number>; std: Record<string, number>; runs: number }>;
}

describe('graphrec evaluate (real process, MovieLens 100K)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evaluate-'));

  movielensTests.it('scores the baselines on held-out data over several split seeds', async () => {
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
  });

  it('refuses an unknown model or a missing path with exit 2', async () => {
    const model = await graphrec(['evaluate', '--path', movielens, '--models', 'magic']);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('unknown model(s) magic');
    const path = await graphrec(['evaluate', '--path', join(dir, 'nope')]);
    expect(path.code).toBe(2);
    expect(path.stderr).toContain('no such file or folder');
  });
});
