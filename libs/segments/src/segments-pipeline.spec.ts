import { fromInteractions, EVENT_TYPE_CODE } from '@graphrec/projection';
import { buildUserGraph, buildUserGraphDetailed } from './user-graph';
import { profileSegments } from './profiles';
import { bestNextProduct } from './profile-next';
import { matchSegments } from './stability';
import { segmentUsers } from './segment-users';

const view = EVENT_TYPE_CODE.product_view;

/** A graph from (user, product) views and (user, product) owned devices, indexes only. */
function tiny(users: number, products: number, views: Array<[number, number]>, owned: Array<[number, number]>) {
  const ids = (p: string, k: number) => Array.from({ length: k }, (_, i) => `${p}${i}`);
  return fromInteractions({
    ids: { User: ids('U', users), Product: ids('P', products), Device: ids('D', owned.length) },
    events: {
      user: Int32Array.from(views, (v) => v[0]),
      product: Int32Array.from(views, (v) => v[1]),
      type: new Uint8Array(views.length).fill(view),
      timestamp: new Float64Array(views.length).fill(Date.UTC(2024, 0, 1)),
    },
    owns: { user: Int32Array.from(owned, (o) => o[0]), device: Int32Array.from(owned, (_, i) => i) },
    instanceOf: { device: Int32Array.from(owned, (_, i) => i), product: Int32Array.from(owned, (o) => o[1]) },
  });
}

describe('buildUserGraph', () => {
  it('bounds degree by 2k and edges by users × k, even for a product with 10,000 users', () => {
    const n = 10_000;
    const views: Array<[number, number]> = [];
    for (let u = 0; u < n; u++) views.push([u, 0], [u, 1 + (u % 7)]);
    const k = 10;
    const { graph, diagnostics } = buildUserGraphDetailed(tiny(n, 8, views, []), { k });
    expect(diagnostics.maxDegree).toBeLessThanOrEqual(2 * k);
    expect(graph.size).toBeLessThanOrEqual(n * k);
    // 50M pairs would be all owners of product 0; candidates stay near users × window × products.
    expect(diagnostics.candidates).toBeLessThan(n * 2 * 25);
    for (let u = 0; u < n; u++) expect(graph.offsets[u + 1] - graph.offsets[u]).toBeLessThanOrEqual(2 * k);
  });

  it('links users who own the same products more strongly than users who only viewed them', () => {
    const g = buildUserGraph(tiny(4, 2, [[2, 0], [3, 0]], [[0, 0], [1, 0], [2, 1], [3, 1]]), { k: 3, selection: 'top', minSimilarity: 0 });
    const w = (a: number, b: number) => {
      for (let j = g.offsets[a]; j < g.offsets[a + 1]; j++) if (g.targets[j] === b) return g.weights[j];
      return 0;
    };
    expect(w(0, 1)).toBeCloseTo(1, 5);
    expect(w(0, 2)).toBe(0); // 0 owns P0; 2 only viewed it: different dimensions
  });
});

describe('segmentUsers on the user graph', () => {
  it('keeps a large group of users with the same products together (no arcs of a candidate order)', () => {
    // 3,000 owners of P0 and 3,000 of P1, far above maxProductDegree, so candidates are sampled.
    // Candidates taken as windows of one shared user order made a ring of that order, and Louvain
    // cut each group into arcs (many segments, each a slice of the order).
    const n = 6_000;
    const owned: Array<[number, number]> = Array.from({ length: n }, (_, u) => [u, u < n / 2 ? 0 : 1]);
    const s = segmentUsers(tiny(n, 2, [], owned), { seed: 3 });
    expect(s.segmentCount).toBe(2);
    expect(new Set(s.segmentOf.subarray(0, n / 2)).size).toBe(1);
    expect(new Set(s.segmentOf.subarray(n / 2)).size).toBe(1);
  });
});

