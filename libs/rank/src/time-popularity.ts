import { ScoreAllRecommender, TrainData, fitted } from '@graphrec/recommend';
import { RankTrain } from './features';
import { buildTimeContext, TimeContext, userTimeProfile } from './time-features';

export interface TimePopularityOptions {
  /** Half-width in days of the window around the user's interactions (default 7). */
  window?: number;
}

/**
 * Candidate generator: the items most interacted with by everyone within ±window days of the
 * user's own interactions (time-features.ts), i.e. what is popular while the user is active. Reads
 * the fitted data's timestamps (`RankTrain.times`); without them it is plain popularity (every
 * user's window is all of time), so a bare interaction log still runs.
 */
export class TimePopularityRecommender extends ScoreAllRecommender {
  readonly name: string;
  private tc?: TimeContext;
  private times?: Float64Array;
  private counts?: Float32Array;

  constructor(private readonly options: TimePopularityOptions = {}) {
    super();
    this.name = `time-popularity(±${options.window ?? 7}d)`;
  }

  fit(train: TrainData): void {
    const times = (train as RankTrain).times;
    this.train = train;
    this.times = times;
    this.tc = buildTimeContext(train.matrix, train.users, train.items, times, [this.options.window ?? 7]);
    const counts = new Float32Array(train.items);
    for (const i of train.matrix.targets) counts[i]++;
    this.counts = counts;
  }

  scoreAll(user: number): Float32Array {
    const train = fitted(this.train, this.name);
    const counts = fitted(this.counts, this.name);
    const tc = this.tc;
    const times = this.times;
    if (!tc || !times) return Float32Array.from(counts, (c) => c / Math.max(1, train.matrix.targets.length));
    const kernel = userTimeProfile(tc, train.matrix, times, user).kernels[0];
    if (!kernel.mass) return Float32Array.from(counts, (c) => c / Math.max(1, train.matrix.targets.length));
    const out = new Float32Array(train.items);
    for (let p = 0; p < kernel.buckets.length; p++) {
      const b = kernel.buckets[p];
      const w = kernel.weights[p];
      for (let i = 0; i < train.items; i++) out[i] += w * tc.itemBuckets[i * tc.buckets + b];
    }
    // The item's share of the window's interactions; a hair of global popularity breaks ties.
    for (let i = 0; i < train.items; i++) out[i] = out[i] / kernel.mass + 1e-6 * counts[i];
    return out;
  }
}
