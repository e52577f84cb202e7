/**
 * A seed ensemble of a neural session model (Hidasi & Karatzoglou 2018 and Ludewig et al. 2021
 * report that averaging independently seeded GRU4Rec runs is a cheap, reliable gain): the same
 * configuration fitted with seeds seed, seed+1, …, each choosing its own epochs on the validation
 * carve, and every prefix scored by the mean of the members' softmax probabilities. Evaluation only:
 * the served model is one network (model-files.ts, step-model.ts).
 *
 * Scores are buffered per prediction (members are scored one after another), so memory is
 * predictions × items floats: 8,771 × 30 on the demo world, a few MB on MovieLens 100K; an
 * ensemble is refused above MAX_ENSEMBLE_SCORES.
 */
import type { NeuralOptions } from './neural';
import { NeuralSessionModel } from './neural';
import type { SequenceModelKind } from './network';
import type { SplitOptions } from './protocol';
import type { ScoreVisitor, SessionRecommender, SessionTrainData } from './recommender';
import type { EncodedSession } from './types';

/** Most buffered floats (predictions × items) an ensemble scores at once: 1 GB of float32. */
export const MAX_ENSEMBLE_SCORES = 250_000_000;
export const MAX_ENSEMBLE_SEEDS = 16;

export class SeedEnsemble implements SessionRecommender {
  readonly members: NeuralSessionModel[];
  private nItems = 0;

  constructor(
    readonly name: SequenceModelKind,
    split: SplitOptions,
    options: Partial<NeuralOptions> & { seeds: number },
    log?: (line: string) => void,
  ) {
    const { seeds, ...rest } = options;
    if (!Number.isInteger(seeds) || seeds < 1 || seeds > MAX_ENSEMBLE_SEEDS) throw new RangeError(`seeds must be an integer in 1..${MAX_ENSEMBLE_SEEDS}, got ${seeds}`);
    const seed = rest.seed ?? 1;
    this.members = Array.from({ length: seeds }, (_, i) => new NeuralSessionModel(name, split, { ...rest, seed: seed + i }, log));
  }

  async fit(data: SessionTrainData): Promise<void> {
    this.nItems = data.nItems;
    for (const m of this.members) await m.fit(data);
  }

  /** Epochs each member chose on validation. */
  get chosenEpochs(): number[] {
    return this.members.map((m) => m.chosenEpochs);
  }

  async score(history: readonly EncodedSession[], test: readonly EncodedSession[], visit: ScoreVisitor): Promise<void> {
    const n = this.nItems;
    const offsets = new Int32Array(test.length + 1);
    test.forEach((s, i) => (offsets[i + 1] = offsets[i] + Math.max(0, s.items.length - 1)));
    const predictions = offsets[test.length];
    if (predictions * n > MAX_ENSEMBLE_SCORES) throw new RangeError(`a seed ensemble buffers predictions × items scores: ${predictions} × ${n} is over ${MAX_ENSEMBLE_SCORES}`);
    const sum = new Float32Array(predictions * n);
    for (const m of this.members) {
      await m.score(history, test, (i, pos, scores) => {
        // Softmax probabilities: members' logits are on different scales, probabilities are not.
        let max = -Infinity;
        for (let j = 0; j < n; j++) if (scores[j] > max) max = scores[j];
        let z = 0;
        for (let j = 0; j < n; j++) z += Math.exp(scores[j] - max);
        const row = (offsets[i] + pos - 1) * n;
        for (let j = 0; j < n; j++) sum[row + j] += Math.exp(scores[j] - max) / z;
      });
    }
    test.forEach((s, i) => {
      for (let pos = 1; pos < s.items.length; pos++) {
        const row = (offsets[i] + pos - 1) * n;
        const mean = sum.subarray(row, row + n);
        for (let j = 0; j < n; j++) mean[j] /= this.members.length;
        visit(i, pos, mean);
      }
    });
  }

  dispose(): void {
    for (const m of this.members) m.net?.dispose();
  }
}
