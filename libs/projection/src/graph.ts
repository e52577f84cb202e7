import { Csr, csrBytes } from './csr';
import { FeatureEncoder, Features } from './features';
import { WeightOptions } from './weights';

export const PROJECTED_LABELS = ['User', 'Product', 'Device'] as const;
export type ProjectedLabel = (typeof PROJECTED_LABELS)[number];

export const RELATION_NAMES = ['interacted', 'purchased', 'owns', 'instanceOf'] as const;
export type RelationName = (typeof RELATION_NAMES)[number];

export const RELATION_ENDS: Readonly<Record<RelationName, { source: ProjectedLabel; target: ProjectedLabel }>> = {
  interacted: { source: 'User', target: 'Product' },
  purchased: { source: 'User', target: 'Product' },
  owns: { source: 'User', target: 'Device' },
  instanceOf: { source: 'Device', target: 'Product' },
};

/** The nodes of one label, densely indexed 0..size-1 (in id order when built from Neo4j or files). */
export class NodeSet {
  private readonly index: Map<string, number>;

  constructor(
    readonly label: ProjectedLabel,
    readonly ids: readonly string[],
  ) {
    this.index = new Map(ids.map((id, i) => [id, i]));
    if (this.index.size !== ids.length) throw new Error(`${label} ids are not unique`);
  }

  get size(): number {
    return this.ids.length;
  }

  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }
}

export interface Relation {
  name: RelationName;
  source: ProjectedLabel;
  target: ProjectedLabel;
  /** Rows are sources, targets sorted within a row, duplicates merged (weights summed). */
  out: Csr;
  /** The same edges by target; `inToOut[j]` is the out-position of in-edge j. */
  in: Csr;
  inToOut: Int32Array;
  edgeCount: number;
  /** `interacted` only: latest event time (epoch ms) per edge, aligned with `out` (use `inToOut` from the other side). */
  lastTime?: Float64Array;
}

/** Every event that was projected, by node index, for splits and re-projection (`keepEvents`). */
export interface EventLog {
  user: Int32Array;
  product: Int32Array;
  /** Index into EVENT_TYPES. */
  type: Uint8Array;
  /** Epoch ms. */
  timestamp: Float64Array;
  /** NaN where the event had no value. */
  value: Float32Array;
}

export type GraphEncoders = Record<ProjectedLabel, FeatureEncoder>;

export interface ProjectionReport {
  source: 'neo4j' | 'files' | 'arrays';
  /** Rows read per query (Neo4j) or per file (files). */
  rows: Record<string, number>;
  /** Rows of the files that were skipped (invalid, or a reference to something unknown), per file. */
  skipped: Record<string, number>;
  /** Events that added nothing to `interacted` (a type weighted 0, or a value ≤ 0). */
  ignoredEvents: number;
  seconds: Record<string, number>;
}

export interface HeteroGraph {
  nodes: Record<ProjectedLabel, NodeSet>;
  relations: Record<RelationName, Relation>;
  features: Record<ProjectedLabel, Features>;
  encoders: GraphEncoders;
  /** The instant edge ages and signup ages are measured from (epoch ms). */
  asOf: number;
  weights: WeightOptions;
  events?: EventLog;
  report: ProjectionReport;
}

export interface GraphSummary {
  nodes: Record<ProjectedLabel, number>;
  edges: Record<RelationName, number>;
  featureColumns: Record<ProjectedLabel, number>;
  asOf: string;
  /** Bytes of the typed arrays (CSR both ways, edge times, features, event log); id strings and maps not included. */
  bytes: { relations: number; features: number; events: number; total: number };
}

export function summary(graph: HeteroGraph): GraphSummary {
  const map = <K extends string, V>(keys: readonly K[], f: (k: K) => V) => Object.fromEntries(keys.map((k) => [k, f(k)])) as Record<K, V>;
  const relations = RELATION_NAMES.reduce((n, r) => {
    const rel = graph.relations[r];
    return n + csrBytes(rel.out) + csrBytes(rel.in) + rel.inToOut.byteLength + (rel.lastTime?.byteLength ?? 0);
  }, 0);
  const features = PROJECTED_LABELS.reduce((n, l) => n + graph.features[l].data.byteLength, 0);
  const e = graph.events;
  const events = e ? e.user.byteLength + e.product.byteLength + e.type.byteLength + e.timestamp.byteLength + e.value.byteLength : 0;
  return {
    nodes: map(PROJECTED_LABELS, (l) => graph.nodes[l].size),
    edges: map(RELATION_NAMES, (r) => graph.relations[r].edgeCount),
    featureColumns: map(PROJECTED_LABELS, (l) => graph.features[l].cols),
    asOf: new Date(graph.asOf).toISOString(),
    bytes: { relations, features, events, total: relations + features + events },
  };
}
