/**
 * The aggregated views as graphs: rows of cypher/api/view-*.cypher in, GraphView out. Pure (no
 * database, no Nest), so what each view shows is unit-tested on hand-made rows (views.build.spec.ts).
 */
import { encodeCursor, plain } from '../common/values';
import { GraphNode, PageInfo } from '../graphql/models';
import { RawNode, toGraphNode } from './graph-ids';
import { GraphView, ViewEdge, ViewEdgeType } from './views.models';

/** Co-ownership edges kept per product on the map: its strongest partners (the rest is a hairball). */
export const CO_OWNED_PER_PRODUCT = 3;
/** Similarity edges kept per product on the map: its best-ranked few (a served run may hold 30 each: 900 lines). */
export const SIMILAR_PER_PRODUCT = 3;
/** Products shown under a segment: the ones most of its members hold. */
export const SEGMENT_TOP_PRODUCTS = 10;

export interface UserViewRow {
  user: RawNode;
  engaged: { product: RawNode; byType: { type: string; count: number }[]; total: number; lastAt: string | null }[];
  engagedTotal: number;
  devices: { device: RawNode; product: RawNode }[];
  devicesTotal: number;
  segment: RawNode | null;
}

export interface ProductViewRow {
  product: RawNode;
  holders: number;
  related: { product: RawNode; score: number; cosine: number | null; share: number | null; coUsers: number | null; rank: number }[];
  segments: { segment: RawNode; holders: number }[];
}

export interface SegmentViewRow {
  segment: RawNode;
  size: number;
  members: RawNode[];
  products: { product: RawNode; holders: number; baseHolders: number }[];
  users: number;
  /** The profile's next best product, when it names one that exists. */
  next: RawNode | null;
}

/** What a segment profile says of its next best product (libs/segments BestNextProduct). */
export interface NextBest {
  product: string;
  penetration?: number;
  expected?: number;
  lacking?: number;
  score?: number;
}

/** The next best product of a profile (JSON from libs/segments), read defensively: undefined when it names none. */
export function nextBestOf(profile: unknown): NextBest | undefined {
  const next = profile && typeof profile === 'object' ? (profile as { next?: unknown }).next : undefined;
  if (!next || typeof next !== 'object') return undefined;
  const n = next as Record<string, unknown>;
  if (typeof n.product !== 'string' || !n.product) return undefined;
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return { product: n.product, penetration: num(n.penetration), expected: num(n.expected), lacking: num(n.lacking), score: num(n.score) };
}

export interface ProductMapRow {
  products: (RawNode & { holders: number })[];
  similar: { source: string; target: string; score: number; share: number | null; rank: number }[];
  coOwned: { source: string; target: string; users: number }[];
}

/** Accumulates nodes (once each, by global id) and edges (stable ids) of one view. */
class ViewBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, ViewEdge>();

  constructor(private readonly segmentOf: ReadonlyMap<string, string> = new Map()) {}

  /** The node's global id; extra properties (aggregates such as holders) are merged into its own. */
  node(raw: RawNode, extra: Record<string, unknown> = {}): string | undefined {
    const built = toGraphNode(raw, this.segmentOf);
    if (!built) return undefined;
    const seen = this.nodes.get(built.id);
    if (seen) Object.assign(seen.properties, extra);
    else this.nodes.set(built.id, Object.assign(built, { properties: { ...built.properties, ...extra } }));
    return built.id;
  }

  edge(type: ViewEdgeType, source: string | undefined, target: string | undefined, weight: number, properties: Record<string, unknown> = {}): void {
    if (!source || !target) return;
    const id = `${type}:${source}->${target}`;
    if (!this.edges.has(id)) this.edges.set(id, Object.assign(new ViewEdge(), { id, type, source, target, weight, properties: plain(properties) as Record<string, unknown> }));
  }

  build(truncated: boolean, page: { totalCount: number; pageInfo: PageInfo } | null = null): GraphView {
    return Object.assign(new GraphView(), {
      nodes: [...this.nodes.values()],
      edges: [...this.edges.values()],
      truncated,
      totalCount: page?.totalCount ?? null,
      pageInfo: page?.pageInfo ?? null,
    });
  }
}

const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function buildUserView(row: UserViewRow): GraphView {
  const userId = String(row.user.props.id);
  const segmentId = row.segment ? String(row.segment.props.segmentId) : undefined;
  const b = new ViewBuilder(segmentId ? new Map([[userId, segmentId]]) : new Map());
  const user = b.node(row.user);
  for (const e of row.engaged) {
    const events = Object.fromEntries([...e.byType].sort((x, y) => y.count - x.count || x.type.localeCompare(y.type)).map((t) => [t.type, t.count]));
    b.edge(ViewEdgeType.ENGAGED, user, b.node(e.product), e.total, { events, total: e.total, lastAt: e.lastAt });
  }
  for (const d of row.devices) {
    const device = b.node(d.device);
    b.edge(ViewEdgeType.OWNS, user, device, 1);
    b.edge(ViewEdgeType.INSTANCE_OF, device, b.node(d.product), 1);
  }
  if (row.segment) b.edge(ViewEdgeType.IN_SEGMENT, user, b.node(row.segment), 1);
  return b.build(row.engagedTotal > row.engaged.length || row.devicesTotal > row.devices.length);
}

