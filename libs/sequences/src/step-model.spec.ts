import * as tf from '@tensorflow/tfjs';
import { initTf } from '@graphrec/gnn';
import { gruStep } from './gru';
import { NetworkConfig, SessionNetwork } from './network';
import { advanceSession, decodeSessionState, encodeSessionState, replayHistory, sessionActive } from './session-state';
import { StepModel, gruStepDense, topK } from './step-model';

beforeAll(() => initTf());

const ITEMS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const config = (kind: 'hrnn' | 'gru4rec'): NetworkConfig => ({ kind, nItems: ITEMS.length, embedding: 5, tied: kind === 'hrnn', hidden: 4, userHidden: 3, propagate: true, seed: 3 });

/** A network with non-trivial weights everywhere (biases and item tables too, not just the initial ones). */
function network(kind: 'hrnn' | 'gru4rec'): SessionNetwork {
  const net = new SessionNetwork(config(kind));
  const w = net.snapshot();
  let s = 1;
  for (const name of Object.keys(w)) w[name].values = w[name].values.map(() => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 1.5);
  net.restore(w);
  return net;
}

describe('gruStepDense', () => {
  it('matches the hand-computed step of gru.spec.ts', () => {
    const w = { input: 1, hidden: 1, wx: Float32Array.of(0.5, -0.5, 1), uzr: Float32Array.of(0.25, 0.75), uh: Float32Array.of(2), b: Float32Array.of(0.1, 0.2, -0.3) };
    expect(gruStepDense(w, Float32Array.of(1), Float32Array.of(0.5))[0]).toBeCloseTo(0.728577, 5);
    expect(gruStepDense(w, Float32Array.of(-1), Float32Array.of(0))[0]).toBeCloseTo(-0.34582, 5);
  });

  it('matches the tfjs cell on random weights', () => {
    const wx = tf.randomUniform([5, 12], -1, 1, 'float32', 1) as tf.Tensor2D;
    const uzr = tf.randomUniform([4, 8], -1, 1, 'float32', 2) as tf.Tensor2D;
    const uh = tf.randomUniform([4, 4], -1, 1, 'float32', 3) as tf.Tensor2D;
    const b = tf.randomUniform([12], -1, 1, 'float32', 4) as tf.Tensor1D;
    const x = Float32Array.of(0.3, -0.7, 0, 1.2, 0.05);
    const h = Float32Array.of(0.1, -0.4, 0.9, 0);
    const expected = gruStep({ wx, uzr, uh, b }, tf.tensor2d(x, [1, 5]), tf.tensor2d(h, [1, 4])).dataSync();
    const got = gruStepDense({ input: 5, hidden: 4, wx: wx.dataSync() as Float32Array, uzr: uzr.dataSync() as Float32Array, uh: uh.dataSync() as Float32Array, b: b.dataSync() as Float32Array }, x, h);
    for (let j = 0; j < 4; j++) expect(got[j]).toBeCloseTo(expected[j], 5);
  });
});

describe.each(['hrnn', 'gru4rec'] as const)('StepModel (%s) against SessionNetwork', (kind) => {
  it('gives the tfjs model’s states and scores over two sessions of one user', () => {
    const net = network(kind);
    const model = new StepModel({ config: net.config, itemIds: ITEMS }, net.snapshot());
    // One user: session 1 = c, a, f; session 2 = b, b, g. Training never reads a session's last
    // item as input (it is only a target), so the tfjs lanes that serving must match are
    // [c, a, f] for session 1 and [c, a | b, b, g] for session 2 (flags as the lane scheduler sets them).
    const tfRun = (events: { item: number; newSession: number; newUser: number }[]) => {
      let st = net.zeroState(1);
      return events.map((e) => {
        const flags = { newSession: tf.tensor2d([[e.newSession]]), newUser: tf.tensor2d([[e.newUser]]) };
        st = net.step(flags, net.embed([e.item]), st.h, st.u);
        return { h: st.h.dataSync(), u: st.u.dataSync(), scores: net.scoreAll(st.h).dataSync() };
      });
    };
    const first = tfRun([{ item: 2, newSession: 1, newUser: 1 }, { item: 0, newSession: 0, newUser: 0 }, { item: 5, newSession: 0, newUser: 0 }]);
    const second = tfRun([
      { item: 2, newSession: 1, newUser: 1 },
      { item: 0, newSession: 0, newUser: 0 },
      { item: 1, newSession: 1, newUser: 0 },
      { item: 1, newSession: 0, newUser: 0 },
      { item: 6, newSession: 0, newUser: 0 },
    ]).slice(2);
    const served = [
      { item: 2, newSession: true, finished: false },
      { item: 0, newSession: false, finished: false },
      { item: 5, newSession: false, finished: false },
      // A new session after one of three items: the user GRU takes it.
      { item: 1, newSession: true, finished: true },
      { item: 1, newSession: false, finished: false },
      { item: 6, newSession: false, finished: false },
    ];
    const expected = [...first, ...second];
    let state = model.emptyState();
    served.forEach((e, k) => {
      state = model.step(state, e.item, e.newSession, e.finished);
      for (let j = 0; j < 4; j++) expect(state.h[j]).toBeCloseTo(expected[k].h[j], 5);
      for (let j = 0; j < 3; j++) expect(state.u[j]).toBeCloseTo(expected[k].u[j], 5);
      const mine = model.scores(state.h);
      for (let i = 0; i < ITEMS.length; i++) expect(mine[i]).toBeCloseTo(expected[k].scores[i], 4);
    });
    if (kind === 'hrnn') expect(Array.from(state.u).some((v) => v !== 0)).toBe(true);
    net.dispose();
  });
});

