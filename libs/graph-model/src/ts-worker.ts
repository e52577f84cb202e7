/**
 * Worker threads that run a TypeScript file through tsx, as the CLI itself runs (no build step):
 * one bootstrap for every thread the project starts (the export's scoring pool, the bulk load's
 * event validators, the segments' kNN graph).
 */
import { Worker } from 'node:worker_threads';

export interface TsWorkerOptions {
  workerData?: unknown;
  /** The thread's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** A worker thread running `file` (an absolute path to a .ts file) under tsx's require hook. */
export function startTsWorker(file: string, options: TsWorkerOptions = {}): Worker {
  const code = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`;
  return new Worker(code, { eval: true, workerData: options.workerData, ...(options.env ? { env: options.env } : {}) });
}

/** What a one-job worker file posts back, once. */
export type TsWorkerReply<T> = { ok: true; result: T } | { ok: false; error: string };

/**
 * Runs a one-job worker file: resolves with the `result` of its one reply; rejects with its
 * `error` (prefixed by `name`), its thread's error, or its exit without a reply.
 */
export function runTsWorker<T>(file: string, name: string, options: TsWorkerOptions = {}): Promise<T> {
  const worker = startTsWorker(file, options);
  return new Promise<T>((resolve, reject) => {
    let done = false;
    worker.once('message', (m: TsWorkerReply<T>) => {
      done = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`${name}: ${m.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`${name} exited (code ${code}) without a result`));
    });
  });
}
