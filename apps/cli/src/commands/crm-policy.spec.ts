import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphrec } from '../testing/run-graphrec';

describe('graphrec crm-policy (real process, small simulated world)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the three policies: exact 12-week value, FQE estimate and its error; writes JSON and a chart', async () => {
    const json = join(dir, 'crm.json');
    const chart = join(dir, 'crm.svg');
    const run = await graphrec(['crm-policy', '--users', '400', '--seed', '5', '--json', json, '--chart', chart]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('sequential (conservative FQI)');
    const result = JSON.parse(readFileSync(json, 'utf8'));
    expect(result).toMatchObject({ users: 400, seed: 5, weeks: 12, epsilon: 0.2, log: { train_users: 200, held_out_users: 200 } });
    expect(result.policies.map((p: { name: string }) => p.name)).toEqual(['logging (epsilon-popularity)', 'one-step (myopic)', 'sequential (conservative FQI)']);
    for (const p of result.policies) {
      expect(p.true_value).toBeGreaterThan(0);
      expect(p.by_week).toHaveLength(12);
      expect(p.fqe_error).toBeCloseTo(Math.abs(p.fqe - p.true_value) / p.true_value, 12);
    }
    const svg = readFileSync(chart, 'utf8');
    expect(svg.match(/class="line"/g)).toHaveLength(3);
  });

  it('refuses bad options with one line and exit 2', async () => {
    const bad = await graphrec(['crm-policy', '--epsilon', '1.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--epsilon/);
  });
});
