/**
 * The Q-function of the CRM learners (fitted-q.ts): an empirical-Bayes table over three levels of
 * the state — the product alone, (segment, product), (owned set and ignored count, product) — each level's mean shrunk
 * toward the coarser one by `prior` pseudo-observations, so a (owned set, product) pair seen a few
 * times leans on its segment, and one never seen is its segment's (or the product's) value.
 *
 * `se` is the uncertainty the pessimistic learner penalises: the spread of the targets of the
 * product over the (segment, product) pairs' count, sd / √(n + 1) — large for a product the
 * logging policy rarely promoted to that segment.
 */
import type { CrmObservation } from '@graphrec/datagen';

export interface QSample {
  observation: CrmObservation;
  action: string;
  target: number;
}

interface Acc {
  n: number;
  sum: number;
  sum2: number;
}

/** Pseudo-observations with which each level leans on the coarser one. */
export const Q_PRIOR = 10;

const add = (map: Map<string, Acc>, key: string, y: number): void => {
  const e = map.get(key);
  if (e) {
    e.n++;
    e.sum += y;
    e.sum2 += y * y;
  } else map.set(key, { n: 1, sum: y, sum2: y * y });
};

/** The finest level's state: the owned set (with its segment, which a real CRM's segmentation may add to) and the promotions ignored since. */
export const stateKey = (o: CrmObservation): string => `${o.segment}#${o.owned.join('|')}#${o.ignored}`;

export class QTable {
  private readonly byAction = new Map<string, Acc>();
  private readonly bySegment = new Map<string, Acc>();
  private readonly byState = new Map<string, Acc>();
  private overall = 0;

  constructor(samples: readonly QSample[], private readonly prior = Q_PRIOR) {
    let sum = 0;
    for (const s of samples) {
      sum += s.target;
      add(this.byAction, s.action, s.target);
      add(this.bySegment, `${s.observation.segment}\u0000${s.action}`, s.target);
      add(this.byState, `${stateKey(s.observation)}\u0000${s.action}`, s.target);
    }
    this.overall = samples.length ? sum / samples.length : 0;
  }

  /** The estimated value of promoting `action` in `observation`, and its standard error. */
  predict(observation: CrmObservation, action: string): { mean: number; se: number } {
    const k = this.prior;
    const a = this.byAction.get(action);
    const m1 = a ? (a.sum + k * this.overall) / (a.n + k) : this.overall;
    const s = this.bySegment.get(`${observation.segment}\u0000${action}`);
    const m2 = s ? (s.sum + k * m1) / (s.n + k) : m1;
    const x = this.byState.get(`${stateKey(observation)}\u0000${action}`);
    const mean = x ? (x.sum + k * m2) / (x.n + k) : m2;
    const sd = a && a.n > 1 ? Math.sqrt(Math.max(0, (a.sum2 - (a.sum * a.sum) / a.n) / (a.n - 1))) : 0;
    return { mean, se: sd / Math.sqrt((s?.n ?? 0) + 1) };
  }
}
