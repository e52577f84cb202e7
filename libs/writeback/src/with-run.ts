/**
 * The one lifecycle of a derived result: start a 'writing' run, let the caller write into it,
 * complete it (the serving switch) with the metrics the caller returns, then prune old runs. Any
 * error before completion marks the run failed (best effort: the database may be the thing that
 * failed) and is rethrown, so a failed or interrupted run is never served and the previous one
 * keeps serving. Every publisher (embeddings, segments, later the ranker) goes through here instead
 * of repeating start/complete/fail/prune.
 */
import type { GraphDb } from '@graphrec/neo4j';
import { completeRun, failRun, pruneRuns, RunInfo, RunKind, startRun } from './runs';

export interface RunWork<T> {
  result: T;
  /** Stored on the completed run. */
  metrics?: Record<string, unknown>;
}

export interface WithRunOptions {
  params?: unknown;
  /** Complete runs of this kind to keep after this one (default 3). */
  keepRuns?: number;
}

export interface WithRunResult<T> {
  run: RunInfo;
  result: T;
  /** Ids of the old runs deleted after the switch. */
  pruned: string[];
}

export const DEFAULT_KEEP_RUNS = 3;

export async function withRun<T>(db: GraphDb, kind: RunKind, work: (runId: string) => Promise<RunWork<T>>, options: WithRunOptions = {}): Promise<WithRunResult<T>> {
  const runId = await startRun(db, kind, options.params ?? {});
  let run: RunInfo;
  let done: RunWork<T>;
  try {
    done = await work(runId);
    run = await completeRun(db, runId, done.metrics ?? {});
  } catch (error) {
    await failRun(db, runId, error instanceof Error ? error.message : String(error)).catch(() => undefined);
    throw error;
  }
  // After the switch: a failed prune leaves extra old runs for the next one, never a failed serving run.
  const pruned = await pruneRuns(db, kind, options.keepRuns ?? DEFAULT_KEEP_RUNS);
  return { run, result: done.result, pruned: pruned.deleted };
}
