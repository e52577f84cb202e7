import { modularity, modularityDetailed } from './modularity';
import { buildWeightedGraph } from './weighted-graph';

// Two triangles 0-1-2 and 3-4-5 joined by the edge 2-3: m = 7.
const twoTriangles = buildWeightedGraph(6, [0, 0, 1, 3, 3, 4, 2], [1, 2, 2, 4, 5, 5, 3]);

describe('modularity', () => {
  it('matches the hand-computed value for two triangles', () => {
    // Each triangle: in = 3, tot = 2+2+3 = 7. Q = 2 · (3/7 − (7/14)²) = 6/7 − 1/2 = 5/14.
    expect(modularity(twoTriangles, [0, 0, 0, 1, 1, 1])).toBeCloseTo(5 / 14, 12);
    // One community: in = m, tot = 2m, Q = 1 − 1 = 0. Singletons: Q = −Σ (k_i / 2m)².
    expect(modularity(twoTriangles, [0, 0, 0, 0, 0, 0])).toBeCloseTo(0, 12);
    expect(modularity(twoTriangles, [0, 1, 2, 3, 4, 5])).toBeCloseTo(-(4 * 4 + 2 * 9) / 196, 12);
  });

  it('applies the resolution to the null-model term only', () => {
    // γ = 2: Q = 6/7 − 2 · 1/2 = −1/7.
    expect(modularity(twoTriangles, [0, 0, 0, 1, 1, 1], { resolution: 2 })).toBeCloseTo(-1 / 7, 12);
  });

  it('uses weights and counts a self-loop once inside, twice in the strength', () => {
    // 0-1 weight 2, 1-2 weight 1, loop on 2 weight 1: m = 4, k = [2, 3, 3].
    const g = buildWeightedGraph(3, [0, 1, 2], [1, 2, 2], [2, 1, 1]);
    const d = modularityDetailed(g, [0, 0, 1]);
    expect(Array.from(d.internal)).toEqual([2, 1]);
    expect(Array.from(d.total)).toEqual([5, 3]);
    // Q = 2/4 − (5/8)² + 1/4 − (3/8)² = 0.75 − 34/64.
    expect(d.modularity).toBeCloseTo(0.75 - 34 / 64, 12);
  });

  it('rejects a partition of the wrong length or with bad ids', () => {
    expect(() => modularity(twoTriangles, [0, 0])).toThrow(/6 nodes/);
    expect(() => modularity(twoTriangles, [0, 0, 0, 1, 1, -1])).toThrow(/node 5/);
  });
});
