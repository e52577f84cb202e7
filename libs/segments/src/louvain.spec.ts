import louvainReference from 'graphology-communities-louvain';
import { LouvainOptions, louvain, louvainDetailed } from './louvain';
import { adjustedRandIndex, normalizedMutualInformation } from './metrics';
import { modularity } from './modularity';
import { plantedPartition } from './planted-partition';
import { createRng } from '@graphrec/graph-model';
import { withDataset } from '../../eval/src/testing/datasets';
import { football, karate } from './testing/datasets';
import { WeightedGraph, buildWeightedGraph, toGraphology } from './weighted-graph';

/** 20 Louvain runs each (ours and graphology's): real work, seconds on a busy machine, not Jest's default 5 s. */
const SLOW = 60_000;
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Our modularity and graphology's (recomputed with our function, so both use one definition) over 20 seeds. */
function compare(graph: WeightedGraph, options: LouvainOptions): { ours: number[]; reference: number[] } {
  const gg = toGraphology(graph);
  const ours: number[] = [];
  const reference: number[] = [];
  for (const seed of SEEDS) {
    ours.push(louvain(graph, { ...options, seed }).modularity);
    const ref = louvainReference(gg, { rng: createRng(seed), getEdgeWeight: 'weight' });
    reference.push(modularity(graph, Array.from({ length: graph.order }, (_, i) => ref[String(i)])));
  }
  return { ours, reference };
}

// Skipped, with one line naming `npm run datasets`, where the machine lacks them.
const withKarate = withDataset('karate');
const withFootball = withDataset('football');

describe('louvain against graphology-communities-louvain (the reference)', () => {
  const graphs: Array<[string, () => WeightedGraph, jest.It]> = [
    ['karate', () => karate().parsed.graph, withKarate.it],
    ['football', () => football().parsed.graph, withFootball.it],
    ['planted partition (2,000 nodes, mixing 0.45)', () => plantedPartition({ nodes: 2000, edges: 16000, communities: 25, mixing: 0.45, seed: 5 }).graph, it],
  ];

  for (const [name, load, test] of graphs) {
    // graphology's randomWalk visits nodes in index order from a random start: our `rotate`.
    test(`${name}, same visiting strategy (rotate): mean and worst modularity match the reference`, () => {
      const { ours, reference } = compare(load(), { ordering: 'rotate' });
      expect(mean(ours)).toBeGreaterThanOrEqual(mean(reference) - 0.001);
      expect(Math.min(...ours)).toBeGreaterThanOrEqual(Math.min(...reference) - 0.006);
    }, SLOW);

    // A full shuffle ignores whatever structure the node numbering carries (karate and football are
    // numbered helpfully), so its mean is a little lower there; the gap stays small.
    test(`${name}, default full shuffle: mean modularity within 0.003 of the reference`, () => {
      const { ours, reference } = compare(load(), {});
      expect(mean(ours)).toBeGreaterThanOrEqual(mean(reference) - 0.003);
    }, SLOW);
  }
});

describe('louvain quality on public datasets (seed 42)', () => {
  withKarate.it('karate (undirected, 34 nodes, 78 edges): modularity >= 0.4188 (best known 0.4198)', () => {
    const { parsed, truth } = karate();
    expect(parsed.directed).toBe(false);
    expect([parsed.graph.order, parsed.graph.size]).toEqual([34, 78]);
    const r = louvain(parsed.graph, { seed: 42 });
    expect(r.modularity).toBeGreaterThanOrEqual(0.4188);
    expect(r.modularity).toBeCloseTo(modularity(parsed.graph, r.communities), 10);
    // Louvain splits each of the two factions further, so agreement with the 2-way truth is partial.
    expect(normalizedMutualInformation(truth, r.communities)).toBeGreaterThan(0.5);
    expect(adjustedRandIndex(truth, r.communities)).toBeGreaterThan(0.4);
  });

  withFootball.it('football (115 teams, 613 games): modularity >= 0.60 and close to the 12 conferences', () => {
    const { parsed, truth } = football();
    expect([parsed.graph.order, parsed.graph.size]).toEqual([115, 613]);
    // The conference partition itself has modularity 0.554 (datasets README).
    const truthIds = truth.map(Number);
    expect(modularity(parsed.graph, truthIds)).toBeCloseTo(0.554, 3);
    const r = louvain(parsed.graph, { seed: 42 });
    expect(r.modularity).toBeGreaterThanOrEqual(0.6);
    expect(normalizedMutualInformation(truth, r.communities)).toBeGreaterThan(0.85);
    expect(adjustedRandIndex(truth, r.communities)).toBeGreaterThan(0.75);
  });

  it('recovers a clearly planted partition exactly', () => {
    const p = plantedPartition({ nodes: 5000, edges: 50000, communities: 50, mixing: 0.2, seed: 9 });
    const r = louvain(p.graph);
    expect(r.count).toBe(50);
    expect(normalizedMutualInformation(p.truth, r.communities)).toBe(1);
  }, SLOW);
});

