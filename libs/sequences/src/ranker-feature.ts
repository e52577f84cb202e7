/**
 * The sequence model's score as a ranker feature (issue 12 §4): for a user, every product's score
 * as the next item after their history, from the user's recurrent state (`h` after their latest
 * event, HRNN's user state having read their finished sessions). One owner for the ranker's
 * seq_* columns: training replays each user's sessions before the carve's cutoff through a model
 * trained on those sessions only; scoring replays all of them through the served model (or reads
 * the live session state, which holds the same `h`: storedStateProductScores).
 */
import { decodeSessionState, rebase, replayHistory } from './session-state';
import type { StepModel } from './step-model';
import type { Session } from './types';

/** Per product id (in `productIds` order), the model's score after state `h`; NaN where the model does not know the product. */
export function productScores(model: StepModel, h: Float32Array, productIds: readonly string[]): Float32Array {
  const all = model.scores(h);
  return Float32Array.from(productIds, (id) => {
    const i = model.itemIndex(id);
    return i === undefined ? Number.NaN : all[i];
  });
}

/**
 * Per user index (`userIndex` of a session's user id; unknown users skipped), the product scores
 * after replaying the user's sessions that start before `before` (epoch seconds; items after it
 * are cut off too); null for a user with no known item before it.
 */
export function historyProductScores(
  model: StepModel,
  sessions: readonly Session[],
  userIndex: (id: string) => number | undefined,
  users: number,
  productIds: readonly string[],
  gapSeconds: number,
  before = Infinity,
): (Float32Array | null)[] {
  const byUser = new Map<number, Session[]>();
  for (const s of sessions) {
    const u = s.user === undefined ? undefined : userIndex(s.user);
    if (u === undefined || s.times[0] >= before) continue;
    let list = byUser.get(u);
    if (!list) byUser.set(u, (list = []));
    const keep = s.times.findIndex((t) => t >= before);
    list.push(keep < 0 ? s : { ...s, items: s.items.slice(0, keep), times: s.times.slice(0, keep) });
  }
  const out: (Float32Array | null)[] = new Array(users).fill(null);
  for (const [u, list] of byUser) {
    list.sort((a, b) => a.times[0] - b.times[0]);
    const state = replayHistory(model, 'ranker-feature', list, gapSeconds * 1000);
    out[u] = state ? productScores(model, state.h, productIds) : null;
  }
  return out;
}

/**
 * Serving's side (libs/serving ranker-sequence.ts): the product scores from a user's stored session
 * state (session-state.ts's encoded string, as `train-sequence` seeded it from the history and
 * `trackEvent` advanced it), i.e. after the user's latest event as historyProductScores computes
 * them for training. A state written under another model is replayed through this one from its
 * session items (its user state cannot be, as in serving's rebase); null without a state, for an
 * unreadable one, or when none of its items is known.
 */
export function storedStateProductScores(model: StepModel, key: string, text: string | null, productIds: readonly string[]): Float32Array | null {
  if (text === null) return null;
  let state;
  try {
    state = decodeSessionState(text, model.hidden, model.userHidden);
  } catch {
    return null;
  }
  if (state.model !== key) state = rebase(model, key, state);
  if (state.n === 0) return null;
  return productScores(model, state.h, productIds);
}
