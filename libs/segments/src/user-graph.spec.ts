import { NeighbourSelector, mixSeed, seededOrder } from './user-graph-util';

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
  it.each(cases)('topK and sampleK match a full sort (%i candidates)', (count) => {
    const sel = new NeighbourSelector(k, 4);
    const ids = Array.from({ length: count }, (_, i) => (i * 7919) % 10007);
    const scores = ids.map((v) => 0.05 + (mixSeed(3, v) % 10) / 10);
    for (let mode = 0; mode < 2; mode++) {
      const out = new Int32Array(k).fill(-1);
      const outW = new Float32Array(k);
      ids.forEach((v, i) => sel.push(v, scores[i]));
      let keys = scores;
      if (mode === 0) sel.topK(out, outW, 0);
      else {
        sel.sampleK(2, 11, out, outW, 0);
        keys = ids.map((v, i) => Math.log((mixSeed(11, v) + 0.5) / 4294967296) / Math.pow(scores[i], 2));
      }
      expect(read(out, outW, k)).toEqual(reference(ids, keys, scores, k));
      expect(sel.count).toBe(0);
    }
  });
});
