/**
 * Renumbers a partition so that 0 is the largest community, 1 the next, ...; ties go to the
 * community holding the lowest node index. Stable ids across runs make segments comparable for
 * people (and tests) without depending on internal numbering.
 */
export function relabelBySize(membership: ArrayLike<number>, count?: number): { communities: Int32Array; count: number; sizes: number[] } {
  let k = count ?? 0;
  if (count === undefined) for (let i = 0; i < membership.length; i++) if (membership[i] + 1 > k) k = membership[i] + 1;
  const size = new Int32Array(k);
  const first = new Int32Array(k).fill(-1);
  for (let i = 0; i < membership.length; i++) {
    const c = membership[i];
    size[c]++;
    if (first[c] < 0) first[c] = i;
  }
  // Ids with no members (possible after merging) are dropped.
  const used = Array.from({ length: k }, (_, c) => c).filter((c) => size[c] > 0);
  used.sort((a, b) => size[b] - size[a] || first[a] - first[b]);
  const label = new Int32Array(k);
  used.forEach((c, rank) => (label[c] = rank));
  const communities = new Int32Array(membership.length);
  for (let i = 0; i < membership.length; i++) communities[i] = label[membership[i]];
  return { communities, count: used.length, sizes: used.map((c) => size[c]) };
}
