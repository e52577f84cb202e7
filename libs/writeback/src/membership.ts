import { GraphDb, cypher } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';

export interface RunMembership {
  users: string[];
  /** Index into `segmentIds` per user. */
  segmentOf: Int32Array;
  /** Stable segment ids of the run, in order of first appearance. */
  segmentIds: string[];
}

/** Who was in which segment in a run (streamed; a few bytes per user), for matching the next run. */
export async function segmentMembership(db: GraphDb, runId: string, fetchSize = 10_000): Promise<RunMembership> {
  const session = db.driver.session({ database: db.config.database, defaultAccessMode: neo4j.session.READ, fetchSize });
  const users: string[] = [];
  const of: number[] = [];
  const ids = new Map<string, number>();
  try {
    for await (const record of session.run(cypher('writeback/segments-membership'), { runId })) {
      const segmentId = record.get('segmentId') as string;
      let index = ids.get(segmentId);
      if (index === undefined) ids.set(segmentId, (index = ids.size));
      users.push(record.get('userId') as string);
      of.push(index);
    }
  } finally {
    await session.close();
  }
  return { users, segmentOf: Int32Array.from(of), segmentIds: [...ids.keys()] };
}
