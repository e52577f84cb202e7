/**
 * What each segment is: size, what its members own and buy compared with everyone (lift), device
 * mix, activity, home type and region, a short label, and the best next product to offer.
 *
 * The projection keeps properties only as feature columns, so home_type, region and product
 * category are read back from the one-hot columns (`home_type=house`, `category=chime`, …);
 * regions beyond the encoder's 20 most frequent appear as `<other>`. Product names and
 * `compatible_with` are not in the projection: products are shown by id unless `productName` is
 * given, and compatibility is applied only when `compatibleWith` is given.
 */
import type { HeteroGraph } from '@graphrec/projection';
import { bestNextProduct, BestNextProduct } from './profile-next';
import { labelSegments } from './profile-label';

export interface ProfileOptions {
  /** Products held by fewer members than this (in the segment) are left out of the product lists. Default 5. */
  minSupport?: number;
  /** Longest product / attribute lists per segment. Default 5. */
  top?: number;
  /** Display name of product i; default its id. */
  productName?: (product: number) => string;
  /** Base products that accessory i needs (product indexes); undefined or empty = stands alone. Without it, compatibility is not checked. */
  compatibleWith?: (product: number) => readonly number[] | undefined;
  /** A product is a next-product candidate only when fewer than this share of the segment has it. Default 0.5. */
  maxPenetration?: number;
  /** How many most similar segments set the expected penetration of a product. Default 2. */
  similarSegments?: number;
}

export interface ProductStat {
  product: string;
  name: string;
  /** Members who have it / segment size. */
  penetration: number;
  /** penetration / share among all users. */
  lift: number;
  members: number;
}

export interface ValueShare {
  value: string;
  share: number;
  lift: number;
}

export interface SegmentProfile {
  segment: number;
  size: number;
  share: number;
  /** Owned via devices, by lift (support ≥ minSupport). */
  owned: ProductStat[];
  /** Purchased (events), by lift. */
  purchased: ProductStat[];
  /** Share of members who own at least one device (what a label's "no devices" is checked against). */
  deviceOwnerShare: number;
  /** Devices of the segment by product category, share of its devices. */
  deviceCategories: ValueShare[];
  activity: { mean: number; median: number; level: 'low' | 'medium' | 'high' };
  attributes: { home_type: ValueShare[]; region: ValueShare[] };
  label: string;
  next: BestNextProduct | null;
}

export interface SegmentProfiles {
  segments: SegmentProfile[];
  /** `events` (graph.events present: events per user) or `interactionWeight` (Σ decayed interaction weights per user). */
  activityMeasure: 'events' | 'interactionWeight';
  /** Activity terciles of the whole base: below the first = low, above the second = high. */
  activityTerciles: [number, number];
  compatibilityChecked: boolean;
}

/** Minimal view of a segmentation (what `segmentUsers` returns). */
export interface SegmentAssignment {
  segmentOf: Int32Array;
  segmentCount: number;
  noActivitySegment?: number;
}

/** Per user, the one-hot value of `field` (index into `values`), -1 when none. */
function oneHot(features: HeteroGraph['features']['User'], field: string): { values: string[]; of: Int32Array } {
  const cols: number[] = [];
  const values: string[] = [];
  features.columns.forEach((c, i) => {
    if (c.startsWith(`${field}=`)) {
      cols.push(i);
      values.push(c.slice(field.length + 1));
    }
  });
  const of = new Int32Array(features.rows).fill(-1);
  for (let r = 0; r < features.rows; r++) for (let k = 0; k < cols.length; k++) if (features.data[r * features.cols + cols[k]] > 0.5) of[r] = k;
  return { values, of };
}

