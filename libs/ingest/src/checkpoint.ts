import { cypher, GraphDb } from '@graphrec/neo4j';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { ManagedTransaction } from 'neo4j-driver';

export interface CheckpointState {
  fingerprint: string;
  offset: number;
  line: number;
  rejectedBytes: number;
  loaded: number;
  unchanged: number;
  rejected: number;
  done: boolean;
}

export function checkpointKey(kind: string, path: string): string {
  return `${kind}:${realpathSync(path)}`;
}

/** Size, modification time and a hash of the first 64 KiB: a changed file starts over. */
export function fingerprint(path: string): string {
  const stat = statSync(path);
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(65536, stat.size));
    readSync(fd, head, 0, head.length, 0);
    return `${stat.size}:${Math.floor(stat.mtimeMs)}:${createHash('sha1').update(head).digest('hex')}`;
  } finally {
    closeSync(fd);
  }
}

export async function loadCheckpoint(db: GraphDb, key: string): Promise<CheckpointState | undefined> {
  const rows = await db.read<{ checkpoint: CheckpointState & { key: string } }>(cypher('ingest/checkpoint-get'), { key });
  const c = rows[0]?.checkpoint;
  if (!c) return undefined;
  const { fingerprint, offset, line, rejectedBytes, loaded, unchanged, rejected, done } = c;
  return { fingerprint, offset, line, rejectedBytes, loaded, unchanged, rejected, done };
}

export async function saveCheckpoint(tx: ManagedTransaction, key: string, state: CheckpointState): Promise<void> {
  await tx.run(cypher('ingest/checkpoint-set'), { key, state });
}

export async function clearCheckpoint(db: GraphDb, key: string): Promise<void> {
  await db.run(cypher('ingest/checkpoint-clear'), { key });
}
