/**
 * Best next product per segment: what the segment's closest peers have and it lacks.
 *
 * "Lift × base rate" reduces to the segment's own penetration, which recommends what it already
 * has, so the expectation comes from peers instead: the `similar` segments whose product
 * penetration vectors are closest (cosine) give an expected penetration e(p), weighted by
 * similarity. Score = (e(p) − penetration(p)) × reach, among products fewer than `maxPenetration`
 * of the segment have, where reach is the share of the members without p who could buy it: with
 * `compatibleWith`, an accessory only counts for members owning a compatible base, and `lacking`
 * counts those members only. Without reach, a segment of browsers with no devices was offered an
 * alarm sensor that 3 of its 3,616 members could use.
 */
import type { HeteroGraph } from '@graphrec/projection';

export interface BestNextProduct {
  product: string;
  name: string;
  /** Share of the segment that has it (owned or purchased). */
  penetration: number;
  /** Expected penetration from the most similar segments. */
  expected: number;
  /** Members who lack it (and, when compatibility is checked, own a compatible base). */
  lacking: number;
  score: number;
}

export interface NextInput {
  S: number;
  P: number;
  n: number;
  sizes: Float64Array;
  /** Members per (segment, product) who own or purchased it. */
  hasN: Float64Array;
  seg: Int32Array;
  graph: HeteroGraph;
  compatibleWith?: (product: number) => readonly number[] | undefined;
  maxPenetration: number;
  similar: number;
  pid: readonly string[];
  name: (p: number) => string;
}

/** Per segment and product, members lacking p who own one of its compatible bases (one pass over users). */
function eligibleLacking(x: NextInput, compat: (p: number) => readonly number[] | undefined): Float64Array {
  const { S, P, graph, seg } = x;
  const out = new Float64Array(S * P);
  const { owns, instanceOf, purchased } = graph.relations;
  const has = new Int32Array(P).fill(-1);
  const lists = Array.from({ length: P }, (_, p) => compat(p) ?? []);
  for (let u = 0; u < seg.length; u++) {
    for (let j = owns.out.offsets[u]; j < owns.out.offsets[u + 1]; j++) {
      const d = owns.out.targets[j];
      for (let q = instanceOf.out.offsets[d]; q < instanceOf.out.offsets[d + 1]; q++) has[instanceOf.out.targets[q]] = u;
    }
    for (let j = purchased.out.offsets[u]; j < purchased.out.offsets[u + 1]; j++) has[purchased.out.targets[j]] = u;
    for (let p = 0; p < P; p++) {
      if (has[p] === u) continue;
      const bases = lists[p];
      if (bases.length === 0 || bases.some((b) => has[b] === u)) out[seg[u] * P + p]++;
    }
  }
  return out;
}

export function bestNextProduct(x: NextInput): Array<BestNextProduct | null> {
  const { S, P, sizes, hasN } = x;
  const pen = (s: number, p: number) => (sizes[s] ? hasN[s * P + p] / sizes[s] : 0);
  const norm = Array.from({ length: S }, (_, s) => Math.sqrt(Array.from({ length: P }, (_, p) => pen(s, p) ** 2).reduce((a, b) => a + b, 0)));
  const eligible = x.compatibleWith ? eligibleLacking(x, x.compatibleWith) : null;
  const result: Array<BestNextProduct | null> = [];
  for (let s = 0; s < S; s++) {
    const peers = [];
    for (let t = 0; t < S; t++) {
      if (t === s || sizes[t] === 0 || norm[t] === 0 || norm[s] === 0) continue;
      let dot = 0;
      for (let p = 0; p < P; p++) dot += pen(s, p) * pen(t, p);
      peers.push({ t, sim: dot / (norm[s] * norm[t]) });
    }
    peers.sort((a, b) => b.sim - a.sim || a.t - b.t);
    const chosen = peers.slice(0, x.similar).filter((q) => q.sim > 0);
    const simSum = chosen.reduce((a, q) => a + q.sim, 0);
    let best: BestNextProduct | null = null;
    for (let p = 0; p < P; p++) {
      const own = pen(s, p);
      if (own >= x.maxPenetration) continue;
      // Without peers (e.g. a segment that owns nothing), fall back to the product's base rate.
      const expected = simSum > 0 ? chosen.reduce((a, q) => a + q.sim * pen(q.t, p), 0) / simSum : colRate(x, p);
      const without = sizes[s] - hasN[s * P + p];
      const lacking = eligible ? eligible[s * P + p] : without;
      const score = without > 0 ? ((expected - own) * lacking) / without : 0;
      if (score <= 0 || lacking <= 0) continue;
      if (!best || score > best.score || (score === best.score && x.pid[p] < best.product)) {
        best = { product: x.pid[p], name: x.name(p), penetration: own, expected, lacking, score };
      }
    }
    result.push(best);
  }
  return result;
}

function colRate(x: NextInput, p: number): number {
  let t = 0;
  for (let s = 0; s < x.S; s++) t += x.hasN[s * x.P + p];
  return x.n ? t / x.n : 0;
}