describe('louvain results', () => {
  const { graph } = plantedPartition({ nodes: 3000, edges: 24000, communities: 30, mixing: 0.4, seed: 2 });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = louvain(graph, { seed: 7 });
    expect(Array.from(louvain(graph, { seed: 7 }).communities)).toEqual(Array.from(a.communities));
    const others = [8, 9, 10].map((seed) => louvain(graph, { seed }).communities.join());
    expect(others.some((c) => c !== a.communities.join())).toBe(true);
  });

  it('returns a nested dendrogram, finest first, with modularity rising per level', () => {
    const r = louvainDetailed(graph, { seed: 3 });
    expect(r.levels.length).toBeGreaterThanOrEqual(2);
    for (let l = 1; l < r.levels.length; l++) {
      const fine = r.levels[l - 1];
      const coarse = r.levels[l];
      expect(coarse.count).toBeLessThan(fine.count);
      expect(coarse.modularity).toBeGreaterThan(fine.modularity);
      // Nested: nodes together at a fine level stay together at the coarser one.
      const parent = new Map<number, number>();
      for (let i = 0; i < graph.order; i++) {
        const p = parent.get(fine.communities[i]);
        if (p === undefined) parent.set(fine.communities[i], coarse.communities[i]);
        else expect(coarse.communities[i]).toBe(p);
      }
    }
    for (const level of r.levels) expect(level.modularity).toBeCloseTo(modularity(graph, level.communities), 10);
    expect(r.communities).toBe(r.levels[r.levels.length - 1].communities);
    expect(r.moves).toBeGreaterThan(0);
    expect(r.seconds).toBeGreaterThan(0);
    // Ids by size: community 0 is the largest.
    const sizes = new Array<number>(r.count).fill(0);
    for (const c of r.communities) sizes[c]++;
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  });

  it('honours maxLevels, resolution, ordering, sweep mode and unweighted runs', () => {
    const one = louvain(graph, { maxLevels: 1 });
    expect(one.levels).toHaveLength(1);
    expect(louvain(graph, { resolution: 3 }).count).toBeGreaterThan(louvain(graph, { resolution: 0.3 }).count);
    const base = louvain(graph).modularity;
    expect(louvain(graph, { ordering: 'natural' }).modularity).toBeGreaterThan(base - 0.02);
    expect(louvain(graph, { ordering: 'rotate' }).modularity).toBeGreaterThan(base - 0.02);
    expect(louvain(graph, { localMoves: 'sweep' }).modularity).toBeGreaterThan(base - 0.02);
    // A heavy edge inside a triangle pair changes the weighted answer only.
    const heavy = buildWeightedGraph(6, [0, 0, 1, 3, 3, 4, 2], [1, 2, 2, 4, 5, 5, 3], [1, 1, 1, 1, 1, 1, 30]);
    expect(louvain(heavy, { weighted: false }).count).toBe(2);
    // Weighted, the heavy bridge 2–3 holds its ends together: {0,1}, {2,3}, {4,5}.
    const weighted = louvain(heavy).communities;
    expect(weighted[2]).toBe(weighted[3]);
    expect(weighted[0]).not.toBe(weighted[2]);
    expect(() => louvain(heavy, { resolution: 0 })).toThrow(/resolution/);
  });

  it('handles edgeless and empty graphs', () => {
    const lonely = louvain(buildWeightedGraph(3, [], []));
    expect(lonely.count).toBe(3);
    expect(lonely.modularity).toBe(0);
    expect(louvain(buildWeightedGraph(0, [], [])).communities).toHaveLength(0);
  });
});