/** Counts per (segment, value) and overall shares → top values with lift. */
function distribution(values: string[], of: Int32Array, segmentOf: Int32Array, S: number, top: number): ValueShare[][] {
  const V = values.length;
  const counts = new Float64Array(S * V);
  const all = new Float64Array(V);
  const sizes = new Float64Array(S);
  for (let u = 0; u < of.length; u++) {
    if (of[u] < 0) continue;
    counts[segmentOf[u] * V + of[u]]++;
    all[of[u]]++;
    sizes[segmentOf[u]]++;
  }
  const total = all.reduce((a, b) => a + b, 0);
  return Array.from({ length: S }, (_, s) =>
    values
      .map((value, v) => ({ value, share: sizes[s] ? counts[s * V + v] / sizes[s] : 0, lift: all[v] && sizes[s] ? counts[s * V + v] / sizes[s] / (all[v] / total) : 0 }))
      .filter((x) => x.share > 0)
      .sort((a, b) => b.share - a.share || a.value.localeCompare(b.value))
      .slice(0, top),
  );
}

export function profileSegments(graph: HeteroGraph, segmentation: SegmentAssignment, options: ProfileOptions = {}): SegmentProfiles {
  const o = { minSupport: 5, top: 5, maxPenetration: 0.5, similarSegments: 2, ...options };
  const n = graph.nodes.User.size;
  const P = graph.nodes.Product.size;
  const S = segmentation.segmentCount;
  const seg = segmentation.segmentOf;
  if (seg.length !== n) throw new RangeError(`segmentOf has ${seg.length} entries for ${n} users`);
  const pid = graph.nodes.Product.ids;
  const name = o.productName ?? ((p: number) => pid[p]);
  const { owns, instanceOf, purchased, interacted } = graph.relations;
  const productOfDevice = (d: number): number => (instanceOf.out.offsets[d + 1] > instanceOf.out.offsets[d] ? instanceOf.out.targets[instanceOf.out.offsets[d]] : -1);
  const category = oneHot(graph.features.Product, 'category');

  // Distinct products per user: owned (via devices), purchased, and either ("has", for next product).
  const sizes = new Float64Array(S);
  const ownedN = new Float64Array(S * P);
  const boughtN = new Float64Array(S * P);
  const hasN = new Float64Array(S * P);
  const catN = new Float64Array(S * category.values.length);
  const C = category.values.length;
  const catMembers = new Float64Array(S * C);
  const deviceMembers = new Float64Array(S);
  const catStamp = new Int32Array(C).fill(-1);
  const stamp = new Int32Array(P).fill(-1);
  const hasStamp = new Int32Array(P).fill(-1);
  for (let u = 0; u < n; u++) {
    const s = seg[u];
    sizes[s]++;
    if (owns.out.offsets[u + 1] > owns.out.offsets[u]) deviceMembers[s]++;
    for (let j = owns.out.offsets[u]; j < owns.out.offsets[u + 1]; j++) {
      const p = productOfDevice(owns.out.targets[j]);
      if (p < 0) continue;
      const c = category.of[p];
      if (c >= 0) {
        catN[s * C + c]++;
        if (catStamp[c] !== u) {
          catStamp[c] = u;
          catMembers[s * C + c]++;
        }
      }
      if (stamp[p] !== u) {
        stamp[p] = u;
        ownedN[s * P + p]++;
      }
      if (hasStamp[p] !== u) {
        hasStamp[p] = u;
        hasN[s * P + p]++;
      }
    }
    for (let j = purchased.out.offsets[u]; j < purchased.out.offsets[u + 1]; j++) {
      const p = purchased.out.targets[j];
      boughtN[s * P + p]++;
      if (hasStamp[p] !== u) {
        hasStamp[p] = u;
        hasN[s * P + p]++;
      }
    }
  }
  const colSum = (m: Float64Array, p: number) => {
    let t = 0;
    for (let s = 0; s < S; s++) t += m[s * P + p];
    return t;
  };
  const productStats = (m: Float64Array, s: number): ProductStat[] => {
    const out: ProductStat[] = [];
    for (let p = 0; p < P; p++) {
      const members = m[s * P + p];
      if (members < o.minSupport || sizes[s] === 0) continue;
      const penetration = members / sizes[s];
      out.push({ product: pid[p], name: name(p), penetration, lift: penetration / (colSum(m, p) / n), members });
    }
    return out.sort((a, b) => b.lift - a.lift || b.penetration - a.penetration || a.product.localeCompare(b.product)).slice(0, o.top);
  };

  // Activity: events per user when the graph kept them, else the summed interaction weight.
  const activity = new Float64Array(n);
  const measure = graph.events ? 'events' : 'interactionWeight';
  if (graph.events) for (let i = 0; i < graph.events.user.length; i++) activity[graph.events.user[i]]++;
  else for (let u = 0; u < n; u++) for (let j = interacted.out.offsets[u]; j < interacted.out.offsets[u + 1]; j++) activity[u] += interacted.out.weights[j];
  const sortedAll = Float64Array.from(activity).sort();
  const q = (xs: Float64Array, f: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(f * xs.length))] : 0);
  const terciles: [number, number] = [q(sortedAll, 1 / 3), q(sortedAll, 2 / 3)];
  const bySeg = Array.from({ length: S }, (_, s) => new Float64Array(sizes[s]));
  const fill = new Int32Array(S);
  for (let u = 0; u < n; u++) bySeg[seg[u]][fill[seg[u]]++] = activity[u];

  const homes = distribution(...Object.values(oneHot(graph.features.User, 'home_type')) as [string[], Int32Array], seg, S, o.top);
  const regions = distribution(...Object.values(oneHot(graph.features.User, 'region')) as [string[], Int32Array], seg, S, o.top);
  const devTotal = new Float64Array(S);
  for (let s = 0; s < S; s++) for (let c = 0; c < category.values.length; c++) devTotal[s] += catN[s * category.values.length + c];
  const catAll = category.values.map((_, c) => {
    let t = 0;
    for (let s = 0; s < S; s++) t += catN[s * category.values.length + c];
    return t;
  });
  const devAll = catAll.reduce((a, b) => a + b, 0);

  const segments: SegmentProfile[] = [];
  for (let s = 0; s < S; s++) {
    const values = bySeg[s].sort();
    const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
    const median = q(values, 0.5);
    segments.push({
      segment: s,
      size: sizes[s],
      share: sizes[s] / n,
      owned: productStats(ownedN, s),
      purchased: productStats(boughtN, s),
      deviceOwnerShare: sizes[s] ? deviceMembers[s] / sizes[s] : 0,
      deviceCategories: category.values
        .map((value, c) => {
          const share = devTotal[s] ? catN[s * category.values.length + c] / devTotal[s] : 0;
          return { value, share, lift: catAll[c] ? share / (catAll[c] / devAll) : 0 };
        })
        .filter((x) => x.share > 0)
        .sort((a, b) => b.share - a.share || a.value.localeCompare(b.value)),
      activity: { mean, median, level: median < terciles[0] ? 'low' : median > terciles[1] ? 'high' : 'medium' },
      attributes: { home_type: homes[s], region: regions[s] },
      label: '',
      next: null,
    });
  }
  // Members per (segment, category) who interacted with the category: what browse-only segments look at.
  const browseMembers = new Float64Array(S * C);
  catStamp.fill(-1);
  for (let u = 0; u < n; u++) {
    for (let j = interacted.out.offsets[u]; j < interacted.out.offsets[u + 1]; j++) {
      const c = category.of[interacted.out.targets[j]];
      if (c < 0 || catStamp[c] === u) continue;
      catStamp[c] = u;
      browseMembers[seg[u] * C + c]++;
    }
  }
  labelSegments(segments, { sizes, catMembers, deviceMembers, browseMembers, categories: category.values, productCategory: (id) => category.values[category.of[graph.nodes.Product.indexOf(id) ?? -1]], n, noActivitySegment: segmentation.noActivitySegment ?? -1 });
  const next = bestNextProduct({ S, P, n, sizes, hasN, seg, graph, compatibleWith: o.compatibleWith, maxPenetration: o.maxPenetration, similar: o.similarSegments, pid, name });
  segments.forEach((p, s) => (p.next = next[s]));
  return { segments, activityMeasure: measure, activityTerciles: terciles, compatibilityChecked: o.compatibleWith !== undefined };
}
