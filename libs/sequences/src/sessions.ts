/**
 * Sessions from raw events: a user's events in time order, split where the user was inactive for
 * longer than a gap. Only the configured event types are items (a motion alert is not a choice).
 */
import type { Session, SessionEvent } from './types';

export const DEFAULT_GAP_SECONDS = 30 * 60;
/** What a shopper chooses; device telemetry (alerts, live views) and installs are not items by default. */
export const DEFAULT_ITEM_TYPES: readonly string[] = ['product_view', 'add_to_cart', 'purchase'];

export interface SessionizeOptions {
  /** A gap strictly longer than this (seconds) starts a new session; default 30 minutes. */
  gapSeconds?: number;
  /** Event types that count as items; undefined: every event counts. */
  itemTypes?: readonly string[];
}

/**
 * Splits events into sessions. Events are sorted by time per user (stable, so same-second events
 * keep their input order: the generator writes causal order); exact duplicates (same user, item,
 * type and second) are dropped, since a replayed row is not a second choice. Anonymous events
 * (no user) cannot be joined across rows and each becomes its own one-item session, which the
 * protocol then drops; anonymous logs should come as a session log with session ids instead.
 */
export function sessionize(events: Iterable<SessionEvent>, options: SessionizeOptions = {}): Session[] {
  const gap = options.gapSeconds ?? DEFAULT_GAP_SECONDS;
  if (!(gap > 0) || !Number.isFinite(gap)) throw new RangeError(`gap must be a positive number of seconds, got ${gap}`);
  const types = options.itemTypes ? new Set(options.itemTypes) : undefined;
  const byUser = new Map<string, SessionEvent[]>();
  const sessions: Session[] = [];
  let anonymous = 0;
  for (const e of events) {
    if (types && (e.type === undefined || !types.has(e.type))) continue;
    if (!e.user) {
      sessions.push({ id: `anon-${++anonymous}`, user: undefined, items: [e.item], times: [e.t] });
      continue;
    }
    let list = byUser.get(e.user);
    if (!list) byUser.set(e.user, (list = []));
    list.push(e);
  }
  for (const [user, list] of byUser) {
    list.sort((a, b) => a.t - b.t);
    let current: Session | undefined;
    let n = 0;
    const seen = new Set<string>();
    for (const e of list) {
      const key = `${e.t}\u0000${e.item}\u0000${e.type ?? ''}`;
      if (current && e.t - current.times[current.times.length - 1] > gap) current = undefined;
      if (!current) {
        current = { id: `${user}#${++n}`, user, items: [], times: [] };
        sessions.push(current);
        seen.clear();
      }
      if (seen.has(key)) continue;
      seen.add(key);
      current.items.push(e.item);
      current.times.push(e.t);
    }
  }
  return sessions;
}
