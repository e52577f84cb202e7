/**
 * A sequence model's summary of a user as of a cutoff, as tabular features for another model
 * (issue 11: the propensity trees). HRNN's user-level GRU reads every finished session; its state
 * is the model's compressed view of "who this user is across sessions" — the basket script they
 * follow, which the propensity truth depends on through the hidden customer type.
 *
 * Per user, after replaying their sessions before the cutoff through the step model (the same
 * transitions as serving, session-state.ts's replayHistory) and closing the last one (the cutoff
 * ends it: `StepModel.sessionStart`):
 * - `seq_next:<group>`: the softmax probability mass of the group's items as the first item of
 *   the user's next session — what the model expects them to come back for;
 * - `seq_last:<group>`: the same after the user's latest event (inside the last session);
 * - `seq_u<i>` (optional): the user state itself.
 * Users with no known item before the cutoff get NaN (a tree's missing value). Pure.
 */
import { replayHistory } from './session-state';
import type { StepModel } from './step-model';

export interface ItemGroup {
  name: string;
  itemIds: readonly string[];
}

export interface SequenceUserFeatures {
  names: string[];
  /** Row-major users × names.length. */
  values: Float32Array;
}

/** Softmax of scores (max-shifted). */
export function softmax(scores: Float32Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const out = Float64Array.from(scores, (s) => Math.exp(s - max));
  const z = out.reduce((a, b) => a + b, 0);
  for (let i = 0; i < out.length; i++) out[i] /= z;
  return out;
}

export function sequenceUserFeatures(
  model: StepModel,
  sessionsByUser: readonly (readonly { items: readonly string[]; times: readonly number[] }[])[],
  gapSeconds: number,
  groups: readonly ItemGroup[],
  options: { userState?: boolean } = {},
): SequenceUserFeatures {
  const rows = groups.map((g) => g.itemIds.map((id) => model.itemIndex(id)).filter((i): i is number => i !== undefined));
  const names = [...groups.map((g) => `seq_next:${g.name}`), ...groups.map((g) => `seq_last:${g.name}`)];
  const withU = options.userState === true && model.kind === 'hrnn';
  if (withU) for (let i = 0; i < model.userHidden; i++) names.push(`seq_u${i}`);
  const d = names.length;
  const values = new Float32Array(sessionsByUser.length * d).fill(Number.NaN);
  const mass = (p: Float64Array, items: number[]) => items.reduce((s, i) => s + p[i], 0);
  sessionsByUser.forEach((sessions, user) => {
    const state = replayHistory(model, 'user-features', sessions, gapSeconds * 1000);
    if (!state) return;
    const next = model.sessionStart(state, state.n >= 2);
    const pNext = softmax(model.scores(next.h));
    const pLast = softmax(model.scores(state.h));
    const o = user * d;
    rows.forEach((items, g) => {
      values[o + g] = mass(pNext, items);
      values[o + groups.length + g] = mass(pLast, items);
    });
    if (withU) values.set(next.u, o + 2 * groups.length);
  });
  return { names, values };
}
