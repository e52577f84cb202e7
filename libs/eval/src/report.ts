/** The figures reported per model (snake_case train_seconds to match the results files). */
export interface ModelResult {
  map: number;
  ndcg: number;
  precision: number;
  recall: number;
  coverage: number;
  train_seconds: number;
}

export interface ResultSummary {
  mean: ModelResult;
  /** Sample standard deviation (n − 1) over runs; 0 for a single run. */
  std: ModelResult;
  runs: number;
}

const FIELDS: readonly (keyof ModelResult)[] = ['map', 'ndcg', 'precision', 'recall', 'coverage', 'train_seconds'];

/** Mean ± std over runs (one per seed), so a difference between models can be read against noise. */
export function summarise(runs: readonly ModelResult[]): ResultSummary {
  if (runs.length === 0) throw new RangeError('summarise needs at least one run');
  const mean = {} as ModelResult;
  const std = {} as ModelResult;
  for (const field of FIELDS) {
    const values = runs.map((run) => run[field]);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const ss = values.reduce((a, v) => a + (v - m) * (v - m), 0);
    mean[field] = m;
    std[field] = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0;
  }
  return { mean, std, runs: runs.length };
}

function isSummary(value: ModelResult | ResultSummary): value is ResultSummary {
  return 'mean' in value;
}

/**
 * A fixed-width text table, one row per model, for a person to read. Accepts single results or
 * summaries (printed as mean ± std). Metrics with 4 decimals (as the published figures), seconds
 * with 1.
 */
export function formatTable(results: Record<string, ModelResult | ResultSummary>): string {
  const header = ['model', 'MAP', 'nDCG', 'Precision', 'Recall', 'Coverage', 'Train s'];
  const rows = Object.entries(results).map(([model, result]) => [
    model,
    ...FIELDS.map((field) => {
      const digits = field === 'train_seconds' ? 1 : 4;
      if (!isSummary(result)) return result[field].toFixed(digits);
      return `${result.mean[field].toFixed(digits)} ± ${result.std[field].toFixed(digits)}`;
    }),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  // Model names left-aligned, numbers right-aligned so decimal points line up.
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
