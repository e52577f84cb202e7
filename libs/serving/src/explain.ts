/**
 * Explanations from the graph, as text for a person and as structured evidence for the explorer.
 * Pure functions over what the serving queries return, so the wording rules are unit-tested.
 */
import type { Evidence } from './serving-types';

/** Below this many co-holders a share is noise ("100% of 1 owner"): say nothing about it. */
export const MIN_SUPPORT = 5;
/** Normalised cosine (Neo4j's vector.similarity.cosine, 0..1) above which a product counts as "close". */
export const CLOSE_SIMILARITY = 0.8;

export interface Link {
  productId: string;
  name: string;
  share: number | null;
  coUsers: number | null;
}

export interface Near {
  productId: string;
  name: string;
  similarity: number | null;
}

export interface UserHistory {
  owned: ReadonlySet<string>;
  purchased: ReadonlySet<string>;
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** "62% of customers with Video Doorbell Pro also have Chime Pro (310 of 500)". */
export function relatedEvidence(fromName: string, toName: string, share: number | null, coUsers: number | null, holders: number | null, cosine: number): Evidence[] {
  if (share !== null && coUsers !== null && coUsers >= MIN_SUPPORT) {
    const of = holders ? ` (${coUsers} of ${holders})` : '';
    return [{ kind: 'co-engagement', share, count: coUsers, text: `${percent(share)} of customers with ${fromName} also have ${toName}${of}` }];
  }
  return [{ kind: 'similar', share: cosine, text: `customers who engage with ${fromName} engage with ${toName} in similar ways (similarity ${cosine.toFixed(2)})` }];
}

/**
 * Why a product is recommended to a user, strongest evidence first: a product the user owns or
 * bought whose holders often also have it; then products the user looked at recently that are
 * close to it; then popularity (cold start) or plain similarity to the user's profile.
 */
export function userEvidence(
  itemName: string,
  history: UserHistory,
  links: readonly Link[],
  near: readonly Near[],
  fallback: { strategy: 'embeddings' | 'history' | 'popularity'; popularity: number | null; buyers: number | null; engaged: number | null },
): Evidence[] {
  const evidence: Evidence[] = [];
  const supported = links
    .filter((l) => l.share !== null && l.coUsers !== null && l.coUsers >= MIN_SUPPORT && (history.owned.has(l.productId) || history.purchased.has(l.productId)))
    .sort((a, b) => (b.share ?? 0) - (a.share ?? 0) || a.productId.localeCompare(b.productId));
  const best = supported[0];
  if (best) {
    const verb = history.owned.has(best.productId) ? 'owns' : 'bought';
    const noun = verb === 'owns' ? 'owners' : 'buyers';
    evidence.push({
      kind: verb === 'owns' ? 'owns' : 'purchased',
      productId: best.productId,
      productName: best.name,
      share: best.share ?? undefined,
      count: best.coUsers ?? undefined,
      text: `${verb} ${best.name}; ${percent(best.share ?? 0)} of its ${noun} also have ${itemName}`,
    });
  }
  const close = near.filter((n) => n.similarity !== null && n.similarity >= CLOSE_SIMILARITY);
  if (close.length) {
    const names = close.slice(0, 3).map((n) => n.name);
    evidence.push({
      kind: 'viewed',
      count: close.length,
      text: `close to ${close.length === 1 ? names[0] : `${close.length} products`} you looked at recently${close.length > 1 ? ` (${names.join(', ')})` : ''}`,
    });
  }
  if (fallback.strategy === 'popularity') {
    if (fallback.popularity !== null) {
      const counts = fallback.buyers !== null && fallback.engaged !== null ? ` (${fallback.buyers} of ${fallback.engaged} interested customers bought it)` : '';
      evidence.push({ kind: 'popular', share: fallback.popularity, text: `popular: ${percent(fallback.popularity)} smoothed conversion${counts}` });
    } else {
      evidence.push({ kind: 'popular', text: 'no embeddings run yet (run `graphrec train`); listed in catalogue order' });
    }
  } else if (!evidence.length) {
    evidence.push({
      kind: 'similar',
      text: fallback.strategy === 'history' ? `close to the products you have engaged with` : `customers with a history like yours engage with ${itemName}`,
    });
  }
  return evidence;
}

export function sentence(evidence: readonly Evidence[]): string {
  return evidence.map((e) => e.text).join('; ');
}