export function buildProductView(row: ProductViewRow, first: number): GraphView {
  const b = new ViewBuilder();
  const product = b.node(row.product, { holders: row.holders });
  // The rows hold up to first + 1 of each list: the extra one only says that more exist.
  for (const r of row.related.slice(0, first)) {
    b.edge(ViewEdgeType.SIMILAR_TO, product, b.node(r.product), r.score, { score: r.score, cosine: r.cosine, share: r.share, coUsers: r.coUsers, rank: r.rank });
  }
  for (const s of row.segments.slice(0, first)) {
    const size = Number(s.segment.props.size ?? 0);
    b.edge(ViewEdgeType.HOLDS, b.node(s.segment), product, s.holders, { holders: s.holders, share: size > 0 ? round(s.holders / size) : null });
  }
  return b.build(row.related.length > first || row.segments.length > first);
}

/** `rows.members` holds up to first + 1 users: the extra one only says that another page follows. */
export function buildSegmentView(row: SegmentViewRow, first: number, next?: NextBest): GraphView {
  const segmentId = String(row.segment.props.segmentId);
  const page = row.members.slice(0, first);
  const b = new ViewBuilder(new Map(page.map((m) => [String(m.props.id), segmentId])));
  const segment = b.node(row.segment);
  for (const m of page) b.edge(ViewEdgeType.IN_SEGMENT, b.node(m), segment, 1);
  for (const p of row.products) {
    const share = row.size > 0 ? p.holders / row.size : 0;
    const baseShare = row.users > 0 ? p.baseHolders / row.users : 0;
    b.edge(ViewEdgeType.HOLDS, segment, b.node(p.product, { holders: p.baseHolders }), p.holders, {
      holders: p.holders,
      share: round(share),
      lift: baseShare > 0 ? round(share / baseShare, 2) : null,
    });
  }
  if (row.next && next) {
    b.edge(ViewEdgeType.NEXT_BEST, segment, b.node(row.next), next.score ?? 1, {
      penetration: next.penetration ?? null,
      expected: next.expected ?? null,
      lacking: next.lacking ?? null,
    });
  }
  const last = page[page.length - 1];
  const hasNextPage = row.members.length > first;
  return b.build(hasNextPage, { totalCount: row.size, pageInfo: { hasNextPage, endCursor: last ? encodeCursor(String(last.props.id)) : null } });
}

/**
 * The product map: every product, similarity edges as they are, and co-ownership edges kept when
 * the pair is among the CO_OWNED_PER_PRODUCT strongest of either end.
 */
export function buildProductMap(row: ProductMapRow, first: number, perProduct = CO_OWNED_PER_PRODUCT): GraphView {
  const b = new ViewBuilder();
  const globalId = new Map<string, string>();
  // Up to first + 1 products: the extra one only says that the catalogue is larger than the map.
  for (const p of row.products.slice(0, first)) {
    const { holders, ...raw } = p;
    const id = b.node(raw, { holders });
    if (id) globalId.set(String(raw.props.id), id);
  }
  const bestFirst = [...row.similar].sort((x, y) => x.rank - y.rank || x.source.localeCompare(y.source) || x.target.localeCompare(y.target));
  const kept = new Map<string, number>();
  for (const s of bestFirst) {
    const n = kept.get(s.source) ?? 0;
    if (n >= SIMILAR_PER_PRODUCT) continue;
    kept.set(s.source, n + 1);
    b.edge(ViewEdgeType.SIMILAR_TO, globalId.get(s.source), globalId.get(s.target), s.score, { score: s.score, share: s.share, rank: s.rank });
  }
  const strongest = new Map<string, Set<string>>();
  const byUsers = [...row.coOwned].sort((x, y) => y.users - x.users || x.source.localeCompare(y.source) || x.target.localeCompare(y.target));
  const keep = new Set<(typeof byUsers)[number]>();
  for (const pair of byUsers) {
    for (const end of [pair.source, pair.target]) {
      const set = strongest.get(end) ?? new Set<string>();
      strongest.set(end, set);
      if (set.size < perProduct) {
        set.add(`${pair.source}|${pair.target}`);
        keep.add(pair);
      }
    }
  }
  for (const pair of byUsers) {
    if (keep.has(pair) && pair.users > 0) b.edge(ViewEdgeType.CO_OWNED, globalId.get(pair.source), globalId.get(pair.target), pair.users, { users: pair.users });
  }
  return b.build(row.products.length > first);
}
