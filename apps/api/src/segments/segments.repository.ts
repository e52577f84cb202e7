import { Inject, Injectable } from '@nestjs/common';
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { GRAPH_DB } from '../common/tokens';

@Injectable()
export class SegmentsRepository {
  constructor(@Inject(GRAPH_DB) private readonly db: GraphDb) {}

  /** Up to `limit` members of a segment of the run, by user id after `after`. */
  members(runId: string, segmentId: string, after: string, limit: number): Promise<{ id: string; properties: Record<string, unknown> }[]> {
    return this.db.read(cypher('api/segment-members'), { runId, segmentId, after, limit: neo4j.int(limit) });
  }
}
