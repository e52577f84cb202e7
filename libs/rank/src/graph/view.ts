/**
 * The projected graph as it stood at a cutoff: events before it, what users held then, and the
 * raw user and product attributes decoded back from the projection's feature encoders. Training
 * builds its state and user inputs from a view at `asOf - labelDays` (labels are the purchases
 * after it); the served state is built from the view at `asOf` (everything).
 *
 * Ownership edges carry no time in the projection, so "held at the cutoff" is approximated: a
 * device's product counts as held unless the user's first purchase of that product is at or after
 * the cutoff (the device came with that purchase).
 */
import { EVENT_TYPES } from '@graphrec/graph-model';
import type { FeatureBlock, HeteroGraph } from '@graphrec/projection';

const YEAR_MS = 365.25 * 86_400_000;

export interface GraphView {
  graph: HeteroGraph;
  /** Events strictly before this instant are visible (epoch ms); `graph.asOf + 1` for all. */
  cut: number;
  /** The view's "now" for ages and recencies: min(cut, graph.asOf). */
  asOf: number;
  users: number;
  products: number;
  /** Per user, indexes into graph.events of its visible events (CSR). */
  userEvents: { offsets: Int32Array; events: Int32Array };
  /** Per user, held products at the cutoff (CSR, ascending) and owned devices then. */
  held: { offsets: Int32Array; targets: Int32Array };
  devices: Int32Array;
  /** Index of 'purchase' in EVENT_TYPES (the event log's type codes). */
  purchaseCode: number;
}

/** Column offset of each encoder block (same order as FeatureEncoder.columns). */
function blockOffsets(blocks: readonly FeatureBlock[]): number[] {
  const out: number[] = [];
  let c = 0;
  for (const b of blocks) {
    out.push(c);
    if (b.kind === 'oneHot') c += b.values.length + 1;
    else if (b.kind === 'multiHot') c += b.values.length;
    else if (b.kind === 'number') c += b.missingFlag ? 2 : 1;
    else c += 1;
  }
  return out;
}

/** A one-hot field back to its values (null: missing or outside the vocabulary), plus the vocabulary. */
export function decodeCategory(graph: HeteroGraph, label: 'User' | 'Product', field: string): { values: (string | null)[]; vocabulary: string[] } {
  const encoder = graph.encoders[label];
  const features = graph.features[label];
  const at = encoder.blocks.findIndex((b) => b.kind === 'oneHot' && b.field === field);
  const rows = features.rows;
  if (at < 0) return { values: new Array<string | null>(rows).fill(null), vocabulary: [] };
  const block = encoder.blocks[at] as Extract<FeatureBlock, { kind: 'oneHot' }>;
  const offset = blockOffsets(encoder.blocks)[at];
  const values: (string | null)[] = [];
  for (let i = 0; i < rows; i++) {
    let v: string | null = null;
    for (let k = 0; k < block.values.length; k++) if (features.data[i * features.cols + offset + k] === 1) v = block.values[k];
    values.push(v);
  }
  return { values, vocabulary: [...block.values] };
}

/** A number field back to its raw value (NaN when missing): log1p undone, years before asOf turned into epoch ms. */
export function decodeNumber(graph: HeteroGraph, label: 'User' | 'Product', field: string): Float64Array {
  const encoder = graph.encoders[label];
  const features = graph.features[label];
  const at = encoder.blocks.findIndex((b) => b.kind === 'number' && b.field === field);
  const out = new Float64Array(features.rows).fill(Number.NaN);
  if (at < 0) return out;
  const block = encoder.blocks[at] as Extract<FeatureBlock, { kind: 'number' }>;
  const offset = blockOffsets(encoder.blocks)[at];
  for (let i = 0; i < features.rows; i++) {
    const row = i * features.cols + offset;
    if (block.missingFlag && features.data[row + 1] === 1) continue;
    const x = features.data[row] * block.std + block.mean;
    out[i] = block.transform === 'log1p' ? Math.expm1(x) : block.transform === 'yearsBeforeAsOf' ? (block.asOf ?? graph.asOf) - x * YEAR_MS : x;
  }
  return out;
}

/** The view at `cut` (default: everything). Needs the event log: project with `keepEvents: true`. */
export function viewAt(graph: HeteroGraph, cut = graph.asOf + 1): GraphView {
  const ev = graph.events;
  if (!ev) throw new Error('graph ranker: the projection has no event log; project with { keepEvents: true }');
  const users = graph.nodes.User.size;
  const products = graph.nodes.Product.size;
  const purchaseCode = EVENT_TYPES.indexOf('purchase');
  // Per-user event lists by counting sort (visible events only).
  const offsets = new Int32Array(users + 1);
  for (let e = 0; e < ev.user.length; e++) if (ev.timestamp[e] < cut) offsets[ev.user[e] + 1]++;
  for (let u = 0; u < users; u++) offsets[u + 1] += offsets[u];
  const fill = offsets.slice(0, users);
  const events = new Int32Array(offsets[users]);
  for (let e = 0; e < ev.user.length; e++) if (ev.timestamp[e] < cut) events[fill[ev.user[e]]++] = e;

  // First purchase time per (user, product) over ALL events: a device bought after the cut was not held at it.
  const firstPurchase = new Map<number, number>();
  for (let e = 0; e < ev.user.length; e++) {
    if (ev.type[e] !== purchaseCode) continue;
    const key = ev.user[e] * products + ev.product[e];
    const t = firstPurchase.get(key);
    if (t === undefined || ev.timestamp[e] < t) firstPurchase.set(key, ev.timestamp[e]);
  }
  const owns = graph.relations.owns.out;
  const inst = graph.relations.instanceOf.out;
  const heldOffsets = new Int32Array(users + 1);
  const heldTargets: number[] = [];
  const devices = new Int32Array(users);
  const seen = new Set<number>();
  for (let u = 0; u < users; u++) {
    seen.clear();
    for (let a = owns.offsets[u]; a < owns.offsets[u + 1]; a++) {
      const d = owns.targets[a];
      for (let b = inst.offsets[d]; b < inst.offsets[d + 1]; b++) {
        const p = inst.targets[b];
        const bought = firstPurchase.get(u * products + p);
        if (bought !== undefined && bought >= cut) continue;
        seen.add(p);
        devices[u]++;
      }
    }
    for (let k = offsets[u]; k < offsets[u + 1]; k++) if (ev.type[events[k]] === purchaseCode) seen.add(ev.product[events[k]]);
    heldTargets.push(...[...seen].sort((a, b) => a - b));
    heldOffsets[u + 1] = heldTargets.length;
  }
  return {
    graph,
    cut,
    asOf: Math.min(cut, graph.asOf),
    users,
    products,
    userEvents: { offsets, events },
    held: { offsets: heldOffsets, targets: Int32Array.from(heldTargets) },
    devices,
    purchaseCode,
  };
}

export function heldOf(view: GraphView, user: number): number[] {
  return Array.from(view.held.targets.subarray(view.held.offsets[user], view.held.offsets[user + 1]));
}

/** Purchases at or after the cut, per user (the labels of a training carve). */
export function purchasesAfter(view: GraphView): Map<number, Set<number>> {
  const ev = view.graph.events;
  const out = new Map<number, Set<number>>();
  if (!ev) return out;
  for (let e = 0; e < ev.user.length; e++) {
    if (ev.type[e] !== view.purchaseCode || ev.timestamp[e] < view.cut) continue;
    const set = out.get(ev.user[e]) ?? new Set<number>();
    set.add(ev.product[e]);
    out.set(ev.user[e], set);
  }
  return out;
}
