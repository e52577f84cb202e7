import { IdIndex } from '@graphrec/graph-model';
import { GraphDb, cypher } from '@graphrec/neo4j';

export interface RunMembership {
  users: string[];
  /** Index into `segmentIds` per user. */
  segmentOf: Int32Array;
  /** Stable segment ids of the run, in order of first appearance. */
  segmentIds: string[];
}

/** Who was in which segment in a run (streamed; a few bytes per user), for matching the next run. */
export async function segmentMembership(db: GraphDb, runId: string, fetchSize = 10_000): Promise<RunMembership> {
  const session = db.session('read', { fetchSize });
  const users: string[] = [];
  const of: number[] = [];
  const segments = new IdIndex();
  try {
    for await (const record of session.run(cypher('writeback/segments-membership'), { runId })) {
      const segmentId = record.get('segmentId') as string;
      users.push(record.get('userId') as string);
      of.push(segments.intern(segmentId));
    }
  } finally {
    await session.close();
  }
  return { users, segmentOf: Int32Array.from(of), segmentIds: segments.ids };
}
