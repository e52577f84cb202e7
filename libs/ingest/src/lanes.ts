import { EntityKind, fnv1a32, RecordOf } from '@graphrec/graph-model';
import { GraphDb } from '@graphrec/neo4j';
import { CheckpointState, saveCheckpoint } from './checkpoint';
import { QuarantineFile, Rejection } from './quarantine';
import { SourceItem } from './source';
import { WriteOptions, writeBatch } from './writers';

/**
 * One write transaction keeps one core busy; lanes run several at once. Rows are routed by the
 * user (or the node's own id) so that two lanes never write the same user, and each lane has its
 * own checkpoint and quarantine part, so a resumed run skips exactly what each lane committed.
 */
export function routingKey<K extends EntityKind>(kind: K, record: RecordOf[K]): string {
  switch (kind) {
    case 'ownerships':
    case 'events':
      return (record as RecordOf['events' | 'ownerships']).user_id;
    default:
      return (record as RecordOf['users' | 'products' | 'devices']).id;
  }
}

/** The lane of a key: FNV-1a (graph-model), stable across runs and machines (routing must not change on resume). */
export function laneOf(key: string, lanes: number): number {
  return fnv1a32(key) % lanes;
}

export class Lane {
  constructor(
    readonly key: string,
    public state: CheckpointState,
    readonly quarantine: QuarantineFile,
    readonly resumed: boolean,
  ) {}

  /** Writes this lane's rows of one batch and moves its checkpoint in the same transaction. */
  async write<K extends EntityKind>(
    db: GraphDb,
    kind: K,
    file: string,
    items: SourceItem<K>[],
    resumeAt: { end: number; nextLine: number },
    options: WriteOptions = {},
  ): Promise<void> {
    const valid = items.filter((i) => i.record !== undefined);
    const parseRejections: Rejection[] = items
      .filter((i) => i.record === undefined)
      .map((i) => ({ file, line: i.lineNo, raw: i.raw, reason: i.reason ?? 'invalid row', ...(i.rawBytes !== undefined ? { rawBytes: i.rawBytes } : {}) }));
    const next = await db.write(async (tx) => {
      const outcome = valid.length
        ? await writeBatch(tx, kind, valid.map((i) => i.record as RecordOf[K]), options)
        : { changed: 0, unchanged: 0, rejected: new Map<number, string>() };
      const dbRejections = [...outcome.rejected].map(([i, reason]) => ({ file, line: valid[i].lineNo, raw: valid[i].raw, reason }));
      const rejections = [...parseRejections, ...dbRejections].sort((a, b) => a.line - b.line);
      // Staged at a fixed position: a retried transaction rewrites the same bytes.
      const rejectedBytes = this.quarantine.stage(rejections);
      const after: CheckpointState = {
        ...this.state,
        offset: resumeAt.end,
        line: resumeAt.nextLine,
        rejectedBytes,
        loaded: this.state.loaded + outcome.changed,
        unchanged: this.state.unchanged + outcome.unchanged,
        rejected: this.state.rejected + rejections.length,
      };
      await saveCheckpoint(tx, this.key, after);
      return after;
    });
    this.quarantine.commit(next.rejectedBytes);
    this.state = next;
  }
}
