import type { TrainData } from './recommender';

/**
 * How raw interaction weights (plays, clicks, ratings) become the matrix a model trains on.
 * Implicit counts are heavy-tailed: one user's 5,000 plays of one track would otherwise dominate
 * every Gram entry it touches. Which transform wins differs per dataset, so it is a
 * hyper-parameter chosen on a validation carve of train (see `@graphrec/eval` tuneOnValidation).
 *
 * - `binary`: 1 per (user, item) with a positive weight — "did interact".
 * - `log1p`: log(1 + c), compresses the tail while keeping the order of counts.
 * - `confidence`: 1 + α·log(1 + c/ε) (Hu, Koren & Volinsky 2008, log variant): every interaction
 *   counts at least 1, repeated ones add confidence slowly; ε sets the count at which the log kicks in.
 */
export type ImplicitWeighting =
  | { kind: 'binary' }
  | { kind: 'log1p' }
  | { kind: 'confidence'; alpha: number; epsilon: number };

export const BINARY: ImplicitWeighting = { kind: 'binary' };

/** A short label for tables and JSON ("binary", "log1p", "conf(a=1,e=1)"). */
export function weightingLabel(w: ImplicitWeighting): string {
  return w.kind === 'confidence' ? `conf(a=${w.alpha},e=${w.epsilon})` : w.kind;
}

/** Parses a label written by `weightingLabel` back (for CLI options and saved settings). */
export function parseWeighting(label: string): ImplicitWeighting {
  if (label === 'binary' || label === 'log1p') return { kind: label };
  const m = /^conf\(a=([0-9.eE+-]+),e=([0-9.eE+-]+)\)$/.exec(label);
  if (m) return { kind: 'confidence', alpha: Number(m[1]), epsilon: Number(m[2]) };
  throw new RangeError(`unknown weighting '${label}' (binary, log1p or conf(a=A,e=E))`);
}

/** The transformed value of one raw weight; non-positive weights become 0 (no signal). */
export function weigh(w: ImplicitWeighting, c: number): number {
  if (!(c > 0)) return 0;
  switch (w.kind) {
    case 'binary':
      return 1;
    case 'log1p':
      return Math.log1p(c);
    case 'confidence':
      return 1 + w.alpha * Math.log1p(c / w.epsilon);
  }
}

/** Train data with the same sparsity pattern and transformed weights (the input is not modified). */
export function applyWeighting(train: TrainData, w: ImplicitWeighting): TrainData {
  const src = train.matrix.weights;
  const weights = new Float32Array(src.length);
  for (let k = 0; k < src.length; k++) weights[k] = weigh(w, src[k]);
  return { ...train, matrix: { ...train.matrix, weights } };
}
