/**
 * Served decisions as decision-log lines (libs/decide/src/logs.ts), the same JSON lines
 * `graphrec simulate --logs` writes, so `graphrec ope` and `learn-policy` run on real logs as on
 * simulated ones. reward = clicked (0/1), value = the attributed purchase's price; `policy` is the
 * slot's policy version (e.g. `thompson@812`), `round` the decision's place in time order.
 */
import { formatLogLine, type LoggedDecision } from '@graphrec/decide';
import type { GraphDb } from '@graphrec/neo4j';
import { readDecisions, type ExportedDecisionRow } from './decision-store';

export function toLoggedDecision(row: ExportedDecisionRow, round: number): LoggedDecision {
  let context: Record<string, string | number> = {};
  try {
    context = JSON.parse(row.context) as Record<string, string | number>;
  } catch {
    // Written by this module as JSON; an unreadable one exports with an empty context rather than stopping the export.
  }
  return {
    round,
    user_id: row.userId,
    context: { ...context, slot: row.slot },
    actions: row.actions,
    action: row.productId,
    propensity: row.propensity,
    reward: row.clicked ? 1 : 0,
    value: row.value,
    policy: row.policyVersion,
  };
}

/** Writes every stored decision (optionally one slot's) as log lines through `write`; returns how many. */
export async function exportDecisions(db: GraphDb, write: (line: string) => Promise<void> | void, slot?: string): Promise<number> {
  let round = 0;
  // The slot is filtered in the query: reading every slot's decisions to keep one slot's wasted the pages.
  for await (const row of readDecisions(db, { slot })) {
    await write(`${formatLogLine(toLoggedDecision(row, round++))}\n`);
  }
  return round;
}
