/**
 * One evaluation run of the next-item protocol: split, fit every model on train (the neural ones
 * tune their epochs on a validation carve of train), score every test prefix once.
 */
import { join } from 'node:path';
import { LastItemKnn, SessionKnn, SessionKnnOptions, SessionPopularity } from './baselines';
import { SeedEnsemble } from './ensemble';
import { CUTOFFS, type SessionMetrics } from './metrics';
import { saveSequenceModel } from './model-files';
import { NeuralOptions, NeuralSessionModel } from './neural';
import { DEFAULT_TEST_DAYS, SplitOptions, nextItemSplit } from './protocol';
import { SessionRecommender, evaluateSessions } from './recommender';
import type { Session } from './types';

export const SESSION_MODELS = ['hrnn', 'gru4rec', 'sknn', 'vsknn', 'lastitem', 'spop'] as const;
export type SessionModelName = (typeof SESSION_MODELS)[number];

/** The neural models' options; `seeds` > 1 evaluates a seed ensemble (ensemble.ts; evaluation only). */
export type EvaluationNeuralOptions = Partial<NeuralOptions> & { seeds?: number };

export interface SessionEvaluationOptions extends SplitOptions {
  models: readonly SessionModelName[];
  neural?: EvaluationNeuralOptions;
  /** SKNN / V-SKNN's k and sample size (defaults SESSION_KNN_DEFAULTS; choose them on validation). */
  knn?: SessionKnnOptions;
  /** Where each neural model's files go (`DIR/<model>/`); none written when absent. */
  modelDir?: string;
  log?: (line: string) => void;
}

export interface SessionModelResult extends SessionMetrics {
  train_seconds: number;
  /** Neural models: the epochs chosen on validation. */
  epochs?: number;
  /** Seed ensembles: the epochs each member chose. */
  seed_epochs?: number[];
  /** Neural models: validation MRR@20 and mean loss after each epoch on the carve. */
  validation?: { epoch: number; mrr20: number; loss: number }[];
}

export interface SessionEvaluation {
  protocol: SplitOptions['protocol'];
  test_days?: number;
  k: number[];
  data: { sessions: number; train_sessions: number; test_sessions: number; items: number; users: number; removed: Record<string, number> };
  results: Record<string, SessionModelResult>;
}

export function makeSessionModel(name: SessionModelName, split: SplitOptions, neural: EvaluationNeuralOptions = {}, log?: (line: string) => void, knn: SessionKnnOptions = {}): SessionRecommender {
  switch (name) {
    case 'spop':
      return new SessionPopularity();
    case 'lastitem':
      return new LastItemKnn();
    case 'sknn':
      return new SessionKnn(false, knn);
    case 'vsknn':
      return new SessionKnn(true, knn);
    default: {
      const { seeds, ...single } = neural;
      return seeds !== undefined && seeds > 1 ? new SeedEnsemble(name, split, { ...single, seeds }, log) : new NeuralSessionModel(name, split, single, log);
    }
  }
}

export async function evaluateSessionModels(sessions: readonly Session[], options: SessionEvaluationOptions): Promise<SessionEvaluation> {
  const split = nextItemSplit(sessions, options);
  if (!split.train.length || !split.test.length) {
    throw new RangeError(`the ${options.protocol} split leaves ${split.train.length} train and ${split.test.length} test sessions of two or more items: nothing to evaluate`);
  }
  const data = { train: split.train, nItems: split.itemIds.length, nUsers: split.userIds.length, popularity: split.popularity };
  const results: Record<string, SessionModelResult> = {};
  for (const name of options.models) {
    const model = makeSessionModel(name, options, options.neural, options.log, options.knn);
    const started = performance.now();
    await model.fit(data);
    const trainSeconds = (performance.now() - started) / 1000;
    const metrics = await evaluateSessions(model, split.train, split.test);
    results[name] = { ...metrics, train_seconds: Math.round(trainSeconds * 100) / 100 };
    if (model instanceof NeuralSessionModel) {
      results[name].epochs = model.chosenEpochs;
      results[name].validation = model.epochs.map((e) => ({ epoch: e.epoch, mrr20: e.validMrr20 ?? 0, loss: e.loss }));
      if (options.modelDir) saveSequenceModel(join(options.modelDir, name), model, split.itemIds);
      model.net?.dispose();
    }
    if (model instanceof SeedEnsemble) {
      results[name].epochs = model.chosenEpochs[0];
      results[name].seed_epochs = model.chosenEpochs;
      model.dispose();
    }
    options.log?.(`${name}: MRR@5 ${metrics['mrr@5'].toFixed(4)}, Recall@5 ${metrics['recall@5'].toFixed(4)}, MRR@20 ${metrics['mrr@20'].toFixed(4)}, Recall@20 ${metrics['recall@20'].toFixed(4)} (${trainSeconds.toFixed(1)} s to train)`);
  }
  return {
    protocol: options.protocol,
    ...(options.protocol === 'temporal' ? { test_days: options.testDays ?? DEFAULT_TEST_DAYS } : {}),
    k: [...CUTOFFS],
    data: { sessions: sessions.length, train_sessions: split.train.length, test_sessions: split.test.length, items: split.itemIds.length, users: split.userIds.length, removed: split.removed },
    results,
  };
}
