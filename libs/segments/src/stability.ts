/**
 * Stable segment ids across runs. Louvain numbers communities afresh each run (by size), so a
 * segment the CRM knows as "S03" must be found again in the new partition by its members.
 *
 * Greedy on Jaccard rather than Hungarian on overlap: with tens of segments both give the same
 * answer whenever segments are recognisable, greedy is explainable ("the best-overlapping pair is
 * matched first"), deterministic under ties, and Jaccard (unlike raw overlap) does not let a
 * large new segment steal the id of a small old one it merely swallowed.
 */
import { adjustedRandIndex, normalizedMutualInformation } from './metrics';

export interface PreviousSegments {
  users: readonly string[];
  segmentOf: ArrayLike<number>;
  /** Stable id per previous segment (index = previous segment number). */
  segmentIds: readonly string[];
}

export interface CurrentSegments {
  users: readonly string[];
  segmentOf: ArrayLike<number>;
}

export interface MatchOptions {
  /** Pairs with a Jaccard below this are not matched (the current segment gets a new id). Default 0.1. */
  minJaccard?: number;
  /** Prefix of new ids; ids are prefix + two-digit (or longer) number. Default `S`. */
  prefix?: string;
}

export interface SegmentMatch {
  /** Stable id per current segment. */
  segmentIds: string[];
  /** Agreement of the two partitions over users present in both runs (1 when there are none). */
  ari: number;
  nmi: number;
  /** Users in both runs whose stable id changed. */
  moved: number;
  /** Users only in the current run. */
  joined: number;
  /** Users only in the previous run. */
  left: number;
  /** Jaccard of each current segment with the previous segment it inherited the id from (0 for new ids). */
  jaccard: number[];
}

export function matchSegments(previous: PreviousSegments, current: CurrentSegments, options: MatchOptions = {}): SegmentMatch {
  const minJaccard = options.minJaccard ?? 0.1;
  const prefix = options.prefix ?? 'S';
  const prevIndex = new Map<string, number>();
  previous.users.forEach((u, i) => prevIndex.set(u, i));
  const kPrev = previous.segmentIds.length;
  let kCur = 0;
  for (let i = 0; i < current.segmentOf.length; i++) kCur = Math.max(kCur, current.segmentOf[i] + 1);
  const prevSize = new Float64Array(kPrev);
  for (let i = 0; i < previous.segmentOf.length; i++) prevSize[previous.segmentOf[i]]++;
  const curSize = new Float64Array(kCur);
  for (let i = 0; i < current.segmentOf.length; i++) curSize[current.segmentOf[i]]++;
  const overlap = new Map<number, number>();
  const a: number[] = [];
  const b: number[] = [];
  let joined = 0;
  current.users.forEach((u, i) => {
    const j = prevIndex.get(u);
    if (j === undefined) {
      joined++;
      return;
    }
    const key = current.segmentOf[i] * kPrev + previous.segmentOf[j];
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
    a.push(previous.segmentOf[j]);
    b.push(current.segmentOf[i]);
  });
  const pairs = [...overlap].map(([key, o]) => {
    const c = Math.floor(key / kPrev);
    const p = key % kPrev;
    return { c, p, jaccard: o / (curSize[c] + prevSize[p] - o) };
  });
  pairs.sort((x, y) => y.jaccard - x.jaccard || x.c - y.c || x.p - y.p);
  const ids: Array<string | undefined> = new Array(kCur).fill(undefined);
  const jaccard = new Array<number>(kCur).fill(0);
  const prevTaken = new Uint8Array(kPrev);
  for (const { c, p, jaccard: jac } of pairs) {
    if (jac < minJaccard || ids[c] !== undefined || prevTaken[p]) continue;
    ids[c] = previous.segmentIds[p];
    jaccard[c] = jac;
    prevTaken[p] = 1;
  }
  // New ids continue after the largest number used so far, so a retired id is never reused.
  let max = 0;
  for (const id of previous.segmentIds) {
    const m = new RegExp(`^${prefix}(\\d+)$`).exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const segmentIds = ids.map((id) => id ?? `${prefix}${String(++max).padStart(2, '0')}`);
  let moved = 0;
  for (let i = 0; i < a.length; i++) if (previous.segmentIds[a[i]] !== segmentIds[b[i]]) moved++;
  const both = a.length;
  return {
    segmentIds,
    ari: both ? adjustedRandIndex(Int32Array.from(a), Int32Array.from(b)) : 1,
    nmi: both ? normalizedMutualInformation(Int32Array.from(a), Int32Array.from(b)) : 1,
    moved,
    joined,
    left: previous.users.length - both,
    jaccard,
  };
}
