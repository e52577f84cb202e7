import { EdgeListBuilder, buildWeightedGraph, toGraphology, unionGraphs } from './weighted-graph';

describe('buildWeightedGraph', () => {
  it('stores each edge in both rows, merges duplicates and keeps self-loops apart', () => {
    // 0-1 twice (once reversed), 1-2, a self-loop on 2 of weight 3, node 3 isolated.
    const g = buildWeightedGraph(4, [0, 1, 1, 2], [1, 0, 2, 2], [1, 2, 1, 3]);
    expect(g.order).toBe(4);
    expect(g.size).toBe(3);
    expect(Array.from(g.offsets)).toEqual([0, 1, 3, 4, 4]);
    expect(Array.from(g.targets)).toEqual([1, 0, 2, 1]);
    expect(Array.from(g.weights)).toEqual([3, 3, 1, 1]);
    expect(Array.from(g.loops)).toEqual([0, 0, 3, 0]);
    // A self-loop adds twice its weight to the strength; Σ strength = 2m.
    expect(Array.from(g.strength)).toEqual([3, 4, 7, 0]);
    expect(g.totalWeight).toBe(7);
  });

  it('drops zero-weight edges and rejects bad indices or weights', () => {
    expect(buildWeightedGraph(2, [0], [1], [0]).size).toBe(0);
    expect(() => buildWeightedGraph(2, [0], [2])).toThrow(/out of range/);
    expect(() => buildWeightedGraph(2, [0], [1], [-1])).toThrow(/weight/);
    expect(() => buildWeightedGraph(2, [0], [1], [NaN])).toThrow(/weight/);
  });

  it('builds through the growing EdgeListBuilder and converts to graphology', () => {
    const b = new EdgeListBuilder();
    for (let i = 0; i < 3000; i++) b.addEdge(i, (i + 1) % 3000, 0.5);
    b.addEdge(5, 5, 2);
    const g = b.build();
    expect(g.order).toBe(3000);
    expect(g.size).toBe(3001);
    const gg = toGraphology(g);
    expect(gg.order).toBe(3000);
    expect(gg.size).toBe(3001);
    expect(gg.getEdgeAttribute(gg.edge('5', '5'), 'weight')).toBe(2);
    expect(gg.getEdgeAttribute(gg.edge('0', '1'), 'weight')).toBe(0.5);
  });
});

describe('unionGraphs', () => {
  it('sums the weights of shared edges and loops, scaled per graph, and keeps the others', () => {
    const a = buildWeightedGraph(4, [0, 1, 2], [1, 2, 2], [1, 2, 5]);
    const b = buildWeightedGraph(4, [1, 0], [0, 3], [3, 1]);
    const u = unionGraphs([{ graph: a }, { graph: b, scale: 0.5 }]);
    const w = (x: number, y: number) => {
      for (let j = u.offsets[x]; j < u.offsets[x + 1]; j++) if (u.targets[j] === y) return u.weights[j];
      return 0;
    };
    expect(w(0, 1)).toBeCloseTo(1 + 1.5);
    expect(w(1, 0)).toBeCloseTo(2.5);
    expect(w(1, 2)).toBeCloseTo(2);
    expect(w(0, 3)).toBeCloseTo(0.5);
    expect(u.loops[2]).toBeCloseTo(5);
    expect(u.size).toBe(4); // 0–1, 1–2, 0–3 and the loop at 2
    expect(() => unionGraphs([{ graph: a }, { graph: buildWeightedGraph(3, [0], [1]) }])).toThrow(RangeError);
  });

  it('equals building one graph from all the edges (random graphs with loops and shared edges)', () => {
    let seed = 9;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const n = 300;
    const edges = (m: number) => {
      const src = Int32Array.from({ length: m }, () => Math.floor(rnd() * n));
      const dst = Int32Array.from({ length: m }, (_, i) => (rnd() < 0.05 ? src[i] : Math.floor(rnd() * n)));
      const w = Float64Array.from({ length: m }, () => 0.1 + rnd());
      return { src, dst, w };
    };
    const a = edges(2000);
    const b = edges(1500);
    const union = unionGraphs([{ graph: buildWeightedGraph(n, a.src, a.dst, a.w) }, { graph: buildWeightedGraph(n, b.src, b.dst, b.w), scale: 2 }]);
    const all = buildWeightedGraph(n, [...a.src, ...b.src], [...a.dst, ...b.dst], [...a.w, ...Array.from(b.w, (x) => 2 * x)]);
    expect(union.size).toBe(all.size);
    expect(union.totalWeight).toBeCloseTo(all.totalWeight, 6);
    for (let u = 0; u < n; u++) {
      expect(union.strength[u]).toBeCloseTo(all.strength[u], 6);
      expect(union.loops[u]).toBeCloseTo(all.loops[u], 6);
      const row = (g: typeof all) => new Map(Array.from(g.targets.subarray(g.offsets[u], g.offsets[u + 1]), (v, j) => [v, g.weights[g.offsets[u] + j]]));
      const x = row(union);
      const y = row(all);
      expect([...x.keys()].sort((p, q) => p - q)).toEqual([...y.keys()].sort((p, q) => p - q));
      for (const [v, w] of y) expect(x.get(v)).toBeCloseTo(w, 6);
    }
    expect(() => unionGraphs([{ graph: all, scale: 0 }])).toThrow(RangeError);
  });
});
