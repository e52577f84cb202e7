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
