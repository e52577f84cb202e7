import { relabelBySize } from './partition';
import { WeightedGraph } from './weighted-graph';

export interface MergeSmallOptions {
  /** Communities with fewer nodes than this are merged away. Default 1 (nothing changes). */
  minSize?: number;
  /**
   * What to do with a small community that has no edge to any other community (an isolated node
   * or component): `keep` leaves it as it is (default; it is a real, separate group), `other` puts
   * all such communities together into one extra "other" community.
   */
  isolated?: 'keep' | 'other';
}

export interface MergeSmallResult {
  /** Community per node, renumbered 0..count-1 by size descending. */
  communities: Int32Array;
  count: number;
  /** Small communities merged into a neighbour. */
  merged: number;
  /** Id of the "other" community (isolated: 'other'), or -1 when there is none. */
  other: number;
  /** Small communities still below minSize (isolated ones when isolated: 'keep'). */
  stillSmall: number;
}

/**
 * Merges every community smaller than `minSize` into the neighbouring community it shares the
 * most edge weight with; ties go to the larger community, then to the lower id. Smallest
 * communities go first, and passes repeat, so two small neighbours can merge and then join a
 * large one. Segments below a usable size are noise for marketing, hence this step after Louvain.
 */
export function mergeSmallCommunities(graph: WeightedGraph, communities: ArrayLike<number>, options: MergeSmallOptions = {}): MergeSmallResult {
  const minSize = options.minSize ?? 1;
  const n = graph.order;
  if (communities.length !== n) throw new RangeError(`communities has ${communities.length} entries for ${n} nodes`);
  const start = relabelBySize(communities);
  const k = start.count;
  // parent[c]: the community c was merged into (itself while alive); found with path halving.
  const parent = Int32Array.from({ length: k }, (_, c) => c);
  const find = (c: number): number => {
    while (parent[c] !== c) c = parent[c] = parent[parent[c]];
    return c;
  };
  const size = Int32Array.from(start.sizes);
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) members[start.communities[i]].push(i);
  const weightTo = new Float64Array(k);
  const touched: number[] = [];
  let merged = 0;
  for (let changed = true; changed; ) {
    changed = false;
    const small = [];
    for (let c = 0; c < k; c++) if (parent[c] === c && size[c] < minSize) small.push(c);
    small.sort((a, b) => size[a] - size[b] || a - b);
    for (const c of small) {
      if (find(c) !== c || size[c] >= minSize) continue;
      for (const i of members[c]) {
        for (let j = graph.offsets[i]; j < graph.offsets[i + 1]; j++) {
          const d = find(start.communities[graph.targets[j]]);
          if (d === c) continue;
          if (weightTo[d] === 0) touched.push(d);
          weightTo[d] += graph.weights[j];
        }
      }
      let best = -1;
      for (const d of touched) {
        if (best < 0 || weightTo[d] > weightTo[best] || (weightTo[d] === weightTo[best] && (size[d] > size[best] || (size[d] === size[best] && d < best)))) best = d;
      }
      for (const d of touched) weightTo[d] = 0;
      touched.length = 0;
      if (best < 0) continue;
      parent[c] = best;
      size[best] += size[c];
      for (const i of members[c]) members[best].push(i);
      members[c] = [];
      merged++;
      changed = true;
    }
  }
  const result = new Int32Array(n);
  for (let i = 0; i < n; i++) result[i] = find(start.communities[i]);
  let stillSmall = 0;
  let otherId = -1;
  for (let c = 0; c < k; c++) {
    if (parent[c] !== c || size[c] >= minSize) continue;
    if (options.isolated === 'other') {
      // The first leftover becomes "other"; the rest join it.
      if (otherId < 0) otherId = c;
      else parent[c] = otherId;
    } else stillSmall++;
  }
  if (otherId >= 0) for (let i = 0; i < n; i++) result[i] = find(result[i]);
  const final = relabelBySize(result, k);
  return { communities: final.communities, count: final.count, merged, other: otherId < 0 ? -1 : final.communities[members[otherId][0] ?? 0], stillSmall };
}
