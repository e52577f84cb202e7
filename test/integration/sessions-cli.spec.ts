import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { tempDir } from '../support/db';

// No database: `generate`, `sessions` and `evaluate --format sessions` work on files alone.
describe('graphrec sessions and evaluate --format sessions (real process)', () => {
  const dir = tempDir('sessions');
  const world = join(dir, 'world');
  const log = join(dir, 'sessions.csv');

  beforeAll(async () => {
    const gen = await runCli(['generate', '--users', '300', '--seed', '7', '--out', world]);
    expect(gen.code).toBe(0);
  });

  it('converts a generated world to a session log', async () => {
    const r = await runCli(['sessions', '--path', world, '--out', log]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*sessions\.csv: \d+ sessions, \d+ events \(30-minute gap/);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('session_id,item_id,timestamp,user_id');
    expect(lines.length).toBeGreaterThan(100);
  });

  it('evaluates every model on it and writes the JSON the issue specifies', async () => {
    const out = join(dir, 'eval.json');
    const models = join(dir, 'models');
    const r = await runCli(['evaluate', '--format', 'sessions', '--path', log, '--protocol', 'last-session', '--models', 'hrnn,gru4rec,sknn,vsknn,lastitem,spop', '--json', out, '--model-dir', models, '--epochs', '2'], {
      ...process.env,
      GRAPHREC_TF_BACKEND: 'wasm',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.protocol).toBe('last-session');
    expect(report.k).toEqual([5, 20]);
    expect(Object.keys(report.results)).toEqual(['hrnn', 'gru4rec', 'sknn', 'vsknn', 'lastitem', 'spop']);
    for (const m of Object.values(report.results) as Record<string, number>[]) {
      for (const key of ['recall@5', 'mrr@5', 'recall@20', 'mrr@20']) expect(m[key]).toBeGreaterThanOrEqual(0);
      expect(m['recall@20']).toBeGreaterThanOrEqual(m['recall@5']);
      expect(m['mrr@5']).toBeLessThanOrEqual(m['recall@5']);
      expect(typeof m.train_seconds).toBe('number');
    }
    // Spop ranks items seen in the prefix first: on this world (view → cart → purchase of one product) it is far above chance.
    expect(report.results.spop['mrr@5']).toBeGreaterThan(0.3);
    expect(existsSync(join(models, 'hrnn', 'model.json'))).toBe(true);
    expect(existsSync(join(models, 'gru4rec', 'weights.bin'))).toBe(true);
  });

  it('quarantines bad rows and refuses bad arguments with exit 2 and no stack trace', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'session_id,item_id,timestamp\ns1,a,2024-01-01T00:00:00Z\ns1,b,not-a-time\ns1,c,1704067300\ns2,a,1704067200\ns2,c,1704067260\n');
    const r = await runCli(['evaluate', '--format', 'sessions', '--path', bad, '--protocol', 'temporal', '--test-days', '1', '--models', 'spop']);
    expect(r.code).toBe(2); // everything is in the last day: no train sessions
    expect(r.stderr).toMatch(/^graphrec evaluate: the temporal split leaves 0 train/);
    const q = readFileSync(`${bad}.rejected.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(q).toEqual([expect.objectContaining({ line: 3, reason: expect.stringContaining('neither ISO 8601 nor epoch seconds') })]);
    const unknown = await runCli(['evaluate', '--format', 'sessions', '--path', log, '--models', 'hrnn,magic']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown model(s) magic');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
