/**
 * One event from a live caller (the API's trackEvent): the same row validation as file ingest and
 * the same write (cypher/ingest/events through writeBatch), in its own committed transaction, so
 * the event is visible to the next read. Idempotent by event id: a repeat is `created: false`.
 */
import { GraphDb } from '@graphrec/neo4j';
import { validateRecord } from './validate';
import { writeBatch } from './writers';

/** A row in the events file's shape (snake_case, as ingest reads it). */
export interface TrackEventRow {
  id: string;
  user_id: string;
  type: string;
  product_id: string;
  device_id?: string;
  timestamp: string | number;
  value?: number;
}

/** `at`: the validated event time (epoch ms), for what follows the write (the live session state). */
export type TrackEventOutcome = { ok: true; id: string; created: boolean; at: number } | { ok: false; reason: string };

export async function trackEvent(db: GraphDb, row: TrackEventRow): Promise<TrackEventOutcome> {
  const { record, reason } = validateRecord('events', row);
  if (!record) return { ok: false, reason: reason ?? 'invalid event' };
  const outcome = await db.write((tx) => writeBatch(tx, 'events', [record]));
  const refused = outcome.rejected.get(0);
  if (refused) return { ok: false, reason: refused };
  return { ok: true, id: record.id, created: outcome.changed === 1, at: record.timestamp as number };
}
