/**
 * The next-item protocol, written down so that another implementation can reproduce it:
 *  1. sessions with fewer than 2 items are dropped;
 *  2. the split: `temporal` — sessions that start in the last `testDays` days of the log (before
 *     the last event's second) are test, the rest train; `last-session` — each user's last session
 *     is test when the user has at least two sessions (the HRNN paper's split), anonymous sessions
 *     and single-session users stay in train;
 *  3. items never seen in train are removed from test sessions, and test sessions left with fewer
 *     than 2 items are dropped again;
 *  4. for a test session of length L, items 2..L are predicted from their prefixes; items already
 *     in the prefix stay candidates (a repeat view is a real next event).
 * Item indices are assigned by descending train popularity (ties by id), so that ranking ties
 * break towards the popular item, the same for every model.
 */
import type { EncodedSession, Session } from './types';

export type SessionProtocol = 'temporal' | 'last-session';
export const SESSION_PROTOCOLS: readonly SessionProtocol[] = ['temporal', 'last-session'];
export const DEFAULT_TEST_DAYS = 7;
const DAY = 86_400;

export interface NextItemSplit {
  itemIds: string[];
  userIds: string[];
  /** Train occurrences of each item. */
  popularity: Float64Array;
  /** Train sessions ordered by start time. */
  train: EncodedSession[];
  test: EncodedSession[];
  /** What the split removed, for the report. */
  removed: { shortSessions: number; unseenTestItems: number; shortTestSessions: number };
}

export interface SplitOptions {
  protocol: SessionProtocol;
  testDays?: number;
}

/** Step 2 on raw sessions (step 1 applied first): [train, test]. */
export function splitSessions(sessions: readonly Session[], options: SplitOptions): [Session[], Session[]] {
  const kept = sessions.filter((s) => s.items.length >= 2);
  if (options.protocol === 'temporal') {
    const days = options.testDays ?? DEFAULT_TEST_DAYS;
    if (!(days > 0)) throw new RangeError(`test days must be positive, got ${days}`);
    let last = -Infinity;
    for (const s of kept) last = Math.max(last, s.times[s.times.length - 1]);
    const cut = last - days * DAY;
    return [kept.filter((s) => s.times[0] < cut), kept.filter((s) => s.times[0] >= cut)];
  }
  const lastOf = new Map<string, Session>();
  const count = new Map<string, number>();
  for (const s of kept) {
    if (!s.user) continue;
    count.set(s.user, (count.get(s.user) ?? 0) + 1);
    const prev = lastOf.get(s.user);
    if (!prev || s.times[0] > prev.times[0] || (s.times[0] === prev.times[0] && s.id > prev.id)) lastOf.set(s.user, s);
  }
  const test = new Set<Session>();
  for (const [user, s] of lastOf) if ((count.get(user) ?? 0) >= 2) test.add(s);
  return [kept.filter((s) => !test.has(s)), kept.filter((s) => test.has(s))];
}

/** Items of the train sessions, indexed by descending occurrences (ties by id), with their counts. */
export function trainVocabulary(train: readonly Session[]): { itemIds: string[]; itemIndex: Map<string, number>; popularity: Float64Array } {
  const counts = new Map<string, number>();
  for (const s of train) for (const it of s.items) counts.set(it, (counts.get(it) ?? 0) + 1);
  const itemIds = [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  const itemIndex = new Map(itemIds.map((id, i) => [id, i]));
  return { itemIds, itemIndex, popularity: Float64Array.from(itemIds, (id) => counts.get(id) ?? 0) };
}

/** The whole protocol: split, vocabulary from train, unseen items out of test. */
export function nextItemSplit(sessions: readonly Session[], options: SplitOptions): NextItemSplit {
  const [trainRaw, testRaw] = splitSessions(sessions, options);
  const { itemIds, itemIndex, popularity } = trainVocabulary(trainRaw);
  const userIndex = new Map<string, number>();
  const userOf = (u: string | undefined) => {
    if (!u) return -1;
    let i = userIndex.get(u);
    if (i === undefined) userIndex.set(u, (i = userIndex.size));
    return i;
  };
  const byStart = (a: Session, b: Session) => a.times[0] - b.times[0] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const train = [...trainRaw].sort(byStart).map((s) => ({ user: userOf(s.user), start: s.times[0], items: Int32Array.from(s.items, (it) => itemIndex.get(it) as number) }));
  let unseen = 0;
  let shortTest = 0;
  const test: EncodedSession[] = [];
  for (const s of [...testRaw].sort(byStart)) {
    const items = s.items.filter((it) => itemIndex.has(it));
    unseen += s.items.length - items.length;
    if (items.length < 2) {
      shortTest++;
      continue;
    }
    test.push({ user: userOf(s.user), start: s.times[0], items: Int32Array.from(items, (it) => itemIndex.get(it) as number) });
  }
  return {
    itemIds,
    userIds: [...userIndex.keys()],
    popularity,
    train,
    test,
    removed: { shortSessions: sessions.length - trainRaw.length - testRaw.length, unseenTestItems: unseen, shortTestSessions: shortTest },
  };
}

/**
 * A validation carve of train for tuning and early stopping: the same protocol applied to the
 * train sessions alone (test is never looked at). Returns sessions of the given split, re-encoded
 * in the same vocabulary; validation items unseen in the carve's train are removed as in step 3.
 */
export function validationCarve(trainSessions: readonly EncodedSession[], options: SplitOptions): { train: EncodedSession[]; valid: EncodedSession[] } {
  const raw: Session[] = trainSessions.map((s, i) => ({
    id: String(i).padStart(10, '0'),
    user: s.user < 0 ? undefined : String(s.user),
    items: Array.from(s.items, String),
    times: Array.from(s.items, () => s.start),
  }));
  // Times: only session starts matter to both splits; each item takes its session's start.
  const [tr, va] = splitSessions(raw, options);
  const seen = new Set<number>();
  const enc = (s: Session): EncodedSession => ({ user: s.user === undefined ? -1 : Number(s.user), start: s.times[0], items: Int32Array.from(s.items, Number) });
  const train = tr.map(enc);
  for (const s of train) for (const it of s.items) seen.add(it);
  const valid = va.map(enc).map((s) => ({ ...s, items: s.items.filter((it) => seen.has(it)) })).filter((s) => s.items.length >= 2);
  return { train, valid };
}
