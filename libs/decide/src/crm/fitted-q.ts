/**
 * Fitted-Q evaluation and a conservative fitted-Q learner for the sequential CRM policy (issue 11
 * §4; docs/decide.md "Sequential CRM policy"), on a log of weekly promotions (CrmStep, from
 * libs/datagen crm-world.ts or any CRM's log of the same shape).
 *
 * Finite horizon H (the programme's weeks): Q_h is the value of promoting a with h weeks left.
 * The dynamics do not depend on the week, so every logged transition (s, a, r, s') serves every h:
 *
 * - **FQE** (Le, Voloshin and Yue 2019) of a policy π: Q_h = fit of r + Σ_a' π(a'|s', h−1)·Q_{h−1}(s', a')
 *   (0 when the user unsubscribed or the programme ended), Q_0 = 0; the estimate is the mean over
 *   the log's first weeks of Σ_a π(a|s₀, H)·Q_H(s₀, a).
 * - **Conservative fitted-Q iteration** (pessimism in the spirit of Jin, Yang and Wang 2021, PEVI):
 *   Q̃_h = fit of r + max_a' Q̃_{h−1}(s', a') − κ·se_h(s, a), where se is the table's uncertainty for
 *   (segment, product) (q-table.ts): a product the log rarely promoted to a segment wins only on
 *   strong evidence, and its doubtful value is not carried back to earlier weeks. The policy with h
 *   weeks left is greedy on Q̃_h.
 * - **One-step (myopic)**: the same learner with H = 1, used every week: greedy on the immediate
 *   value alone, blind to what a week's choice does to the following ones.
 *
 * Pure: no randomness, no I/O. The fitting is over distinct next states (a state's value is
 * computed once per iteration), so a 240,000-week log takes seconds.
 */
import type { CrmObservation, CrmPolicyFn, CrmStep } from '@graphrec/datagen';
import { QTable, stateKey } from './q-table';

export interface FittedQOptions {
  /** Weeks of the programme (H). */
  horizon: number;
}

/** A state's value under the next-week Q and a way of choosing there. */
type NextValue = (table: QTable, observation: CrmObservation, actions: readonly string[]) => number;

/** Fits Q_1…Q_H backwards on `steps`; `nextValue` turns Q_{h−1} into the value of a next state. */
function fitBackwards(steps: readonly CrmStep[], horizon: number, nextValue: NextValue, penalty = 0): QTable[] {
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`horizon must be a whole number from 1, got ${horizon}`);
  const tables: QTable[] = [];
  let previous: QTable | undefined;
  for (let h = 1; h <= horizon; h++) {
    const values = new Map<string, number>();
    const before = previous;
    const samples = steps.map((s) => {
      let future = 0;
      if (before && s.next && s.next.actions.length > 0) {
        // Valued with h − 1 weeks left, whatever week it was logged in (the dynamics are the same every week).
        const key = stateKey(s.next.observation);
        const cached = values.get(key);
        future = cached ?? nextValue(before, { ...s.next.observation, weeksLeft: h - 1 }, s.next.actions);
        if (cached === undefined) values.set(key, future);
      }
      return { observation: s.observation, action: s.action, target: s.value + future };
    });
    let table = new QTable(samples);
    if (penalty > 0) table = penalised(table, penalty);
    tables.push(table);
    previous = table;
  }
  return tables;
}

/** A table whose predictions are lowered by κ·se (the conservative learner's Q̃). */
function penalised(table: QTable, kappa: number): QTable {
  const wrapped = Object.create(table) as QTable;
  wrapped.predict = (o, a) => {
    const p = table.predict(o, a);
    return { mean: p.mean - kappa * p.se, se: p.se };
  };
  return wrapped;
}

/** The index of the greedy action (the first of equals). */
export function greedyIndex(table: QTable, observation: CrmObservation, actions: readonly string[]): number {
  let best = 0;
  let bestValue = -Infinity;
  actions.forEach((a, k) => {
    const v = table.predict(observation, a).mean;
    if (v > bestValue) {
      bestValue = v;
      best = k;
    }
  });
  return best;
}

/** A deterministic policy from the tables: with h weeks left, greedy on tables[min(h, H) − 1]. */
export function greedyPolicy(tables: readonly QTable[]): CrmPolicyFn {
  return (observation, actions) => {
    const table = tables[Math.min(observation.weeksLeft, tables.length) - 1];
    const p = new Float64Array(actions.length);
    p[greedyIndex(table, observation, actions)] = 1;
    return p;
  };
}

export interface CrmLearned {
  policy: CrmPolicyFn;
  tables: QTable[];
}

/** The conservative fitted-Q learner (κ = `pessimism`; 0 is plain fitted-Q iteration). */
export function learnSequential(steps: readonly CrmStep[], options: FittedQOptions & { pessimism: number }): CrmLearned {
  if (!(options.pessimism >= 0)) throw new Error(`pessimism must be 0 or more, got ${options.pessimism}`);
  const max: NextValue = (table, o, actions) => table.predict(o, actions[greedyIndex(table, o, actions)]).mean;
  const tables = fitBackwards(steps, options.horizon, max, options.pessimism);
  return { policy: greedyPolicy(tables), tables };
}

/** The one-step (myopic) learner: greedy every week on the immediate value, with the same pessimism. */
export function learnMyopic(steps: readonly CrmStep[], options: { pessimism: number }): CrmLearned {
  return learnSequential(steps, { horizon: 1, pessimism: options.pessimism });
}

/** Fitted-Q evaluation of `policy` on `steps`: its estimated value per programme (per user: `episodes`, default the log's first weeks). */
export function fittedQEvaluation(steps: readonly CrmStep[], policy: CrmPolicyFn, options: FittedQOptions & { episodes?: number }): { value: number; episodes: number } {
  const expected: NextValue = (table, o, actions) => {
    const p = policy(o, actions);
    let v = 0;
    actions.forEach((a, k) => {
      if (p[k] > 0) v += p[k] * table.predict(o, a).mean;
    });
    return v;
  };
  const tables = fitBackwards(steps, options.horizon, expected);
  const last = tables[tables.length - 1];
  let sum = 0;
  let episodes = 0;
  for (const s of steps) {
    if (s.week !== 0) continue;
    episodes++;
    sum += expected(last, { ...s.observation, weeksLeft: options.horizon }, s.actions);
  }
  if (episodes === 0) throw new Error('the log holds no first week of a programme');
  // Users with nothing to promote have no logged week: `options.episodes` counts them (worth 0).
  const total = options.episodes ?? episodes;
  return { value: sum / total, episodes: total };
}
