/**
 * The sequence model the API serves (issue 12 §4): HRNN (or GRU4Rec) fitted on every session of
 * two or more items — the configuration whose test figures docs/sequences.md reports (session 9):
 * the epochs chosen on the protocol's validation carve (each user's last session; early stopping
 * on MRR@20, at most 10 epochs, patience 2), then the network **refitted on all sessions** for that
 * many epochs, so that it has read every user's latest sessions (the carve held them out). One
 * network, not the evaluation's 3-seed ensemble: docs/sequences.md "Served: the refit network"
 * (an ensemble would triple the live state per user and the step's CPU for +1.8% Recall@5).
 */
import { NEURAL_DEFAULTS, NeuralOptions, NeuralSessionModel } from './neural';
import { trainVocabulary } from './protocol';
import type { SequenceModelKind } from './network';
import type { EncodedSession, Session } from './types';

export const SERVED_SEQUENCE_DEFAULTS: Partial<NeuralOptions> = { maxEpochs: NEURAL_DEFAULTS.maxEpochs, patience: NEURAL_DEFAULTS.patience, refit: true };

export interface ServedSequenceFit {
  model: NeuralSessionModel;
  itemIds: string[];
  sessions: number;
  events: number;
  seconds: number;
}

export async function fitServedSequenceModel(sessions: readonly Session[], kind: SequenceModelKind, options: Partial<NeuralOptions> = {}, log?: (line: string) => void): Promise<ServedSequenceFit> {
  const started = performance.now();
  const kept = sessions.filter((s) => s.items.length >= 2);
  if (kept.length < 2) throw new RangeError(`${kept.length} sessions of two or more items: too few to train a sequence model`);
  const { itemIds, itemIndex, popularity } = trainVocabulary(kept);
  const users = new Map<string, number>();
  const train: EncodedSession[] = [...kept]
    .sort((a, b) => a.times[0] - b.times[0] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => {
      let user = -1;
      if (s.user) {
        user = users.get(s.user) ?? users.size;
        users.set(s.user, user);
      }
      return { user, start: s.times[0], items: Int32Array.from(s.items, (it) => itemIndex.get(it) as number) };
    });
  const model = new NeuralSessionModel(kind, { protocol: 'last-session' }, { ...NEURAL_DEFAULTS, ...SERVED_SEQUENCE_DEFAULTS, ...options }, log);
  await model.fit({ train, nItems: itemIds.length, nUsers: users.size, popularity });
  return { model, itemIds, sessions: train.length, events: train.reduce((n, s) => n + s.items.length, 0), seconds: (performance.now() - started) / 1000 };
}
