/**
 * Segment sizes over runs. Old segments runs are pruned (their Segment nodes and memberships go),
 * so the history cannot be read back from the graph: each run carries it forward in its metrics —
 * the previous run's history plus its own sizes — bounded to the last SIZE_HISTORY_RUNS runs.
 * Segment ids are stable across runs (stability.ts matches them by membership), so one id's sizes
 * over the entries are that segment's size over time; a segment absent from a run has no entry.
 */

/** Runs kept in the history: two months of daily runs, a few kilobytes of JSON on the Run node. */
export const SIZE_HISTORY_RUNS = 60;

export interface SegmentSizeEntry {
  runId: string;
  /** ISO time the run computed its segments. */
  at: string;
  /** Size per stable segment id in that run. */
  sizes: Record<string, number>;
}

const isEntry = (value: unknown): value is SegmentSizeEntry => {
  if (!value || typeof value !== 'object') return false;
  const e = value as Partial<SegmentSizeEntry>;
  if (typeof e.runId !== 'string' || typeof e.at !== 'string' || !e.sizes || typeof e.sizes !== 'object') return false;
  return Object.values(e.sizes).every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0);
};

/**
 * The history a run's metrics hold (`metrics.sizeHistory`), oldest first. Anything malformed (a
 * run written before the history existed, a hand-edited metric) is dropped entry by entry rather
 * than failing the run that reads it.
 */
export function readSizeHistory(metrics: unknown): SegmentSizeEntry[] {
  const history = (metrics as { sizeHistory?: unknown } | null | undefined)?.sizeHistory;
  return Array.isArray(history) ? history.filter(isEntry) : [];
}

/** The previous history with this run appended (replacing an entry of the same run: a retried step), bounded. */
export function appendSizeHistory(previous: readonly SegmentSizeEntry[], entry: SegmentSizeEntry, max = SIZE_HISTORY_RUNS): SegmentSizeEntry[] {
  const kept = previous.filter((e) => e.runId !== entry.runId);
  return [...kept, entry].slice(-Math.max(1, max));
}

export interface SegmentSizePoint {
  runId: string;
  at: string;
  size: number;
}

/** One segment's sizes over the history, oldest first, runs where it did not exist left out. */
export function sizeSeries(history: readonly SegmentSizeEntry[], segmentId: string): SegmentSizePoint[] {
  const points: SegmentSizePoint[] = [];
  for (const e of history) {
    const size = e.sizes[segmentId];
    if (size !== undefined) points.push({ runId: e.runId, at: e.at, size });
  }
  return points;
}
