import { decodeCursor } from '../common/values';
import { RawNode } from './graph-ids';
import { buildProductMap, buildSegmentView, buildUserView, CO_OWNED_PER_PRODUCT, nextBestOf, SIMILAR_PER_PRODUCT } from './views.build';

const node = (label: string, props: Record<string, unknown>): RawNode => ({ elementId: `${label}:${String(props.id ?? props.segmentId)}`, labels: [label], props });
const product = (id: string) => node('Product', { id, name: `Product ${id}`, category: 'chime' });

describe('aggregated views as graphs', () => {
  it('user: one ENGAGED edge per product with counts by type, devices to their products, the segment', () => {
    const view = buildUserView({
      user: node('User', { id: 'U1' }),
      engaged: [{ product: product('P1'), byType: [{ type: 'view', count: 3 }, { type: 'purchase', count: 1 }], total: 4, lastAt: '2025-01-02' }],
      engagedTotal: 1,
      devices: [{ device: node('Device', { id: 'D1' }), product: product('P1') }, { device: node('Device', { id: 'D2' }), product: product('P2') }],
      devicesTotal: 3,
      segment: node('Segment', { segmentId: 'S1', label: 'Doorbell owners' }),
    });
    expect(view.nodes.map((n) => n.id).sort()).toEqual(['Device:D1', 'Device:D2', 'Product:P1', 'Product:P2', 'Segment:S1', 'User:U1']);
    const engaged = view.edges.find((e) => e.type === 'ENGAGED');
    expect(engaged).toMatchObject({ source: 'User:U1', target: 'Product:P1', weight: 4, properties: { events: { view: 3, purchase: 1 }, total: 4, lastAt: '2025-01-02' } });
    expect(view.edges.filter((e) => e.type === 'INSTANCE_OF').map((e) => e.target)).toEqual(['Product:P1', 'Product:P2']);
    expect(view.nodes.find((n) => n.id === 'User:U1')?.segmentId).toBe('S1');
    expect(view.truncated).toBe(true); // 3 devices, 2 shown
  });

  it('segment: the page without the look-ahead row, its cursor, lift against the base', () => {
    const members = ['U1', 'U2', 'U3'].map((id) => node('User', { id }));
    const view = buildSegmentView(
      { segment: node('Segment', { segmentId: 'S1', label: 'x', size: 10 }), size: 10, members, products: [{ product: product('P1'), holders: 5, baseHolders: 20 }], users: 100, next: product('P9') },
      2,
      nextBestOf({ next: { product: 'P9', name: 'Floodlight', penetration: 0.1, expected: 0.4, lacking: 9, score: 3 } }),
    );
    expect(view.edges.find((e) => e.type === 'NEXT_BEST')).toMatchObject({ source: 'Segment:S1', target: 'Product:P9', weight: 3, properties: { penetration: 0.1, expected: 0.4, lacking: 9 } });
    expect(nextBestOf({ next: null })).toBeUndefined();
    expect(nextBestOf('not a profile')).toBeUndefined();
    expect(view.nodes.filter((n) => n.label === 'User')).toHaveLength(2);
    expect(view.pageInfo?.hasNextPage).toBe(true);
    expect(decodeCursor(view.pageInfo?.endCursor as string)).toBe('U2');
    expect(view.totalCount).toBe(10);
    // 5 of 10 members vs 20 of 100 users: 0.5 / 0.2.
    expect(view.edges.find((e) => e.type === 'HOLDS')?.properties).toMatchObject({ holders: 5, share: 0.5, lift: 2.5 });
  });

  it('product map: holders on nodes, the best few similar and co-owned partners per product', () => {
    const ids = ['A', 'B', 'C', 'D', 'E'];
    const products = ids.map((id, i) => ({ ...product(id), holders: 10 - i }));
    const similar = ids.flatMap((a) => ids.filter((b) => b !== a).map((b, r) => ({ source: a, target: b, score: 1 - r / 10, share: 0.1, rank: r + 1 })));
    const coOwned = [
      { source: 'A', target: 'B', users: 9 },
      { source: 'A', target: 'C', users: 8 },
      { source: 'A', target: 'D', users: 7 },
      { source: 'A', target: 'E', users: 1 },
      { source: 'D', target: 'E', users: 0 },
    ];
    const view = buildProductMap({ products, similar, coOwned }, 5);
    expect(view.nodes.map((n) => n.properties.holders)).toEqual([10, 9, 8, 7, 6]);
    expect(view.edges.filter((e) => e.type === 'SIMILAR_TO')).toHaveLength(5 * SIMILAR_PER_PRODUCT);
    const co = view.edges.filter((e) => e.type === 'CO_OWNED');
    // A keeps its 3 strongest; A–E survives as E's strongest; a pair nobody holds is no edge.
    expect(co.map((e) => `${e.source}-${e.target}`)).toEqual(['Product:A-Product:B', 'Product:A-Product:C', 'Product:A-Product:D', 'Product:A-Product:E']);
    expect(co.filter((e) => e.source === 'Product:A').length).toBeGreaterThan(CO_OWNED_PER_PRODUCT);
    expect(view.truncated).toBe(false);
    expect(buildProductMap({ products, similar, coOwned }, 4).truncated).toBe(true);
  });
});
