/**
 * The one code path from indexed arrays to a HeteroGraph. Neo4j, files and evaluation splits all
 * end here, so every later stage sees graphs made the same way.
 */
import { buildCsr, Csr, degree, reverseCsr } from './csr';
import { FEATURE_SPECS, FeatureEncoder, FeatureEncoderJSON, FieldSpec, PropertyAccessor, fitEncoder } from './features';
import {
  EventLog,
  GraphEncoders,
  HeteroGraph,
  NodeSet,
  PROJECTED_LABELS,
  ProjectedLabel,
  ProjectionReport,
  RELATION_ENDS,
  Relation,
  RelationName,
} from './graph';
import { PURCHASE_CODE, WeightOptions, baseWeights, eventWeight, resolveWeights } from './weights';

export interface InteractionInput {
  /** Node ids per label; array positions are the indexes used below and in the graph. */
  ids: { User: readonly string[]; Product: readonly string[]; Device?: readonly string[] };
  events: {
    user: Int32Array;
    product: Int32Array;
    /** Index into EVENT_TYPES (see EVENT_TYPE_CODE). */
    type: Uint8Array;
    /** Epoch ms. */
    timestamp: Float64Array;
    /** NaN for "no value"; all absent when omitted. */
    value?: Float32Array;
  };
  owns?: { user: Int32Array; device: Int32Array };
  instanceOf?: { device: Int32Array; product: Int32Array };
  /** Properties per label for the features; a label without them gets degree columns only. */
  props?: Partial<Record<ProjectedLabel, PropertyAccessor>>;
}

export interface ProjectionOptions {
  weights?: Partial<WeightOptions>;
  /** Encoders of an earlier graph (or their JSON): encode with them instead of fitting new ones (train/test, new data). */
  encoders?: Partial<Record<ProjectedLabel, FeatureEncoder | FeatureEncoderJSON>>;
  /** Which properties become features (default FEATURE_SPECS). */
  featureSpecs?: Partial<Record<ProjectedLabel, readonly FieldSpec[]>>;
  /** Keep the per-event arrays on the graph (`graph.events`), e.g. for temporal splits. */
  keepEvents?: boolean;
}

/**
 * The instant ages are measured from: the latest event, but never later than the real clock. A
 * single event dated 9999-01-01 once made every other event ~8000 years old, every decayed
 * weight 0, and the next training's validation metric NaN.
 */
export function defaultAsOf(timestamps: Float64Array, now = Date.now()): number {
  let max = -Infinity;
  for (let i = 0; i < timestamps.length; i++) if (timestamps[i] > max && Number.isFinite(timestamps[i])) max = timestamps[i];
  return Number.isFinite(max) ? Math.min(max, now) : 0;
}

function relation(name: RelationName, sizes: Record<ProjectedLabel, number>, built: { csr: Csr; times?: Float64Array }): Relation {
  const { source, target } = RELATION_ENDS[name];
  const reverse = reverseCsr(built.csr, sizes[target]);
  const rel: Relation = { name, source, target, out: built.csr, in: reverse.csr, inToOut: reverse.outIndex, edgeCount: built.csr.targets.length };
  if (built.times) rel.lastTime = built.times;
  return rel;
}

/** Ownership and "instance of" are facts, not counts: a repeated row is the same edge, weight 1. */
function unitWeights(built: { csr: Csr }): { csr: Csr } {
  built.csr.weights.fill(1);
  return built;
}

