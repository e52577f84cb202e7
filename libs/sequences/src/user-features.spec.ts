import { initTf } from '@graphrec/gnn';
import { NetworkConfig, SessionNetwork } from './network';
import { replayHistory } from './session-state';
import { StepModel } from './step-model';
import { sequenceUserFeatures, softmax } from './user-features';

beforeAll(() => initTf());

const ITEMS = ['a', 'b', 'c', 'd', 'e'];
const config: NetworkConfig = { kind: 'hrnn', nItems: ITEMS.length, embedding: 4, tied: true, hidden: 4, userHidden: 3, propagate: true, seed: 5 };

/** An HRNN step model with non-trivial weights everywhere. */
function model(): StepModel {
  const net = new SessionNetwork(config);
  const w = net.snapshot();
  let s = 7;
  for (const name of Object.keys(w)) w[name].values = w[name].values.map(() => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 1.5);
  const m = new StepModel({ config: net.config, itemIds: ITEMS }, w);
  net.dispose();
  return m;
}

const HOUR = 3600;
const sessions = [
  { items: ['a', 'b', 'c'], times: [0, 60, 120] },
  { items: ['c', 'd'], times: [10 * HOUR, 10 * HOUR + 30] },
];

describe('StepModel.sessionStart', () => {
  it('is the state a new session reads its first item from', () => {
    const m = model();
    const state = replayHistory(m, 'k', sessions, 1800_000);
    if (!state) throw new Error('no state');
    for (const finished of [true, false]) {
      const start = m.sessionStart(state, finished);
      const stepped = m.step(state, 0, true, finished);
      expect(Array.from(start.h)).toEqual(Array.from(stepped.hPrev));
      expect(Array.from(start.u)).toEqual(Array.from(stepped.u));
    }
    // A finished session moves the user state.
    expect(Array.from(m.sessionStart(state, true).u)).not.toEqual(Array.from(state.u));
  });
});

describe('sequenceUserFeatures', () => {
  it('puts each group’s softmax mass at the next session’s start and after the last event, with the user state', () => {
    const m = model();
    const groups = [
      { name: 'ab', itemIds: ['a', 'b'] },
      { name: 'cde', itemIds: ['c', 'd', 'e', 'unknown'] },
    ];
    const f = sequenceUserFeatures(m, [sessions, []], 1800, groups, { userState: true });
    expect(f.names).toEqual(['seq_next:ab', 'seq_next:cde', 'seq_last:ab', 'seq_last:cde', 'seq_u0', 'seq_u1', 'seq_u2']);
    const d = f.names.length;
    const state = replayHistory(m, 'k', sessions, 1800_000);
    if (!state) throw new Error('no state');
    const next = m.sessionStart(state, true);
    const pNext = softmax(m.scores(next.h));
    const pLast = softmax(m.scores(state.h));
    expect(f.values[0]).toBeCloseTo(pNext[0] + pNext[1], 6);
    expect(f.values[1]).toBeCloseTo(pNext[2] + pNext[3] + pNext[4], 6);
    expect(f.values[0] + f.values[1]).toBeCloseTo(1, 5);
    expect(f.values[2]).toBeCloseTo(pLast[0] + pLast[1], 6);
    expect(Array.from(f.values.subarray(4, 7))).toEqual(Array.from(next.u));
    // The user without sessions: missing (NaN), never zeros a tree would read as a value.
    expect(Array.from(f.values.subarray(d, 2 * d)).every(Number.isNaN)).toBe(true);
  });

  it('leaves the user state out unless asked', () => {
    const f = sequenceUserFeatures(model(), [sessions], 1800, [{ name: 'a', itemIds: ['a'] }]);
    expect(f.names).toEqual(['seq_next:a', 'seq_last:a']);
    expect(f.values.length).toBe(2);
  });
});
