import { mergeSmallCommunities } from './merge-small';
import { buildWeightedGraph } from './weighted-graph';

describe('mergeSmallCommunities', () => {
  // Community A = 0..3 (a 4-clique), B = 4..6 (a triangle); node 7 links to A with weight 1 and
  // to B with weight 3; node 8 links to A and B with weight 1 each; nodes 9-10 form a pair with no
  // other edges; node 11 has no edges at all.
  const s = [0, 0, 0, 1, 1, 2, 4, 4, 5, 7, 7, 8, 8, 9];
  const t = [1, 2, 3, 2, 3, 3, 5, 6, 6, 0, 4, 1, 5, 10];
  const w = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1];
  const graph = buildWeightedGraph(12, s, t, w);
  const communities = [0, 0, 0, 0, 1, 1, 1, 2, 3, 4, 4, 5];

  it('moves a small community to the neighbour it shares most weight with, ties to the larger one', () => {
    const r = mergeSmallCommunities(graph, communities, { minSize: 3 });
    const c = r.communities;
    expect(c[7]).toBe(c[4]); // weight 3 to B beats 1 to A
    expect(c[8]).toBe(c[0]); // tie 1–1: A has 4 nodes, B 3
    expect(c[9]).toBe(c[10]); // the isolated pair stays as it is ('keep')
    expect(c[9]).not.toBe(c[0]);
    expect(c[11]).not.toBe(c[9]);
    expect(r.merged).toBe(2);
    expect(r.stillSmall).toBe(2);
    expect(r.count).toBe(4);
    expect(r.other).toBe(-1);
  });

  it("puts isolated small communities into one 'other' community when asked", () => {
    const r = mergeSmallCommunities(graph, communities, { minSize: 3, isolated: 'other' });
    expect(r.count).toBe(3);
    expect(r.communities[9]).toBe(r.other);
    expect(r.communities[11]).toBe(r.other);
    expect(r.communities[0]).not.toBe(r.other);
  });

  it('lets small neighbours merge with each other, then keeps going', () => {
    // A path 0-1-2-3 of singletons with minSize 4 ends as one community.
    const path = buildWeightedGraph(4, [0, 1, 2], [1, 2, 3]);
    const r = mergeSmallCommunities(path, [0, 1, 2, 3], { minSize: 4 });
    expect(r.count).toBe(1);
    expect(Array.from(r.communities)).toEqual([0, 0, 0, 0]);
  });

  it('changes nothing with the default minSize of 1 (except numbering by size)', () => {
    const r = mergeSmallCommunities(graph, communities);
    expect(r.merged).toBe(0);
    expect(r.count).toBe(6);
    expect(Array.from(r.communities.slice(0, 4))).toEqual([0, 0, 0, 0]);
  });
});
