import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphrec } from '../testing/run-graphrec';

describe('graphrec simulate and ope (real process, small simulated world)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'decide-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const world = ['--users', '300', '--seed', '5'];

  it('logs decisions as JSON lines and evaluates a policy on them', async () => {
    const logs = join(dir, 'uniform.jsonl');
    const json = join(dir, 'sim.json');
    const sim = await graphrec(['simulate', '--policy', 'uniform', '--rounds', '400', ...world, '--logs', logs, '--json', json]);
    expect(sim.code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(json, 'utf8'))).sort()).toEqual(['policy', 'regret', 'regret_fixed', 'reward', 'rounds', 'seed', 'true_value']);
    const lines = readFileSync(logs, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(400);
    expect(Object.keys(lines[0]).sort()).toEqual(['action', 'actions', 'context', 'policy', 'propensity', 'reward', 'round', 'user_id', 'value']);
    expect(lines[0].propensity).toBeCloseTo(1 / lines[0].actions.length, 12);
    expect(lines[0].context).not.toHaveProperty('customer_type');

    const out = join(dir, 'ope.json');
    const ope = await graphrec(['ope', '--logs', logs, '--policy', 'popularity', ...world, '--estimators', 'ips,snips,dr,replay', '--json', out, '--dump', join(dir, 'dump'), '--bootstrap', '50']);
    expect(ope.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ policy: 'popularity', rounds: 400 });
    for (const name of ['ips', 'snips', 'dr', 'replay']) expect(Object.keys(report.estimators[name]).sort()).toEqual(['ci_high', 'ci_low', 'ess', 'value']);
    const dumped = readFileSync(join(dir, 'dump', 'ope_rounds.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(dumped).toHaveLength(400);
    expect(dumped[0].target_probabilities).toHaveLength(dumped[0].actions.length);
    expect(dumped[0].reward_predictions).toHaveLength(dumped[0].actions.length);

    const model = join(dir, 'offline.json');
    const learn = await graphrec(['learn-policy', '--logs', logs, '--out', model, '--json', join(dir, 'learn.json')]);
    expect([learn.code, learn.stdout]).toEqual([0, expect.stringContaining('learned policy dr')]);
    expect(learn.stdout).toMatch(/±10% needs about [\d,]+ logged decisions \(this log: 400\)/);
    expect(JSON.parse(readFileSync(join(dir, 'learn.json'), 'utf8')).rounds_for_10_percent).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(model, 'utf8'))).toMatchObject({ policy: 'offline-dr-pessimistic', key: 'segment-product' });
    expect((await graphrec(['simulate', '--policy', model, '--rounds', '100', ...world])).code).toBe(0);
  });

  it('freezes a learner into a model file that simulate and ope accept', async () => {
    const model = join(dir, 'thompson.json');
    expect((await graphrec(['simulate', '--policy', 'thompson', '--rounds', '300', ...world, '--save-model', model])).code).toBe(0);
    expect(JSON.parse(readFileSync(model, 'utf8'))).toMatchObject({ schema: 'graphrec.policy-model/1', policy: 'thompson', form: 'table' });
    const sim = await graphrec(['simulate', '--policy', model, '--rounds', '200', ...world]);
    expect([sim.code, sim.stdout]).toEqual([0, expect.stringContaining('model:thompson')]);
  });

  it('draws regret curves: one line per policy', async () => {
    const chart = join(dir, 'regret.svg');
    const run = await graphrec(['simulate', '--policies', 'uniform,thompson,contextual', '--seeds', '2', '--rounds', '300', ...world, '--chart', chart]);
    expect(run.code).toBe(0);
    const svg = readFileSync(chart, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const name of ['uniform', 'thompson', 'contextual']) expect(svg.match(new RegExp(`class="line" data-series="${name}"`, 'g'))).toHaveLength(1);
    expect(svg.match(/class="line"/g)).toHaveLength(3);
  });

  it('refuses bad input with one clear line and exit 2', async () => {
    const unknown = await graphrec(['simulate', '--policy', 'greedy-ish', '--rounds', '10', ...world]);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, expect.stringMatching(/^graphrec simulate: unknown policy "greedy-ish": use one of uniform, .*model file/)]);
    const negative = await graphrec(['simulate', '--policy', 'uniform', '--rounds', '-5']);
    expect([negative.code, negative.stderr]).toEqual([2, expect.stringContaining('--rounds must be a whole number')]);
    const bad = join(dir, 'bad.jsonl');
    const ok = '{"round":0,"user_id":"U1","context":{},"actions":["A","B"],"action":"A","propensity":0.5,"reward":0,"value":0,"policy":"uniform"}';
    writeFileSync(bad, `${ok}\n${ok.replace('"propensity":0.5', '"propensity":0')}\n`);
    const zero = await graphrec(['ope', '--logs', bad, '--policy', 'uniform']);
    expect([zero.code, zero.stderr.trim()]).toEqual([2, `graphrec ope: ${bad}: line 2: propensity must be in (0, 1], got 0`]);
    writeFileSync(bad, `${ok}\n{not json\n`);
    const malformed = await graphrec(['ope', '--logs', bad, '--policy', 'uniform']);
    expect([malformed.code, malformed.stderr.trim()]).toEqual([2, `graphrec ope: ${bad}: line 2: not valid JSON`]);
    const learner = await graphrec(['ope', '--logs', bad.replace('bad', 'missing'), '--policy', 'thompson']);
    expect(learner.code).toBe(2);
    const learnBad = await graphrec(['learn-policy', '--logs', bad, '--out', join(dir, 'never.json')]);
    expect([learnBad.code, learnBad.stderr.trim()]).toEqual([2, `graphrec learn-policy: ${bad}: line 2: not valid JSON`]);
    for (const r of [unknown, negative, zero, malformed, learner, learnBad]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
