/**
 * The options tried for HRNN's margin (docs/sequences.md, session 9): the "seen in an earlier
 * session" step input, dropout and seed ensembles. Each stays seeded, and each off is the model as
 * before.
 */
import { initTf } from '@graphrec/gnn';
import { SeedEnsemble } from './ensemble';
import { LaneScheduler } from './lanes';
import { NeuralSessionModel } from './neural';
import { nextItemSplit } from './protocol';
import { evaluateSessions } from './recommender';
import { StepModel } from './step-model';
import type { Session } from './types';

beforeAll(() => initTf());

const s = (id: string, user: string | undefined, start: number, items: string[]): Session => ({ id, user, items, times: items.map((_, i) => start + i) });

describe('the seen-before step input', () => {
  it('flags an input item that occurred in an earlier session of the stream (short sessions count), and resets per stream', () => {
    const enc = (items: number[], user = 0) => ({ user, start: 0, items: Int32Array.from(items) });
    const lanes = new LaneScheduler([{ sessions: [enc([9]), enc([1, 2]), enc([2, 9, 1]), enc([3, 1])] }, { sessions: [enc([1, 2], 1)] }], 1);
    const got: string[] = [];
    for (let st = lanes.advance(); st; st = lanes.advance()) got.push(`${st.input[0]}${st.seen[0] ? '*' : ''}`);
    // 9 was in a one-item session before; in the third session 2 and 9 are seen, 1 too; the next user starts clean.
    expect(got).toEqual(['1', '2*', '9*', '3', '1']);
  });
});