describe('profileSegments', () => {
  // Users 0-3 in segment 0, 4-7 in segment 1. P0 owned by 0,1,2 and 4; P1 owned by 5,6,7.
  const owned: Array<[number, number]> = [[0, 0], [1, 0], [2, 0], [4, 0], [5, 1], [6, 1], [7, 1]];
  const graph = tiny(8, 3, [[0, 2], [1, 2]], owned);
  const segmentation = { segmentOf: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), segmentCount: 2 };
  const p = profileSegments(graph, segmentation, { minSupport: 1 });

  it('computes penetration and lift over the whole base', () => {
    const p0 = p.segments[0].owned.find((x) => x.product === 'P0')!;
    expect(p0.penetration).toBeCloseTo(3 / 4);
    expect(p0.lift).toBeCloseTo(3 / 4 / (4 / 8));
    expect(p0.members).toBe(3);
    expect(p.segments[1].owned[0]).toMatchObject({ product: 'P1', penetration: 0.75, lift: 2 });
    expect(p.segments[0].size).toBe(4);
    expect(p.segments[0].share).toBe(0.5);
  });

  it('labels segments uniquely', () => {
    const labels = p.segments.map((s) => s.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('never proposes a product most of the segment already has', () => {
    for (const s of p.segments) {
      if (!s.next) continue;
      const has = s.owned.find((o) => o.product === s.next!.product);
      expect(has?.penetration ?? 0).toBeLessThan(0.5);
    }
    // Segment 0 mostly has P0, its peer segment has P1: P1 is the gap.
    expect(p.segments[0].next).toMatchObject({ product: 'P1', lacking: 4 });
    expect(p.segments[1].next?.product).toBe('P0');
    expect(p.segments[1].next?.lacking).toBe(3);
  });

  it('respects compatibility when given: an accessory needs a base', () => {
    // P1 needs P2 (nobody owns P2): segment 0 cannot be offered P1.
    const q = profileSegments(graph, segmentation, { minSupport: 1, compatibleWith: (i) => (i === 1 ? [2] : undefined) });
    expect(q.compatibilityChecked).toBe(true);
    expect(q.segments[0].next?.product).not.toBe('P1');
  });

  it('weighs the gap by how many members could buy it: a standalone product beats an accessory few can use', () => {
    // Segment 1 owns base P0, its accessory P1 and standalone P2; in segment 0 only user 0 owns P0.
    const owned: Array<[number, number]> = [[0, 0], [1, 3], [2, 3], [3, 3], [4, 3]];
    for (let u = 5; u < 10; u++) owned.push([u, 0], [u, 1], [u, 2]);
    const g = tiny(10, 4, [], owned);
    const hasN = new Float64Array(2 * 4);
    for (const [u, prod] of owned) hasN[(u < 5 ? 0 : 1) * 4 + prod]++;
    const next = bestNextProduct({
      S: 2, P: 4, n: 10, sizes: Float64Array.from([5, 5]), hasN, seg: Int32Array.from({ length: 10 }, (_, u) => (u < 5 ? 0 : 1)), graph: g,
      compatibleWith: (prod) => (prod === 1 ? [0] : undefined), maxPenetration: 0.5, similar: 1, pid: ['P0', 'P1', 'P2', 'P3'], name: (prod) => `P${prod}`,
    });
    // P1's gap (1.0) ties P2's, but only 1 of 5 members has its base: P2 (reach 5/5) wins.
    expect(next[0]).toMatchObject({ product: 'P2', lacking: 5 });
    expect(next[0]!.score).toBeCloseTo(1);
  });
});

describe('matchSegments', () => {
  const users = Array.from({ length: 12 }, (_, i) => `U${i}`);
  const prev = { users, segmentOf: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]), segmentIds: ['S01', 'S02', 'S05'] };

  it('keeps ids on a permuted, relabelled partition', () => {
    const order = [11, 3, 7, 0, 5, 9, 1, 2, 4, 6, 8, 10];
    const relabel = [2, 0, 1];
    const cur = { users: order.map((i) => users[i]), segmentOf: Int32Array.from(order, (i) => relabel[prev.segmentOf[i]]) };
    const m = matchSegments(prev, cur);
    expect(m.segmentIds).toEqual(['S02', 'S05', 'S01']);
    expect(m).toMatchObject({ moved: 0, joined: 0, left: 0 });
    expect(m.ari).toBeCloseTo(1);
    expect(m.nmi).toBeCloseTo(1);
  });

  it('counts moved users, joiners and leavers, and gives new segments fresh ids', () => {
    // U3 moves to segment 1; U11 leaves; X1, X2, X3 join as a new segment.
    const cur = {
      users: [...users.slice(0, 11), 'X1', 'X2', 'X3'],
      segmentOf: Int32Array.from([0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3]),
    };
    const m = matchSegments(prev, cur);
    expect(m.segmentIds).toEqual(['S01', 'S02', 'S05', 'S06']);
    expect(m).toMatchObject({ moved: 1, joined: 3, left: 1 });
  });
});