describe('session state transitions', () => {
  const net = () => network('hrnn');
  const MIN = 60_000;
  const GAP = 30 * MIN;

  it('steps inside the gap, starts a new session after it and updates the user state then', () => {
    const n = net();
    const model = new StepModel({ config: n.config, itemIds: ITEMS }, n.snapshot());
    let r = advanceSession(model, 'm1', null, { item: 'c', at: 0 }, GAP);
    expect(r.outcome).toBe('new-session');
    r = advanceSession(model, 'm1', r.state, { item: 'a', at: 10 * MIN }, GAP);
    expect(r.outcome).toBe('stepped');
    // Exactly the gap later is still the same session (a gap strictly longer ends it).
    r = advanceSession(model, 'm1', r.state, { item: 'f', at: 40 * MIN }, GAP);
    expect(r.outcome).toBe('stepped');
    const before = r.state;
    expect(before && Array.from(before.u).every((v) => v === 0)).toBe(true);
    expect(before?.items).toEqual(['c', 'a', 'f']);
    r = advanceSession(model, 'm1', before, { item: 'b', at: 40 * MIN + GAP + 1 }, GAP);
    expect(r.outcome).toBe('new-session');
    expect(r.state?.session).toBe(2);
    expect(r.state?.items).toEqual(['b']);
    // The user GRU took the finished session's state after its second-to-last item.
    const expectedU = model.step(model.step(model.step(model.emptyState(), 2, true, false), 0, false, false), 5, false, false);
    const stepped = model.step(expectedU, 1, true, true);
    expect(Array.from(r.state?.u ?? [])).toEqual(Array.from(stepped.u));
    expect(Array.from(r.state?.u ?? []).some((v) => v !== 0)).toBe(true);
    n.dispose();
  });

  it('leaves the state alone for a late event, an unknown item, and keeps a one-item session out of the user state', () => {
    const n = net();
    const model = new StepModel({ config: n.config, itemIds: ITEMS }, n.snapshot());
    const first = advanceSession(model, 'm1', null, { item: 'c', at: 100 * MIN }, GAP).state;
    expect(advanceSession(model, 'm1', first, { item: 'a', at: 100 * MIN - GAP - 1 }, GAP)).toEqual({ state: first, outcome: 'late' });
    expect(advanceSession(model, 'm1', first, { item: 'zzz', at: 101 * MIN }, GAP)).toEqual({ state: first, outcome: 'unknown-item' });
    const next = advanceSession(model, 'm1', first, { item: 'b', at: 200 * MIN }, GAP).state;
    expect(Array.from(next?.u ?? [])).toEqual([0, 0, 0]);
    n.dispose();
  });

  it('replays the session under a new model, and round-trips through its stored form', () => {
    const n = net();
    const model = new StepModel({ config: n.config, itemIds: ITEMS }, n.snapshot());
    let s = advanceSession(model, 'old', null, { item: 'c', at: 0 }, GAP).state;
    s = advanceSession(model, 'old', s, { item: 'a', at: MIN }, GAP).state;
    const fresh = advanceSession(model, 'new', null, { item: 'c', at: 0 }, GAP).state;
    const replayed = advanceSession(model, 'new', { ...(s as NonNullable<typeof s>), model: 'old', h: new Float32Array(4) }, { item: 'e', at: 2 * MIN }, GAP).state;
    const direct = advanceSession(model, 'new', advanceSession(model, 'new', fresh, { item: 'a', at: MIN }, GAP).state, { item: 'e', at: 2 * MIN }, GAP).state;
    expect(Array.from(replayed?.h ?? [])).toEqual(Array.from(direct?.h ?? []));
    const back = decodeSessionState(encodeSessionState(direct as NonNullable<typeof direct>), 4, 3);
    expect(back).toEqual(direct);
    expect(decodeSessionState(encodeSessionState(direct as NonNullable<typeof direct>), 8, 3).model).toBe('');
    expect(() => decodeSessionState('{"m": 3}', 4, 3)).toThrow();
    expect(sessionActive(back, 2 * MIN + GAP, GAP)).toBe(true);
    expect(sessionActive(back, 2 * MIN + GAP + 1, GAP)).toBe(false);
    n.dispose();
  });

  it('replays a history of sessions by the live transitions: the user state knows the past sessions', () => {
    const n = net();
    const model = new StepModel({ config: n.config, itemIds: ITEMS }, n.snapshot());
    const history = [
      { items: ['c', 'a', 'f'], times: [0, 60, 120] },
      { items: ['b', 'g'], times: [86_400, 86_460] },
    ];
    let live = null as ReturnType<typeof advanceSession>['state'];
    for (const s of history) s.items.forEach((item, i) => (live = advanceSession(model, 'm', live, { item, at: s.times[i] * 1000 }, GAP).state));
    const replayed = replayHistory(model, 'm', history, GAP);
    expect(replayed).toEqual(live);
    expect(replayed?.session).toBe(2);
    expect(Array.from(replayed?.u ?? []).some((v) => v !== 0)).toBe(true);
    expect(replayHistory(model, 'm', [{ items: ['zzz'], times: [0] }], GAP)).toBeNull();
    n.dispose();
  });

  it('topK orders by score, ties to the lower index', () => {
    expect(topK(Float32Array.of(0.1, 0.5, 0.5, 0.9, -1), 3)).toEqual([3, 1, 2]);
    expect(topK(Float32Array.of(1, 1), 5)).toEqual([0, 1]);
  });
});
