import { buildCsr, createRng } from '@graphrec/graph-model';
import { initTf } from './backend';
import { rankingAtK } from './validation';

/** The figures written out the slow way: every score in a JS loop, seen items skipped by lookup. */
function reference(users: Float32Array, items: Float32Array, d: number, bias: Float32Array, held: Set<string>, seen: Set<string>, nUsers: number, k: number) {
  const nItems = items.length / d;
  let recall = 0;
  let ndcg = 0;
  let counted = 0;
  for (let u = 0; u < nUsers; u++) {
    const relevant = [...held].filter((key) => key.startsWith(`${u}:`)).length;
    if (relevant === 0) continue;
    counted++;
    const ranked = Array.from({ length: nItems }, (_, i) => i)
      .filter((i) => !seen.has(`${u}:${i}`))
      .map((i) => {
        let s = 0;
        for (let c = 0; c < d; c++) s += users[u * d + c] * items[i * d + c];
        return { i, s: s + bias[i] };
      })
      .sort((a, b) => b.s - a.s)
      .slice(0, k);
    let dcg = 0;
    let hits = 0;
    ranked.forEach((r, rank) => {
      if (held.has(`${u}:${r.i}`)) {
        hits++;
        dcg += 1 / Math.log2(rank + 2);
      }
    });
    let ideal = 0;
    for (let r = 0; r < Math.min(relevant, k); r++) ideal += 1 / Math.log2(r + 2);
    recall += hits / relevant;
    ndcg += dcg / ideal;
  }
  return { recall: recall / counted, ndcg: ndcg / counted };
}

describe('rankingAtK', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('matches the figures computed item by item (bias added, seen items skipped)', () => {
    const rng = createRng(3);
    const nUsers = 40;
    const nItems = 30;
    const d = 8;
    const users = Float32Array.from({ length: nUsers * d }, () => rng() - 0.5);
    const items = Float32Array.from({ length: nItems * d }, () => rng() - 0.5);
    const bias = Float32Array.from({ length: nItems }, () => 0.3 * rng());
    const held = new Set<string>();
    const seen = new Set<string>();
    for (let u = 0; u < nUsers; u++) {
      for (let i = 0; i < nItems; i++) {
        const x = rng();
        if (x < 0.2) seen.add(`${u}:${i}`);
        else if (x < 0.3 && u % 5 !== 0) held.add(`${u}:${i}`);
      }
    }
    const csr = (keys: Set<string>) => {
      const pairs = [...keys].map((key) => key.split(':').map(Number));
      return buildCsr(nUsers, nItems, Int32Array.from(pairs, (p) => p[0]), Int32Array.from(pairs, (p) => p[1]), new Float32Array(pairs.length).fill(1)).csr;
    };
    const got = rankingAtK({ users, items, dimension: d, itemBias: bias, heldOut: csr(held), seen: csr(seen), k: 5, maxUsers: 1000, rng });
    const want = reference(users, items, d, bias, held, seen, nUsers, 5);
    expect(got.recall).toBeCloseTo(want.recall, 6);
    expect(got.ndcg).toBeCloseTo(want.ndcg, 6);
  });
});
