import { createRng } from '@graphrec/graph-model';
import { AliasTable, NeighbourSampler, cumulativeWeights, drawNeighbour, edgeTypesOf } from './sampler';
import { plantedGraph } from './testing';
import { graphFromTrainData } from './recommender';
import { trainDataFrom } from '@graphrec/recommend';

describe('weighted neighbour draws', () => {
  it('draws neighbours in proportion to edge weight', () => {
    const csr = { offsets: Int32Array.from([0, 3]), targets: Int32Array.from([4, 5, 6]), weights: Float32Array.from([1, 2, 7]) };
    const cum = cumulativeWeights(csr);
    const rng = createRng(3);
    const counts = [0, 0, 0];
    const n = 40_000;
    for (let i = 0; i < n; i++) counts[drawNeighbour(csr, cum, 0, rng)]++;
    expect(counts[0] / n).toBeCloseTo(0.1, 1);
    expect(counts[1] / n).toBeCloseTo(0.2, 1);
    expect(counts[2] / n).toBeCloseTo(0.7, 1);
    expect(Math.abs(counts[2] / n - 0.7)).toBeLessThan(0.015);
  });

  it('alias table follows its weights', () => {
    const table = new AliasTable([0, 1, 3]);
    const rng = createRng(9);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[table.draw(rng)]++;
    expect(counts[0]).toBe(0);
    expect(Math.abs(counts[2] / 40_000 - 0.75)).toBeLessThan(0.015);
  });
});

describe('NeighbourSampler blocks', () => {
  // u0 has 6 products (weights 1..6), u1 one product.
  const users = [0, 0, 0, 0, 0, 0, 1];
  const items = [0, 1, 2, 3, 4, 5, 2];
  const graph = graphFromTrainData(trainDataFrom(2, 6, { users: Int32Array.from(users), items: Int32Array.from(items), weights: Float32Array.from([1, 2, 3, 4, 5, 6, 1]) }));
  const sampler = new NeighbourSampler(graph, edgeTypesOf(graph, ['interacted']));

  it('keeps at most fanout neighbours, all when fewer, weights summing to 1', () => {
    const b = sampler.block({ User: Int32Array.from([0, 1]) }, 3, createRng(1));
    const adj = b.edges.find((e) => e.type.key === 'interacted.out')?.adj;
    expect(adj).toBeDefined();
    if (!adj) return;
    expect(adj.offsets[1] - adj.offsets[0]).toBe(3);
    expect(adj.offsets[2] - adj.offsets[1]).toBe(1);
    for (let r = 0; r < 2; r++) {
      let s = 0;
      for (let k = adj.offsets[r]; k < adj.offsets[r + 1]; k++) s += adj.weights[k];
      expect(s).toBeCloseTo(1, 5);
    }
    // Destinations are a prefix of the sources; sampled products are real neighbours.
    expect(Array.from(b.src.User ?? []).slice(0, 2)).toEqual([0, 1]);
    const products = b.src.Product ?? new Int32Array(0);
    expect(products[adj.targets[3]]).toBe(2);
    const all = sampler.block({ User: Int32Array.from([0]) }, Infinity, createRng(1));
    const full = all.edges[0].adj;
    expect(full.offsets[1]).toBe(6);
    expect(Array.from(full.weights).map((w) => +(w * 21).toFixed(4))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("leaves the batch's own pairs out, in both directions, and reweighs what is left", () => {
    // Excluded: u0–p1, p3, p4, p5 (u0 can only reach p0 and p2) and u1–p2 (u1's only edge).
    const keys = new Set([1, 3, 4, 5].map((p) => 0 * 6 + p).concat([1 * 6 + 2]));
    const exclude = { relations: ['interacted' as const], products: 6, keys };
    const b = sampler.block({ User: Int32Array.from([0, 1]), Product: Int32Array.from([2]) }, 3, createRng(1), exclude);
    const out = b.edges.find((e) => e.type.key === 'interacted.out')?.adj;
    const into = b.edges.find((e) => e.type.key === 'interacted.in')?.adj;
    if (!out || !into) throw new Error('missing edge types');
    const products = b.src.Product ?? new Int32Array(0);
    const users = b.src.User ?? new Int32Array(0);
    // u0: sampled (degree 6 > 3), every draw lands on p0 or p2, weights still sum to 1.
    expect(out.offsets[1]).toBeGreaterThan(0);
    for (let k = 0; k < out.offsets[1]; k++) expect([0, 2]).toContain(products[out.targets[k]]);
    expect(Array.from(out.weights.subarray(0, out.offsets[1])).reduce((a, c) => a + c, 0)).toBeCloseTo(1, 5);
    // u1: nothing left.
    expect(out.offsets[2] - out.offsets[1]).toBe(0);
    // p2 (users u0 and u1, kept whole): only u0, with all the weight.
    expect(into.offsets[1]).toBe(1);
    expect(users[into.targets[0]]).toBe(0);
    expect(into.weights[0]).toBeCloseTo(1, 5);
    // Without exclusion u1 reaches p2 again.
    const plain = sampler.block({ User: Int32Array.from([1]) }, 3, createRng(1));
    expect(plain.edges.find((e) => e.type.key === 'interacted.out')?.adj.targets.length).toBe(1);
  });

  it('weighs neighbours by w / √(D_v·D_u) when symmetric', () => {
    const sym = new NeighbourSampler(graph, edgeTypesOf(graph, ['interacted']), 'symmetric');
    const b = sym.block({ User: Int32Array.from([0]) }, Infinity, createRng(1));
    const adj = b.edges[0].adj;
    const products = b.src.Product ?? new Int32Array(0);
    // u0: D = 1+…+6 = 21; p2 has u0 (3) and u1 (1): D = 4; every other product only u0.
    for (let k = 0; k < 6; k++) {
      const p = products[adj.targets[k]];
      const dp = p === 2 ? 4 : p + 1;
      expect(adj.weights[k]).toBeCloseTo((p + 1) / Math.sqrt(21 * dp), 5);
    }
  });

  it('is deterministic for a seed and varies with it', () => {
    const { graph: g } = plantedGraph(2, 30, 20, 12, 5);
    const s = new NeighbourSampler(g, edgeTypesOf(g, ['interacted']));
    const seeds = { User: Int32Array.from([0, 5, 40]) };
    const a = s.blocks(seeds, [4, 3], createRng(7));
    const b = s.blocks(seeds, [4, 3], createRng(7));
    const c = s.blocks(seeds, [4, 3], createRng(8));
    expect(a.map((x) => Array.from(x.src.Product ?? []))).toEqual(b.map((x) => Array.from(x.src.Product ?? [])));
    expect(a.map((x) => Array.from(x.src.Product ?? []))).not.toEqual(c.map((x) => Array.from(x.src.Product ?? [])));
    expect(a).toHaveLength(2);
    // Block 0's destinations are block 1's sources.
    expect(Array.from(a[0].dst.User ?? [])).toEqual(Array.from(a[1].src.User ?? []));
  });
});
