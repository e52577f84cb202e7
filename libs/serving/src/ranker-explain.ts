/**
 * Explanations from the ranker itself: an item's per-feature contributions (XGBoost pred_contribs)
 * grouped into reasons — the features a reader sees as one reason sum into one — and the strongest
 * positive reasons put into the sentences the API already returns, with the graph's figures
 * ("owns Video Doorbell Pro 2, which it extends"; "popular in your segment"). Pure.
 */
import { bestCoHeld, ContributionVector, RankerState, UserInput } from '@graphrec/rank';
import { MIN_SUPPORT } from './explain';
import type { Evidence } from './serving-types';

export interface FeatureContribution {
  feature: string;
  value: number;
}

/** Reason keys by feature; features of the user alone are left out (they do not say why this item). */
const GROUPS: Record<string, string> = {
  compatible_held: 'complement',
  needs_base: 'complement',
  co_share: 'co-engagement',
  cooc_score: 'co-engagement',
  cooc_rank: 'co-engagement',
  ease_score: 'co-engagement',
  ease_rank: 'co-engagement',
  emb_score: 'similar',
  emb_rank: 'similar',
  segment_lift: 'segment',
  item_popularity: 'popular',
  item_conversion: 'popular',
  pop_rank: 'popular',
  views: 'viewed',
  carts: 'viewed',
  days_since_view: 'viewed',
  substitute: 'substitute',
};

const percent = (share: number): string => `${Math.round(share * 100)}%`;
/** "owns" for a product with a device, "bought" for one only purchased (module level: built once, not per call). */
const verbOf = (owned: ReadonlySet<number>, p: number): string => (owned.has(p) ? 'owns' : 'bought');

/** Summed contribution per reason, strongest first, positive only (features summed in their order either way). */
export function reasonGroups(contributions: readonly FeatureContribution[] | ContributionVector): { key: string; value: number }[] {
  const sums = new Map<string, number>();
  const add = (feature: string, value: number): void => {
    const key = GROUPS[feature];
    if (key) sums.set(key, (sums.get(key) ?? 0) + value);
  };
  if ('names' in contributions) contributions.names.forEach((feature, f) => add(feature, contributions.values[f]));
  else for (const c of contributions) add(c.feature, c.value);
  return [...sums].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key, value]) => ({ key, value }));
}

export interface ExplainContext {
  state: RankerState;
  input: UserInput;
  /** Product indexes the user owns a device of (the rest of `held` was bought only). */
  owned: ReadonlySet<number>;
}

/** One reason as evidence with the graph's figures; null when the figures do not support a sentence. */
function evidenceFor(key: string, product: number, ctx: ExplainContext): Evidence | null {
  const { state, input, owned } = ctx;
  const t = state.products;
  const name = t.names[product];
  switch (key) {
    case 'complement': {
      const base = t.compatibleWith[product].find((b) => input.held.includes(b));
      if (base === undefined) return null;
      return { kind: owned.has(base) ? 'owns' : 'purchased', productId: t.ids[base], productName: t.names[base], text: `${verbOf(owned, base)} ${t.names[base]}, which it extends` };
    }
    case 'co-engagement': {
      const best = bestCoHeld(state, input.held, product);
      if (best.from < 0 || best.both < MIN_SUPPORT) return { kind: 'similar', text: `customers with products like yours often have ${name}` };
      const noun = owned.has(best.from) ? 'owners' : 'buyers';
      return {
        kind: owned.has(best.from) ? 'owns' : 'purchased',
        productId: t.ids[best.from],
        productName: t.names[best.from],
        share: best.raw,
        count: best.both,
        text: `${verbOf(owned, best.from)} ${t.names[best.from]}; ${percent(best.raw)} of its ${noun} also have ${name}`,
      };
    }
    case 'segment': {
      const shares = input.segment !== null ? state.segments?.[input.segment] : undefined;
      if (!shares) return null;
      return { kind: 'segment', share: shares[product], text: `popular in your segment (${percent(shares[product])} of its customers have it)` };
    }
    case 'popular':
      return { kind: 'popular', share: t.conversion[product], text: `popular: ${percent(t.conversion[product])} smoothed conversion` };
    case 'viewed': {
      if (input.carts[product] > 0) return { kind: 'viewed', productId: t.ids[product], count: input.carts[product], text: `you added ${name} to your cart` };
      if (input.views[product] > 0) return { kind: 'viewed', productId: t.ids[product], count: input.views[product], text: `you looked at ${name} ${input.views[product] === 1 ? 'once' : `${input.views[product]} times`}` };
      return null;
    }
    case 'substitute': {
      const same = input.held.find((h) => h !== product && t.category[h] === t.category[product]);
      if (same === undefined) return null;
      return { kind: 'substitute', productId: t.ids[same], productName: t.names[same], text: `customers with a ${t.names[same]} often add another ${t.category[product].replace(/_/g, ' ')}` };
    }
    case 'similar':
      return { kind: 'similar', text: `customers with a history like yours engage with ${name}` };
    default:
      return null;
  }
}

/** The top `k` reasons as evidence; at least one sentence (the model's overall pattern) when none is positive. */
export function rankerEvidence(product: number, contributions: readonly FeatureContribution[] | ContributionVector, ctx: ExplainContext, k = 2): Evidence[] {
  const out: Evidence[] = [];
  for (const { key } of reasonGroups(contributions)) {
    const e = evidenceFor(key, product, ctx);
    if (e && !out.some((o) => o.text === e.text)) out.push(e);
    if (out.length >= k) break;
  }
  if (!out.length) out.push({ kind: 'popular', text: `ranked by the model's overall pattern for ${ctx.state.products.category[product].replace(/_/g, ' ') || 'such'} products` });
  return out;
}
