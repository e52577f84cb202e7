import type { EncodedSession } from './types';
import { MetricsAccumulator, SessionMetrics, rankOf } from './metrics';

/** What a model is fitted on: the split's train sessions (ordered by start) and vocabulary. */
export interface SessionTrainData {
  train: EncodedSession[];
  nItems: number;
  nUsers: number;
  popularity: Float64Array;
}

/** Called for each predicted position: the target is `session.items[pos]`, the prefix `items[0..pos)`. */
export type ScoreVisitor = (testIndex: number, pos: number, scores: Float32Array) => void;

export interface SessionRecommender {
  readonly name: string;
  fit(data: SessionTrainData): Promise<void>;
  /**
   * Scores every item after every prefix (positions 1..L-1) of each test session. `history`: the
   * train sessions (for user state), in start order; test sessions are visited in start order too.
   */
  score(history: readonly EncodedSession[], test: readonly EncodedSession[], visit: ScoreVisitor): Promise<void>;
}

/** Recall and MRR at 5 and 20 of a fitted model on test sessions. */
export async function evaluateSessions(model: SessionRecommender, history: readonly EncodedSession[], test: readonly EncodedSession[]): Promise<SessionMetrics> {
  const acc = new MetricsAccumulator();
  await model.score(history, test, (i, pos, scores) => acc.add(rankOf(scores, test[i].items[pos])));
  return acc.result();
}