describe('training options', () => {
  const sessions: Session[] = [];
  for (let u = 0; u < 40; u++) {
    for (let k = 0; k < 3; k++) {
      const a = (u + k) % 4;
      sessions.push(s(`${u}-${k}`, `u${u}`, k * 10_000 + u, [`i${2 * a}`, `i${2 * a + 1}`, `i${(2 * a + 3) % 8}`]));
    }
  }
  const split = nextItemSplit(sessions, { protocol: 'last-session' });
  const data = { train: split.train, nItems: split.itemIds.length, nUsers: split.userIds.length, popularity: split.popularity };
  const base = { embedding: 6, hidden: 6, userHidden: 6, batch: 8, maxEpochs: 2, learningRate: 0.02, refit: false };
  const fitted = async (options: object) => {
    const m = new NeuralSessionModel('hrnn', { protocol: 'last-session' }, { ...base, ...options });
    await m.fit(data);
    const metrics = await evaluateSessions(m, split.train, split.test);
    // The trained output table: what "changes the model" compares (metrics on 80 predictions are coarse).
    const table = Array.from(m.net!.snapshot().items_out.values);
    m.net?.dispose();
    return { metrics, table };
  };

  it('dropout and the seen-before input change the model and stay seeded; the served step model refuses the input', async () => {
    const plain = await fitted({});
    for (const options of [{ embeddingDropout: 0.3 }, { hiddenDropout: 0.3 }, { seenInput: true }]) {
      const a = await fitted(options);
      expect(await fitted(options)).toEqual(a);
      expect(a).not.toEqual(plain);
    }
    const m = new NeuralSessionModel('hrnn', { protocol: 'last-session' }, { ...base, seenInput: true, maxEpochs: 1 });
    await m.fit(data);
    expect(() => new StepModel({ config: m.net!.config, itemIds: split.itemIds }, m.net!.snapshot())).toThrow(/evaluation-only/);
    m.net?.dispose();
    await expect(fitted({ embeddingDropout: 1 })).rejects.toThrow(/dropout must be in/);
  });

  it('weight averaging: SWA keeps the mean of the last epochs’ weights; EMA changes the model, stays seeded and is served as one network', async () => {
    // Anonymous sessions leave the carve empty, so every fit trains maxEpochs epochs on all of them.
    const anon = { ...data, train: data.train.map((t) => ({ ...t, user: -1 })) };
    const weights = async (options: object) => {
      const m = new NeuralSessionModel('hrnn', { protocol: 'last-session' }, { ...base, refit: true, ...options });
      await m.fit(anon);
      const w = m.net!.snapshot();
      m.net?.dispose();
      return w;
    };
    const [w1, w2, swa] = [await weights({ maxEpochs: 1 }), await weights({ maxEpochs: 2 }), await weights({ maxEpochs: 2, swaEpochs: 2 })];
    expect(Object.keys(swa).sort()).toEqual(Object.keys(w2).sort());
    for (const name of Object.keys(swa)) swa[name].values.forEach((x, i) => expect(x).toBeCloseTo((w1[name].values[i] + w2[name].values[i]) / 2, 6));
    const plain = await fitted({});
    const ema = await fitted({ emaEpochs: 1 });
    expect(await fitted({ emaEpochs: 1 })).toEqual(ema);
    expect(ema).not.toEqual(plain);
    const m = new NeuralSessionModel('hrnn', { protocol: 'last-session' }, { ...base, emaEpochs: 1 });
    await m.fit(data);
    expect(() => new StepModel({ config: m.net!.config, itemIds: split.itemIds }, m.net!.snapshot())).not.toThrow();
    m.net?.dispose();
    await expect(fitted({ emaEpochs: 1, swaEpochs: 2 })).rejects.toThrow(/choose one way/);
    await expect(fitted({ emaEpochs: -1 })).rejects.toThrow(/emaEpochs must be/);
  });

  it('without the carve (a twin of a fitted model): exactly the given epochs on all of train, the same network as that model’s refit', async () => {
    const weightsOf = (m: NeuralSessionModel) => {
      const w = m.net!.snapshot();
      m.net?.dispose();
      return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Array.from(v.values)]));
    };
    const served = new NeuralSessionModel('hrnn', { protocol: 'last-session' }, { ...base, refit: true, maxEpochs: 3, emaEpochs: 1, hiddenDropout: 0.2 });
    await served.fit(data);
    expect(served.epochs.length).toBeGreaterThan(0);
    const chosen = served.chosenEpochs;
    const twin = new NeuralSessionModel('hrnn', { protocol: 'last-session' }, { ...served.options, carve: false, maxEpochs: chosen });
    await twin.fit(data);
    // No validation epochs: nothing was held out, nothing chosen again.
    expect(twin.epochs).toEqual([]);
    expect(twin.chosenEpochs).toBe(chosen);
    expect(weightsOf(twin)).toEqual(weightsOf(served));
    // Fewer epochs: another network.
    if (chosen > 1) {
      const shorter = new NeuralSessionModel('hrnn', { protocol: 'last-session' }, { ...served.options, carve: false, maxEpochs: chosen - 1 });
      await shorter.fit(data);
      const again = new NeuralSessionModel('hrnn', { protocol: 'last-session' }, { ...served.options, carve: false, maxEpochs: chosen });
      await again.fit(data);
      expect(weightsOf(shorter)).not.toEqual(weightsOf(again));
    }
  });

  it('distillation from teachers of other seeds changes the model, stays seeded, and checks its options', async () => {
    const plain = await fitted({ refit: true });
    const distilled = await fitted({ refit: true, distillSeeds: 2, distillWeight: 0.5 });
    expect(await fitted({ refit: true, distillSeeds: 2, distillWeight: 0.5 })).toEqual(distilled);
    expect(distilled).not.toEqual(plain);
    // Weight 1 learns from the teachers alone: another model again.
    expect(await fitted({ refit: true, distillSeeds: 2, distillWeight: 1 })).not.toEqual(distilled);
    await expect(fitted({ distillSeeds: 1, distillWeight: 0 })).rejects.toThrow(/distillWeight must be/);
    await expect(fitted({ distillSeeds: 9 })).rejects.toThrow(/distillSeeds must be/);
  });

  it('a seed ensemble scores by the mean of its members’ softmax probabilities', async () => {
    const ens = new SeedEnsemble('hrnn', { protocol: 'last-session' }, { ...base, seed: 3, seeds: 2 });
    await ens.fit(data);
    expect(ens.members.map((m) => m.options.seed)).toEqual([3, 4]);
    const softmax = (v: Float32Array) => {
      const max = Math.max(...v);
      const e = Array.from(v, (x) => Math.exp(x - max));
      const z = e.reduce((a, b) => a + b, 0);
      return e.map((x) => x / z);
    };
    const members: Map<string, number[]>[] = [];
    for (const m of ens.members) {
      const seen = new Map<string, number[]>();
      await m.score(split.train, split.test, (i, pos, scores) => seen.set(`${i}:${pos}`, softmax(scores)));
      members.push(seen);
    }
    let checked = 0;
    await ens.score(split.train, split.test, (i, pos, scores) => {
      const a = members[0].get(`${i}:${pos}`) as number[];
      const b = members[1].get(`${i}:${pos}`) as number[];
      a.forEach((x, j) => expect(scores[j]).toBeCloseTo((x + b[j]) / 2, 5));
      checked++;
    });
    expect(checked).toBe(split.test.reduce((n, t) => n + t.items.length - 1, 0));
    expect(() => new SeedEnsemble('hrnn', { protocol: 'last-session' }, { seeds: 0 })).toThrow(/seeds must be/);
    ens.dispose();
  });
});
