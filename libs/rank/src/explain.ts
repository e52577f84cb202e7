/**
 * Reasons from the model itself: the per-feature contributions of one prediction (SHAP values from
 * XGBoost, bias last) grouped into a few human reasons and the strongest positive ones turned into
 * short sentences. Grouping matters: an item's score and rank under one generator are one reason to
 * a reader, not two, so their contributions are summed before ranking reasons.
 */

export interface Reason {
  /** Stable key for clients (e.g. 'co-engagement', 'popular'). */
  key: string;
  text: string;
  /** Summed contribution of the reason's features to the margin (log-odds-like units). */
  contribution: number;
  features: string[];
}

interface ReasonRule {
  key: string;
  text: string;
  test: (feature: string) => boolean;
}

/** Generator prefixes whose scores mean "linked to what you have"; see DEFAULT_GENERATORS and the manifest. */
// RP3beta and iALS score an item by the user's whole history (a walk, latent factors): 'history' too.
const COLLABORATIVE = /^(cooc|itemknn|knn|ease|rp3beta|ials|co)_/;

/** First matching rule wins; the order puts the specific before the general. */
const RULES: ReasonRule[] = [
  { key: 'co-engagement', text: 'people who bought what you bought bought it', test: (f) => /^co_(sum|max|hits)$/.test(f) || /^(cooc|itemknn|knn)_/.test(f) },
  { key: 'history', text: 'it fits the pattern of what you already have', test: (f) => COLLABORATIVE.test(f) },
  { key: 'category', text: 'it is in categories you like', test: (f) => f === 'category_overlap' || f === 'category_max' },
  { key: 'popular', text: 'it is popular', test: (f) => /^pop_/.test(f) || ['item_popularity', 'item_rate'].includes(f) },
  { key: 'well-rated', text: 'people who have it rate it well', test: (f) => ['item_like_rate', 'item_mean_weight'].includes(f) },
  { key: 'people-like-you', text: 'it is popular with people like you', test: (f) => /_(affinity|gap)$/.test(f) },
  { key: 'fresh', text: 'it is recent', test: (f) => ['item_age_days', 'item_recency_days', 'item_release_year'].includes(f) },
  { key: 'item-kind', text: 'the kind of item it is', test: (f) => f.startsWith('item_cat_') || f === 'item_category_count' || f.startsWith('item_') },
  { key: 'you', text: 'what you tend to choose', test: (f) => f.startsWith('user_') },
];

export function reasonKey(feature: string): ReasonRule {
  return RULES.find((r) => r.test(feature)) ?? { key: 'other', text: 'other signals', test: () => true };
}

/**
 * The top `k` positive reasons for one row of contributions (length names.length + 1, bias last,
 * which is ignored: it is the same for every item). Reasons whose summed contribution is not
 * positive are dropped, so an item may get fewer than `k` (or none).
 */
export function reasonsFromContributions(names: readonly string[], contributions: ArrayLike<number>, k = 3): Reason[] {
  if (contributions.length !== names.length + 1) throw new RangeError(`${contributions.length} contributions for ${names.length} features (+ bias)`);
  const grouped = new Map<string, Reason>();
  names.forEach((feature, f) => {
    const rule = reasonKey(feature);
    const reason = grouped.get(rule.key) ?? { key: rule.key, text: rule.text, contribution: 0, features: [] };
    reason.contribution += contributions[f];
    reason.features.push(feature);
    grouped.set(rule.key, reason);
  });
  return [...grouped.values()]
    .filter((r) => r.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || a.key.localeCompare(b.key))
    .slice(0, k);
}
