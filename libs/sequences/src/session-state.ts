/**
 * A user's live session state for serving (issue 12 §4), and how one tracked event advances it.
 * Pure: the store (Neo4j or Redis, libs/serving/src/sessions) keeps the encoded string and a
 * version; the API advances the state on every trackEvent and scores the next item from it.
 *
 * Rules (docs/sequences.md "Serving"):
 * - an event more than the gap after the session's last event starts a new session (the same
 *   rule as sessionize: a gap strictly longer than `gapMs`); at that moment HRNN's user state takes
 *   the finished session (if it had the two items every training session has);
 * - an event older than the session's last event by more than the gap is late: it belongs to a
 *   finished session and leaves the state alone (it is still recorded as an event);
 * - an event inside the gap but out of order is read as the next one (the order inside a
 *   session is approximate for a late-by-seconds event) and the session's end time stays the max;
 * - an item the model does not know (a product added since training) never reaches the network
 *   and does not extend the session;
 * - a state written under another model is replayed through the current one from its session's
 *   items (the user state is not replayable and starts again from zero).
 */
import { RecurrentState, StepModel } from './step-model';

/** Items of the current session kept with the state (for replay under a new model and for explanations). */
export const MAX_SESSION_ITEMS = 20;

export interface SessionState extends RecurrentState {
  /** The model the recurrent state was computed by (its record key). */
  model: string;
  /** Sessions this user started since the state began (the current one included). */
  session: number;
  /** Epoch ms of the current session's first and latest events. */
  start: number;
  lastAt: number;
  /** The current session's items, oldest first (at most MAX_SESSION_ITEMS). */
  items: string[];
  /** Items of the current session read by the network. */
  n: number;
}

export type AdvanceOutcome = 'stepped' | 'new-session' | 'late' | 'unknown-item';

/** Replays the state's session items through `model` from an empty state (a new model was published). */
export function rebase(model: StepModel, key: string, state: SessionState): SessionState {
  let r: RecurrentState = model.emptyState();
  let n = 0;
  const items: string[] = [];
  for (const id of state.items) {
    const i = model.itemIndex(id);
    if (i === undefined) continue;
    r = model.step(r, i, n === 0, false);
    n++;
    items.push(id);
  }
  return { ...state, ...r, model: key, items, n };
}

export function advanceSession(model: StepModel, key: string, previous: SessionState | null, event: { item: string; at: number }, gapMs: number): { state: SessionState | null; outcome: AdvanceOutcome } {
  const item = model.itemIndex(event.item);
  if (item === undefined) return { state: previous, outcome: 'unknown-item' };
  const state = previous && previous.model !== key ? rebase(model, key, previous) : previous;
  if (state && event.at < state.lastAt - gapMs) return { state: previous, outcome: 'late' };
  const newSession = !state || state.n === 0 || event.at - state.lastAt > gapMs;
  if (!newSession && state) {
    const r = model.step(state, item, false, false);
    return {
      state: { ...state, ...r, lastAt: Math.max(state.lastAt, event.at), items: [...state.items, event.item].slice(-MAX_SESSION_ITEMS), n: state.n + 1 },
      outcome: 'stepped',
    };
  }
  const base = state ?? { ...model.emptyState(), model: key, session: 0, start: event.at, lastAt: event.at, items: [], n: 0 };
  const r = model.step(base, item, true, base.n >= 2);
  return { state: { ...r, model: key, session: base.session + 1, start: event.at, lastAt: event.at, items: [event.item], n: 1 }, outcome: 'new-session' };
}

/** True while the state's session is open at `now` (its last event at most the gap ago). */
export function sessionActive(state: SessionState | null, now: number, gapMs: number): state is SessionState {
  return state !== null && state.n > 0 && now - state.lastAt <= gapMs;
}

// The stored form: JSON with the float vectors as base64 of their float32 bytes (a third the size of decimals).
const b64 = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
function floats(s: unknown, size: number): Float32Array | undefined {
  if (typeof s !== 'string') throw new Error('session state: vector missing');
  const buf = Buffer.from(s, 'base64');
  if (buf.byteLength !== size * 4) return undefined;
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

export function encodeSessionState(s: SessionState): string {
  return JSON.stringify({ m: s.model, s: s.session, t0: s.start, t: s.lastAt, n: s.n, i: s.items, h: b64(s.h), p: b64(s.hPrev), u: b64(s.u) });
}

/**
 * The stored string back; malformed text is refused with an Error. Vectors of other sizes (a state
 * from a model of another shape) come back as zeros with no model key, so that the caller replays
 * the session's items (rebase) instead of reading them.
 */
export function decodeSessionState(text: string, hidden: number, userHidden: number): SessionState {
  const o = JSON.parse(text) as Record<string, unknown>;
  const num = (v: unknown) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error('session state: bad number');
    return v;
  };
  if (typeof o.m !== 'string' || !Array.isArray(o.i) || !o.i.every((x) => typeof x === 'string')) throw new Error('session state: bad fields');
  const h = floats(o.h, hidden);
  const hPrev = floats(o.p, hidden);
  const u = floats(o.u, userHidden);
  const fits = h && hPrev && u;
  return {
    model: fits ? o.m : '',
    session: num(o.s),
    start: num(o.t0),
    lastAt: num(o.t),
    n: num(o.n),
    items: o.i as string[],
    h: h ?? new Float32Array(hidden),
    hPrev: hPrev ?? new Float32Array(hidden),
    u: u ?? new Float32Array(userHidden),
  };
}

/**
 * A user's state after their history (sessions in time order, as sessionize gives them) under
 * `model`, by the same transitions as live events: what a newly served model starts from, so that
 * HRNN's user state already knows the user's past sessions. Null when no item is known to the model.
 */
export function replayHistory(model: StepModel, key: string, sessions: readonly { items: readonly string[]; times: readonly number[] }[], gapMs: number): SessionState | null {
  let state: SessionState | null = null;
  for (const s of sessions) for (let i = 0; i < s.items.length; i++) state = advanceSession(model, key, state, { item: s.items[i], at: s.times[i] * 1000 }, gapMs).state;
  return state;
}
