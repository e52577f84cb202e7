/**
 * Where the slots' posteriors (the shared counters every API process reads and increments) live:
 * Neo4j by default (the ARM relationships, cypher/decide/*.cypher), Redis when GRAPHREC_REDIS_URL
 * is set (redis-posterior-store.ts). Either way the products a slot may show and their names and
 * prices come from the graph, and decisions stay durable in Neo4j (export decisions reads them).
 */
import type { GraphDb } from '@graphrec/neo4j';
import { readSlotArms, recordOutcome } from './decision-store';
import type { OutcomeKind, SlotArm, SlotDefinition } from './types';

/** A checked decision, as an outcome names it. */
export interface DecisionOutcomeRef {
  decisionId: string;
  slot: string;
  productId: string;
  createdAt: number;
  /** The outcomes already stamped on the decision node (absent: none known). */
  stamped?: { impressed: boolean; clicked: boolean; purchased: boolean };
}

export interface PosteriorStore {
  readonly name: 'neo4j' | 'redis';
  /** Every slot's eligible products with their current counters, by slot id. */
  readArms(slots: readonly SlotDefinition[]): Promise<Map<string, SlotArm[]>>;
  /**
   * Records one outcome; true when it moved the slot's counters (the decision's first impression,
   * click or attributable purchase), false for a repeat. Atomic: concurrent deliveries from any
   * number of processes count once, and concurrent outcomes of different decisions add up exactly.
   */
  record(decision: DecisionOutcomeRef, kind: OutcomeKind, at: number, value: number, attributable: boolean): Promise<boolean>;
  close(): Promise<void>;
}

/** Counters on the graph's (:Slot)-[:ARM]->(:Product) relationships (the default). */
export class Neo4jPosteriorStore implements PosteriorStore {
  readonly name = 'neo4j';
  constructor(private readonly db: GraphDb) {}

  readArms(slots: readonly SlotDefinition[]): Promise<Map<string, SlotArm[]>> {
    return readSlotArms(this.db, slots);
  }

  record(decision: DecisionOutcomeRef, kind: OutcomeKind, at: number, value: number, attributable: boolean): Promise<boolean> {
    return recordOutcome(this.db, decision.decisionId, kind, at, value, attributable);
  }

  async close(): Promise<void> {
    // The driver belongs to the caller.
  }
}
