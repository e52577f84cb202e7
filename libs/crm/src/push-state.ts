/**
 * Where a webhook push stands, in a small JSON file replaced atomically (temporary file, fsync,
 * rename) after each acknowledged batch: a crash leaves the old state or the new one, never half.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { WritebackError } from '@graphrec/writeback';

export interface PushState {
  version: 1;
  url: string;
  runId: string;
  changedSince: string | null;
  /** What else distinguishes pushes of one run (recommendations: k, shard); absent for segments. */
  variant?: string;
  batchSize: number;
  /** Last batch the receiver acknowledged with a 2xx; 0 before the first. */
  lastBatch: number;
  /** User id of the last row of that batch: the next batch starts after it. */
  lastUserId: string;
  rowsSent: number;
  done: boolean;
  updatedAt: string;
}

export function readPushState(path: string): PushState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WritebackError('STATE_MISMATCH', `cannot read push state ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const state = JSON.parse(text) as PushState;
    if (state.version !== 1 || typeof state.runId !== 'string' || !Number.isInteger(state.lastBatch)) throw new Error('unexpected content');
    return state;
  } catch (error) {
    throw new WritebackError('STATE_MISMATCH', `push state ${path} is not a graphrec push state (${(error as Error).message}); remove it to start over`, { cause: error });
  }
}

export function writePushState(path: string, state: PushState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}
