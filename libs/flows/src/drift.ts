/**
 * Drift checks after a run (pure; the daily flow's last step gathers the inputs from Neo4j):
 * - coverage: the share of users served by the new runs (a segment and an embedding); low means
 *   users fell out (a projection or write-back problem);
 * - segment churn: the share of users who moved segment against the previous segments run;
 * - embedding drift: 1 − the mean Jaccard overlap of every product's top-k related products in
 *   the new and the previous embeddings run. Vectors of two trainings are not comparable
 *   coordinate by coordinate (any rotation is an equally good model); neighbourhoods are.
 * A check without a previous run to compare with is recorded as null and never breaches.
 */
import { DriftRecord, FlowError } from './types';

export interface DriftThresholds {
  /** Breach when coverage falls below this. */
  minCoverage: number;
  /** Breach when more than this share of users changed segment. */
  maxChurn: number;
  /** Breach when embedding drift exceeds this. */
  maxEmbeddingDrift: number;
}

/** Defaults (docs/flows.md): a daily retrain on a day's new events moves little; these flag a run worth a look. */
export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = { minCoverage: 0.99, maxChurn: 0.25, maxEmbeddingDrift: 0.5 };

const ENV: Record<keyof DriftThresholds, string> = {
  minCoverage: 'GRAPHREC_DRIFT_MIN_COVERAGE',
  maxChurn: 'GRAPHREC_DRIFT_MAX_CHURN',
  maxEmbeddingDrift: 'GRAPHREC_DRIFT_MAX_EMBEDDING',
};

/** Thresholds from GRAPHREC_DRIFT_* (each a share in [0, 1]), defaults for the rest. */
export function driftThresholdsFromEnv(env: NodeJS.ProcessEnv = process.env): DriftThresholds {
  const out = { ...DEFAULT_DRIFT_THRESHOLDS };
  for (const key of Object.keys(ENV) as Array<keyof DriftThresholds>) {
    const raw = env[ENV[key]];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!(value >= 0 && value <= 1)) throw new FlowError('BAD_FLOW', `${ENV[key]} must be a number in [0, 1], got "${raw}"`);
    out[key] = value;
  }
  return out;
}

export interface DriftInputs {
  coverage: number | null;
  churn: number | null;
  embeddingDrift: number | null;
}

export function evaluateDrift(inputs: DriftInputs, thresholds: DriftThresholds = DEFAULT_DRIFT_THRESHOLDS): DriftRecord {
  const checks: DriftRecord['checks'] = {
    coverage: { value: inputs.coverage, threshold: thresholds.minCoverage, breached: inputs.coverage !== null && inputs.coverage < thresholds.minCoverage },
    churn: { value: inputs.churn, threshold: thresholds.maxChurn, breached: inputs.churn !== null && inputs.churn > thresholds.maxChurn },
    embeddingDrift: {
      value: inputs.embeddingDrift,
      threshold: thresholds.maxEmbeddingDrift,
      breached: inputs.embeddingDrift !== null && inputs.embeddingDrift > thresholds.maxEmbeddingDrift,
    },
  };
  for (const [name, check] of Object.entries(checks)) if (check.value === null) check.note = `no previous run to compare ${name} with`;
  return { checks, breached: Object.keys(checks).filter((name) => checks[name].breached) };
}

/**
 * 1 − mean over products of |A ∩ B| / |A ∪ B| (top-k neighbours in the two runs); products with
 * neighbours in only one run count as 0 overlap; null when neither run has any.
 */
export function neighbourhoodDrift(current: Map<string, string[]>, previous: Map<string, string[]>): number | null {
  const products = new Set([...current.keys(), ...previous.keys()]);
  if (products.size === 0) return null;
  let overlap = 0;
  for (const p of products) {
    const a = new Set(current.get(p) ?? []);
    const b = new Set(previous.get(p) ?? []);
    const union = new Set([...a, ...b]).size;
    let both = 0;
    for (const x of a) if (b.has(x)) both++;
    overlap += union === 0 ? 1 : both / union;
  }
  return 1 - overlap / products.size;
}
