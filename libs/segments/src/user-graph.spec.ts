import { mixSeed } from '@graphrec/graph-model';
import { NeighbourSelector, seededOrder } from './user-graph-util';

/** The reference selection: sort every candidate by (key desc, id asc), take the first k. */
function reference(ids: number[], keys: number[], scores: number[], k: number) {
  const order = ids.map((_, i) => i).sort((a, b) => keys[b] - keys[a] || ids[a] - ids[b]);
  return order.slice(0, k).map((i) => [ids[i], Math.fround(scores[i])]);
}

function read(out: Int32Array, outW: Float32Array, k: number) {
  const r: number[][] = [];
  for (let i = 0; i < k && out[i] >= 0; i++) r.push([out[i], outW[i]]);
  return r;
}

describe('seededOrder', () => {
  it('is 0..n-1 sorted by (mixSeed(seed, u), u)', () => {
    const n = 5000;
    const expected = Array.from({ length: n }, (_, u) => u).sort((a, b) => mixSeed(9, a) - mixSeed(9, b) || a - b);
    expect(Array.from(seededOrder(n, 9))).toEqual(expected);
  });
});

describe('NeighbourSelector', () => {
  const k = 7;
  // Ties in score (and so in top-k keys) must fall to the lower id; more candidates than the buffer.
  const cases = [0, 1, 5, 7, 8, 50, 3000];
  it.each(cases)('topK matches a full sort (%i candidates)', (count) => {
    const sel = new NeighbourSelector(k, 4);
    const ids = Array.from({ length: count }, (_, i) => (i * 7919) % 10007);
    const scores = ids.map((v) => 0.05 + (mixSeed(3, v) % 10) / 10);
    const out = new Int32Array(k).fill(-1);
    const outW = new Float32Array(k);
    ids.forEach((v, i) => sel.push(v, scores[i]));
    sel.topK(out, outW, 0);
    expect(read(out, outW, k)).toEqual(reference(ids, scores, scores, k));
    expect(sel.count).toBe(0);
  });

  it.each(cases)('sampleK draws min(k, n) distinct candidates with their scores (%i candidates)', (count) => {
    const sel = new NeighbourSelector(k, 4);
    const ids = Array.from({ length: count }, (_, i) => (i * 7919) % 10007);
    const scoreOf = new Map(ids.map((v) => [v, Math.fround(0.05 + (mixSeed(3, v) % 10) / 10)]));
    ids.forEach((v) => sel.push(v, scoreOf.get(v)!));
    const out = new Int32Array(k).fill(-1);
    const outW = new Float32Array(k);
    sel.sampleK(2, 11, out, outW, 0);
    const drawn = read(out, outW, k);
    expect(drawn).toHaveLength(Math.min(k, count));
    expect(new Set(drawn.map(([id]) => id)).size).toBe(drawn.length);
    for (const [id, w] of drawn) expect(w).toBe(scoreOf.get(id));
    expect(sel.count).toBe(0);
  });

  // The sampling law, checked by its frequencies rather than by restating the key formula: the first
  // of k draws is item i with probability w_i / Σw, where w = score^sharpness.
  it.each([1, 2])('draws in proportion to score^sharpness (sharpness %i)', (sharpness) => {
    const sel = new NeighbourSelector(1, 4);
    const scores = [0.9, 0.3, 0.1];
    const weights = scores.map((x) => x ** sharpness);
    const total = weights.reduce((a, b) => a + b, 0);
    const counts = [0, 0, 0];
    const draws = 20_000;
    const out = new Int32Array(1);
    const outW = new Float32Array(1);
    for (let seed = 0; seed < draws; seed++) {
      // Fresh ids per seed so that each draw sees independent hash values.
      scores.forEach((x, i) => sel.push(seed * 3 + i, x));
      sel.sampleK(sharpness, 1234, out, outW, 0);
      counts[out[0] - seed * 3]++;
    }
    // 20,000 draws: the standard error of a share is at most 0.0036, so 0.015 is over 4 of them.
    counts.forEach((c, i) => expect(Math.abs(c / draws - weights[i] / total)).toBeLessThan(0.015));
  });
});
