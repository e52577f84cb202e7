/** Served decisions (issue 11, docs/decide.md): slots, decisions and their outcomes as the store keeps them. */
import type { ServedPolicyName } from '@graphrec/decide';

/** A named placement (app home, email, checkout): its eligible products and the policy that fills it. */
export interface SlotDefinition {
  id: string;
  policy: ServedPolicyName;
  /** Eligible products by id… */
  productIds: string[];
  /** …and every product of these categories. */
  categories: string[];
}

/** A product a slot may show, with its shared counters. */
export interface SlotArm {
  productId: string;
  name: string;
  category: string | null;
  price: number | null;
  compatibleWith: string[];
  shows: number;
  clicks: number;
}

/** What the API knows of a user when it decides; `known` false for a user not in the graph. */
export interface UserDecisionContext {
  known: boolean;
  owned: string[];
  /** Flat features as `simulate --logs` writes them: region, home_type, segment, owned ('|'-joined), n_owned. */
  features: Record<string, string | number>;
  segment: string;
}

/** One served decision, as stored (and exported as a log line). */
export interface StoredDecision {
  id: string;
  slot: string;
  userId: string;
  productId: string;
  actions: string[];
  context: Record<string, string | number>;
  propensity: number;
  policy: string;
  policyVersion: string;
  /** Server clock, ms. */
  createdAt: number;
}

export const OUTCOME_KINDS = ['impression', 'click', 'purchase'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
