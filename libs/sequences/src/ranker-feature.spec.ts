import { initTf } from '@graphrec/gnn';
import { SessionNetwork } from './network';
import { historyProductScores, productScores, storedStateProductScores } from './ranker-feature';
import { encodeSessionState, rebase, replayHistory } from './session-state';
import { StepModel } from './step-model';
import type { Session } from './types';

beforeAll(() => initTf());

const ITEMS = ['a', 'b', 'c', 'd'];

function model(): StepModel {
  const net = new SessionNetwork({ kind: 'hrnn', nItems: ITEMS.length, embedding: 4, tied: true, hidden: 4, userHidden: 3, propagate: true, seed: 5 });
  const w = net.snapshot();
  let s = 7;
  for (const name of Object.keys(w)) w[name].values = w[name].values.map(() => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 1.5);
  net.restore(w);
  const m = new StepModel({ config: net.config, itemIds: ITEMS }, net.snapshot());
  net.dispose();
  return m;
}

const session = (user: string, items: string[], start: number): Session => ({ id: `${user}-${start}`, user, items, times: items.map((_, i) => start + 60 * i) });

describe('the ranker’s sequence feature', () => {
  it('maps the model’s scores to products by id; a product it never saw is NaN', () => {
    const m = model();
    const h = Float32Array.of(0.2, -0.1, 0.4, 0.3);
    const all = m.scores(h);
    const got = productScores(m, h, ['c', 'x', 'a']);
    expect(got[0]).toBeCloseTo(all[2], 6);
    expect(Number.isNaN(got[1])).toBe(true);
    expect(got[2]).toBeCloseTo(all[0], 6);
  });

  it('replays each user’s history before the cut-off only: later sessions and items change nothing', () => {
    const m = model();
    const users = new Map([
      ['u1', 0],
      ['u2', 1],
      ['u3', 2],
    ]);
    const early = [session('u1', ['a', 'b'], 0), session('u1', ['c', 'd', 'a'], 10_000)];
    const late = [session('u1', ['b', 'b'], 50_000), session('u2', ['d', 'c'], 60_000)];
    const cut = 10_000 + 90; // inside u1's second session: its last item (at +120 s) is after the cut
    const scores = historyProductScores(m, [...early, ...late], (id) => users.get(id), 3, ITEMS, 1800, cut);
    const expected = replayHistory(m, 'x', [early[0], { ...early[1], items: ['c', 'd'], times: [10_000, 10_060] }], 1800 * 1000);
    expect(expected).not.toBeNull();
    expect(Array.from(scores[0] as Float32Array)).toEqual(Array.from(productScores(m, expected!.h, ITEMS)));
    expect(scores[1]).toBeNull(); // u2's only session is after the cut
    expect(scores[2]).toBeNull(); // no history at all
    const all = historyProductScores(m, [...early, ...late], (id) => users.get(id), 3, ITEMS, 1800);
    expect(Array.from(all[0] as Float32Array)).not.toEqual(Array.from(scores[0] as Float32Array));
    expect(all[1]).not.toBeNull();
  });

  it('serving reads the same scores from the stored state that training computes from the history', () => {
    const m = model();
    const history = [session('u1', ['a', 'b'], 0), session('u1', ['c', 'd', 'a'], 10_000)];
    const state = replayHistory(m, 'run|k1', history, 1800 * 1000);
    const text = encodeSessionState(state!);
    const stored = storedStateProductScores(m, 'run|k1', text, ITEMS);
    const trained = historyProductScores(m, history, () => 0, 1, ITEMS, 1800);
    expect(Array.from(stored as Float32Array)).toEqual(Array.from(trained[0] as Float32Array));
    // No state, an unreadable one: no feature (the trees' missing value), never an error.
    expect(storedStateProductScores(m, 'run|k1', null, ITEMS)).toBeNull();
    expect(storedStateProductScores(m, 'run|k1', '{"not":"a state"}', ITEMS)).toBeNull();
    // Written under another model: its session replayed through this one (as serving's rebase).
    const other = storedStateProductScores(m, 'run|k2', text, ITEMS);
    expect(Array.from(other as Float32Array)).toEqual(Array.from(productScores(m, rebase(m, 'run|k2', state!).h, ITEMS)));
    expect(Array.from(other as Float32Array)).not.toEqual(Array.from(stored as Float32Array));
  });
});
