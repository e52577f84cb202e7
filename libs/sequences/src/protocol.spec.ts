import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LaneScheduler } from './lanes';
import { readSequenceModel, saveSequenceModel } from './model-files';
import { SessionNetwork } from './network';
import { NeuralSessionModel } from './neural';
import { nextItemSplit, validationCarve } from './protocol';
import { evaluateSessions } from './recommender';
import type { Session } from './types';

const s = (id: string, user: string | undefined, start: number, items: string[]): Session => ({ id, user, items, times: items.map((_, i) => start + i) });

describe('last-session split', () => {
  it("takes each user's last session when the user has two or more, keeps anonymous and single sessions in train", () => {
    const sessions = [s('a1', 'a', 0, ['x', 'y']), s('a2', 'a', 100, ['y', 'x']), s('b1', 'b', 50, ['x', 'y']), s('n1', undefined, 200, ['x', 'y']), s('short', 'a', 300, ['x'])];
    const split = nextItemSplit(sessions, { protocol: 'last-session' });
    expect(split.test).toHaveLength(1);
    expect(split.test[0].start).toBe(100);
    expect(split.train.map((x) => x.start)).toEqual([0, 50, 200]);
    expect(split.removed.shortSessions).toBe(1);
  });

  it('carves validation out of train with the same protocol', () => {
    const sessions = [s('a1', 'a', 0, ['x', 'y']), s('a2', 'a', 100, ['y', 'x']), s('a3', 'a', 200, ['x', 'x'])];
    const split = nextItemSplit(sessions, { protocol: 'last-session' });
    const carve = validationCarve(split.train, { protocol: 'last-session' });
    expect(carve.train.map((x) => x.start)).toEqual([0]);
    expect(carve.valid.map((x) => x.start)).toEqual([100]);
  });
});

describe('session-parallel lanes', () => {
  it('walks each stream event by event, flagging session and user starts', () => {
    const enc = (items: number[], user = 0) => ({ user, start: 0, items: Int32Array.from(items) });
    const lanes = new LaneScheduler([{ sessions: [enc([1, 2, 3]), enc([4]), enc([5, 6])] }, { sessions: [enc([7, 8], 1)] }], 1);
    const seen: string[] = [];
    for (let st = lanes.advance(); st; st = lanes.advance()) seen.push(`${st.input[0]}>${st.target[0]}${st.newUser[0] ? ' U' : st.newSession[0] ? ' S' : ''}`);
    expect(seen).toEqual(['1>2 U', '2>3', '5>6 S', '7>8 U']);
  });
});

describe('GRU4Rec and HRNN', () => {
  // Users alternate between two habits; item 2k is followed by 2k+1. A model that learns anything
  // beats chance (MRR@20 of a random ranking over 10 items is ≈ 0.29).
  const sessions: Session[] = [];
  for (let u = 0; u < 60; u++) {
    for (let k = 0; k < 4; k++) {
      const a = (u + k) % 5;
      sessions.push(s(`${u}-${k}`, `u${u}`, k * 10_000 + u, [`i${2 * a}`, `i${2 * a + 1}`, `i${2 * a}`, `i${2 * a + 1}`]));
    }
  }
  const split = nextItemSplit(sessions, { protocol: 'last-session' });
  const data = { train: split.train, nItems: split.itemIds.length, nUsers: split.userIds.length, popularity: split.popularity };
  const options = { embedding: 8, hidden: 8, userHidden: 8, batch: 16, maxEpochs: 4, learningRate: 0.02 };

  it.each(['gru4rec', 'hrnn'] as const)('%s learns the pairs and is seeded', async (kind) => {
    const a = new NeuralSessionModel(kind, { protocol: 'last-session' }, options);
    await a.fit(data);
    const ma = await evaluateSessions(a, split.train, split.test);
    expect(ma['mrr@20']).toBeGreaterThan(0.6);
    const b = new NeuralSessionModel(kind, { protocol: 'last-session' }, options);
    await b.fit(data);
    expect((await evaluateSessions(b, split.train, split.test))['mrr@20']).toBe(ma['mrr@20']);
    // Model files: written, read back into a fresh network, the same scores.
    const dir = mkdtempSync(join(tmpdir(), 'seq-model-'));
    saveSequenceModel(dir, a, split.itemIds);
    const { json, weights } = readSequenceModel(dir);
    expect(json.itemIds).toEqual(split.itemIds);
    const c = new NeuralSessionModel(kind, { protocol: 'last-session' }, options);
    c.net = new SessionNetwork(json.config);
    c.net.restore(weights);
    expect((await evaluateSessions(c, split.train, split.test))['mrr@20']).toBe(ma['mrr@20']);
  });
});
