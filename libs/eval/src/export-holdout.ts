/**
 * Holdout quality of an export's lists (pure: text in, figures out). `truth` is
 * holdout_purchases.csv (`user_id,product_id,…`); `exported` the export's CSV (RECOMMENDATION_COLUMNS:
 * user_id, rank, product_id first). Users of the truth without rows count as misses.
 */
export interface HoldoutQuality {
  users: number;
  purchases: number;
  hitRate: number;
  hitRateSe: number;
  userHitRate: number;
  ndcg: number;
  ndcgSe: number;
}

export function exportHoldoutQuality(truth: string, exported: string, k: number): HoldoutQuality {
  const bought = new Map<string, Set<string>>();
  let purchases = 0;
  for (const line of truth.split('\n').slice(1)) {
    if (!line) continue;
    const [user, product] = line.split(',');
    const set = bought.get(user) ?? bought.set(user, new Set()).get(user)!;
    if (!set.has(product)) purchases++;
    set.add(product);
  }
  const lists = new Map<string, string[]>();
  for (const line of exported.split('\n').slice(1)) {
    if (!line) continue;
    // user_id, rank and product_id never hold commas or quotes (ID_PATTERN); later columns may.
    const [user, rank, product] = line.split(',', 3);
    if (!bought.has(user) || Number(rank) > k) continue;
    const list = lists.get(user) ?? lists.set(user, []).get(user)!;
    list[Number(rank) - 1] = product;
  }
  let hits = 0;
  let usersHit = 0;
  const ndcgs: number[] = [];
  for (const [user, truthSet] of bought) {
    const list = lists.get(user) ?? [];
    let dcg = 0;
    let hit = 0;
    list.forEach((p, i) => {
      if (truthSet.has(p)) (hit++, (dcg += 1 / Math.log2(i + 2)));
    });
    let ideal = 0;
    for (let i = 0; i < Math.min(k, truthSet.size); i++) ideal += 1 / Math.log2(i + 2);
    hits += hit;
    usersHit += hit ? 1 : 0;
    ndcgs.push(dcg / ideal);
  }
  const n = ndcgs.length;
  const ndcg = ndcgs.reduce((s, x) => s + x, 0) / n;
  const variance = ndcgs.reduce((s, x) => s + (x - ndcg) ** 2, 0) / Math.max(1, n - 1);
  const hitRate = hits / purchases;
  return { users: n, purchases, hitRate, hitRateSe: Math.sqrt((hitRate * (1 - hitRate)) / purchases), userHitRate: usersHit / n, ndcg, ndcgSe: Math.sqrt(variance / n) };
}