export function fromInteractions(input: InteractionInput, options: ProjectionOptions = {}, report?: Partial<ProjectionReport>): HeteroGraph {
  const started = performance.now();
  const ids = { User: input.ids.User, Product: input.ids.Product, Device: input.ids.Device ?? [] };
  const sizes = { User: ids.User.length, Product: ids.Product.length, Device: ids.Device.length };
  const ev = input.events;
  const m = ev.user.length;
  const asOf = options.weights?.asOf ?? defaultAsOf(ev.timestamp);
  const weights = resolveWeights({ ...options.weights, asOf });
  const table = baseWeights(weights);

  const eventW = new Float32Array(m);
  let kept = 0;
  let purchases = 0;
  for (let i = 0; i < m; i++) {
    eventW[i] = eventWeight(ev.type[i], ev.value ? ev.value[i] : NaN, ev.timestamp[i], asOf, weights, table);
    // Stored as float32: a value of 1e308 (loaded before values were bounded) becomes Infinity
    // here and would make every later training fail. Such an event is skipped, like a weight-0 one.
    if (!Number.isFinite(eventW[i])) eventW[i] = 0;
    if (eventW[i] > 0) kept++;
    if (ev.type[i] === PURCHASE_CODE) purchases++;
  }
  const iu = new Int32Array(kept);
  const ip = new Int32Array(kept);
  const iw = new Float32Array(kept);
  const it = new Float64Array(kept);
  const pu = new Int32Array(purchases);
  const pp = new Int32Array(purchases);
  for (let i = 0, k = 0, p = 0; i < m; i++) {
    if (eventW[i] > 0) {
      iu[k] = ev.user[i];
      ip[k] = ev.product[i];
      iw[k] = eventW[i];
      it[k++] = ev.timestamp[i];
    }
    if (ev.type[i] === PURCHASE_CODE) {
      pu[p] = ev.user[i];
      pp[p++] = ev.product[i];
    }
  }
  const none = new Int32Array(0);
  const owns = input.owns ?? { user: none, device: none };
  const inst = input.instanceOf ?? { device: none, product: none };
  const relations: Record<RelationName, Relation> = {
    interacted: relation('interacted', sizes, buildCsr(sizes.User, sizes.Product, iu, ip, iw, it)),
    purchased: relation('purchased', sizes, buildCsr(sizes.User, sizes.Product, pu, pp, new Float32Array(purchases).fill(1))),
    owns: relation('owns', sizes, unitWeights(buildCsr(sizes.User, sizes.Device, owns.user, owns.device, new Float32Array(owns.user.length)))),
    instanceOf: relation('instanceOf', sizes, unitWeights(buildCsr(sizes.Device, sizes.Product, inst.device, inst.product, new Float32Array(inst.device.length)))),
  };
  const edgesSeconds = (performance.now() - started) / 1000;

  const csrByKey = (key: string): Csr | undefined => {
    const [name, dir] = key.split('.') as [RelationName, 'out' | 'in'];
    return relations[name]?.[dir];
  };
  const noProps: PropertyAccessor = () => undefined;
  const productProps = input.props?.Product ?? noProps;
  const deviceProps = input.props?.Device ?? noProps;
  const instOut = relations.instanceOf.out;
  const accessors: Record<ProjectedLabel, PropertyAccessor> = {
    User: input.props?.User ?? noProps,
    Product: productProps,
    // A device's product category is read through its INSTANCE_OF edge.
    Device: (i, field) =>
      field === 'product_category'
        ? instOut.offsets[i + 1] > instOut.offsets[i]
          ? productProps(instOut.targets[instOut.offsets[i]], 'category')
          : undefined
        : deviceProps(i, field),
  };
  const encoders = {} as GraphEncoders;
  const features = {} as HeteroGraph['features'];
  for (const label of PROJECTED_LABELS) {
    const given = options.encoders?.[label];
    encoders[label] = given
      ? given instanceof FeatureEncoder
        ? given
        : FeatureEncoder.fromJSON(given)
      : fitEncoder(label, options.featureSpecs?.[label] ?? FEATURE_SPECS[label], sizes[label], accessors[label], (key) => csrByKey(key)?.targets.length ?? 0, asOf);
    features[label] = encoders[label].encodeAll(sizes[label], accessors[label], (i, key) => {
      const csr = csrByKey(key);
      return csr ? degree(csr, i) : 0;
    });
  }

  let events: EventLog | undefined;
  if (options.keepEvents) {
    events = { user: ev.user, product: ev.product, type: ev.type, timestamp: ev.timestamp, value: ev.value ?? new Float32Array(m).fill(NaN) };
  }
  return {
    nodes: {
      User: new NodeSet('User', ids.User),
      Product: new NodeSet('Product', ids.Product),
      Device: new NodeSet('Device', ids.Device),
    },
    relations,
    features,
    encoders,
    asOf,
    weights,
    events,
    report: {
      source: report?.source ?? 'arrays',
      rows: report?.rows ?? { events: m },
      skipped: report?.skipped ?? {},
      ignoredEvents: m - kept,
      seconds: { ...report?.seconds, edges: edgesSeconds, total: (performance.now() - started) / 1000 + (report?.seconds?.read ?? 0) },
    },
  };
}
