/**
 * The shared store of served decisions (Neo4j; cypher/decide/*.cypher): slot counters every API
 * process reads and increments, decisions written durably with their propensity, outcomes
 * recorded at most once per decision. The policy code (libs/decide) never sees the driver.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import type { OutcomeKind, SlotArm, SlotDefinition, StoredDecision, UserDecisionContext } from './types';

interface ArmRow extends SlotArm {
  slot: string;
}

/**
 * Creates each slot and an arm (zeroed counters) to each eligible product not yet armed; existing
 * counters are kept. One transaction for all slots: a configuration is applied whole or not at all.
 */
export async function ensureSlots(db: GraphDb, slots: readonly SlotDefinition[]): Promise<Map<string, number>> {
  return db.write(async (tx) => {
    const arms = new Map<string, number>();
    for (const s of slots) {
      const { records } = await tx.run(cypher('decide/slot-ensure'), { slot: s.id, policy: s.policy, productIds: s.productIds, categories: s.categories });
      arms.set(s.id, records[0] ? Number(records[0].get('arms')) : 0);
    }
    return arms;
  });
}

/** Every slot's eligible products and counters, by slot id (a slot with no product is absent). */
export async function readSlotArms(db: GraphDb, slots: readonly SlotDefinition[]): Promise<Map<string, SlotArm[]>> {
  const rows = await db.read<ArmRow>(cypher('decide/slot-arms'), { slots: slots.map((s) => ({ id: s.id, productIds: s.productIds, categories: s.categories })) });
  const out = new Map<string, SlotArm[]>();
  for (const { slot, ...arm } of rows) {
    const list = out.get(slot) ?? [];
    list.push(arm);
    out.set(slot, list);
  }
  return out;
}

interface UserRow {
  userId: string;
  region: string | null;
  homeType: string | null;
  segment: string | number | null;
  owned: string[];
}

/** An unknown user: nothing known, every eligible product offered. */
export const UNKNOWN_USER: UserDecisionContext = Object.freeze({ known: false, owned: [], segment: '', features: { region: '', home_type: '', segment: '', owned: '', n_owned: 0 } });

function toContext(row: UserRow): UserDecisionContext {
  const owned = [...row.owned].sort();
  const segment = row.segment === null ? '' : String(row.segment);
  return {
    known: true,
    owned,
    segment,
    features: { region: row.region ?? '', home_type: row.homeType ?? '', segment, owned: owned.join('|'), n_owned: owned.length },
  };
}

/** The decision context of each of `userIds` (unknown users map to UNKNOWN_USER). */
export async function readUserContexts(db: GraphDb, userIds: readonly string[]): Promise<Map<string, UserDecisionContext>> {
  const rows = await db.read<UserRow>(cypher('decide/user-context'), { userIds });
  const out = new Map<string, UserDecisionContext>(userIds.map((id) => [id, UNKNOWN_USER]));
  for (const row of rows) out.set(row.userId, toContext(row));
  return out;
}

export async function writeDecisions(db: GraphDb, decisions: readonly StoredDecision[]): Promise<void> {
  const rows = decisions.map((d) => ({ ...d, context: JSON.stringify(d.context), createdAt: neo4j.int(d.createdAt) }));
  await db.write((tx) => tx.run(cypher('decide/decisions-create'), { decisions: rows }));
}

export interface DecisionRef {
  userId: string;
  productId: string;
  slot: string;
  createdAt: number;
  /** Outcomes already recorded on the decision node. */
  impressed: boolean;
  clicked: boolean;
  purchased: boolean;
}

export async function findDecision(db: GraphDb, decisionId: string): Promise<DecisionRef | undefined> {
  const [row] = await db.read<DecisionRef>(cypher('decide/decision-get'), { decisionId });
  return row;
}

/**
 * Records an outcome; true when it moved the slot's counters (the first impression, click or
 * attributable purchase of this decision), false for a repeat or a purchase outside the window.
 */
export async function recordOutcome(db: GraphDb, decisionId: string, kind: OutcomeKind, at: number, value: number, attributable: boolean): Promise<boolean> {
  const records = await db.write((tx) => tx.run(cypher('decide/decision-outcome'), { decisionId, kind, at: neo4j.int(at), value, attributable }).then((r) => r.records));
  return records.length > 0 && records[0].get('counted') === true;
}

export interface ExportedDecisionRow {
  id: string;
  createdAt: number;
  userId: string;
  slot: string;
  context: string;
  actions: string[];
  productId: string;
  propensity: number;
  policy: string;
  policyVersion: string;
  clicked: boolean;
  value: number;
}

/** Decisions in the order they were made (one slot's, when given), `pageSize` per read. */
export async function* readDecisions(db: GraphDb, options: { slot?: string; pageSize?: number } = {}): AsyncGenerator<ExportedDecisionRow> {
  const pageSize = options.pageSize ?? 5_000;
  const slot = options.slot ?? null;
  let afterAt = -1;
  let afterId = '';
  for (;;) {
    const rows = await db.read<ExportedDecisionRow>(cypher('decide/decisions-export'), { afterAt: neo4j.int(afterAt), afterId, slot, limit: neo4j.int(pageSize) });
    for (const row of rows) yield row;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    afterAt = last.createdAt;
    afterId = last.id;
  }
}
