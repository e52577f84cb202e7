/**
 * Worker threads for the batch recommendations export: the scoring of a page (one Neo4j read of
 * the ranker's rows, features, XGBoost's predictions and contributions, explanations) is the
 * export's whole cost and runs on one core per thread, so `workers` threads each score whole pages
 * with the very functions the single-threaded export calls (answersFor, toRows in
 * recommendations.ts) against their own driver. The main thread walks the user ids, hands pages
 * round-robin to the threads and yields their rows in page order, so the output is byte for byte
 * the single-threaded one.
 */
import type { Neo4jConfig } from '@graphrec/neo4j';
import type { FormattedRows } from './export';
import type { ExportFormat } from './format';
import { join } from 'node:path';
import { startTsWorker } from '@graphrec/graph-model';
import type { Worker } from 'node:worker_threads';

/** What a worker needs to score pages: a driver's settings and the answer's shape. */
export interface ScoringJob {
  config: Neo4jConfig;
  k: number;
  /** Users answered at once on the embeddings path (no ranker on the served run). */
  concurrency: number;
  /**
   * Pages come back as lines of this format, not row objects: rows are formatted on the scoring
   * threads, and one string crosses to the main thread instead of ten objects per user to clone
   * twice and format on the thread that also reads the ids and writes the file.
   */
  format: ExportFormat;
}

export interface ScoredPage {
  lines: FormattedRows;
  /** Users of the page the graph knows (the others are counted as unknown by the caller). */
  users: number;
}

export type WorkerRequest = { seq: number; ids: string[] } | { close: true };
export type WorkerReply = { seq: number; ok: true; page: ScoredPage } | { seq: number; ok: false; error: string };

export interface ScoringPool {
  /** Scores one page of ids on the next thread (round-robin); resolves with its rows in id order. */
  score(ids: string[]): Promise<ScoredPage>;
  /** Closes every thread's driver and ends the threads. */
  close(): Promise<void>;
}

/** Starts `workers` threads (TypeScript through tsx, as the CLI itself runs). */
export function startScoringPool(job: ScoringJob, workers: number): ScoringPool {
  const pending = new Map<number, { resolve: (p: ScoredPage) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  const exited = new Set<Worker>();
  const threads = Array.from({ length: workers }, () => {
    const worker = startTsWorker(join(__dirname, 'recommendations-worker.ts'), { workerData: job });
    worker.once('exit', () => exited.add(worker));
    worker.on('message', (m: WorkerReply) => {
      const waiting = pending.get(m.seq);
      if (!waiting) return;
      pending.delete(m.seq);
      if (m.ok) waiting.resolve(m.page);
      else fail(new Error(`recommendations export worker: ${m.error}`));
    });
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => {
      if (pending.size) fail(new Error(`recommendations export worker exited (code ${code}) with pages unanswered`));
    });
    return worker;
  });
  let seq = 0;
  return {
    score(ids) {
      if (failure) return Promise.reject(failure);
      const n = seq++;
      const promise = new Promise<ScoredPage>((resolve, reject) => pending.set(n, { resolve, reject }));
      threads[n % threads.length].postMessage({ seq: n, ids } satisfies WorkerRequest);
      return promise;
    },
    async close() {
      await Promise.all(
        threads.map(async (worker) => {
          if (exited.has(worker)) return; // crashed earlier: nothing to close
          const gone = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
          worker.postMessage({ close: true } satisfies WorkerRequest);
          // A worker stuck on a read is not waited for: its driver dies with the thread.
          const timer = setTimeout(() => void worker.terminate(), 10_000);
          await gone;
          clearTimeout(timer);
        }),
      );
    },
  };
}
