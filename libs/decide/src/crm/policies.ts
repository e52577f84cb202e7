/** Logging policies of the CRM programme (stationary, exact probabilities): what a CRM does before it learns. */
import type { CrmPolicyFn } from '@graphrec/datagen';

export const crmUniform: CrmPolicyFn = Object.assign((_o: unknown, actions: readonly string[]) => new Float64Array(actions.length).fill(1 / actions.length), { observesIgnored: false });

/**
 * The most popular eligible product (purchases in the world's history; ties share) with probability
 * 1 − ε, a uniform one otherwise: `epsilon-popularity` of the slot, week after week.
 */
export function crmEpsilonPopularity(popularity: ReadonlyMap<string, number>, epsilon: number): CrmPolicyFn {
  if (!(epsilon >= 0 && epsilon <= 1)) throw new Error(`epsilon must be from 0 to 1, got ${epsilon}`);
  const policy = (_o: unknown, actions: readonly string[]) => {
    const n = actions.length;
    const counts = actions.map((a) => popularity.get(a) ?? 0);
    const top = Math.max(...counts);
    const ties = counts.filter((c) => c === top).length;
    return Float64Array.from(counts, (c) => epsilon / n + (c === top ? (1 - epsilon) / ties : 0));
  };
  return Object.assign(policy, { observesIgnored: false });
}
