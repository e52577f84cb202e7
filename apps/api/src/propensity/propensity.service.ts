/**
 * Served propensities (libs/serving/src/propensity.ts): one Neo4j read per request (the user's
 * counted events, owned products, segment, and the served run's model record), scored by the
 * model held in process. Refusals are typed: an unknown action is BAD_USER_INPUT naming the
 * configured ones, an unknown user NOT_FOUND, a run without a model for the action NOT_FOUND
 * saying how to train one.
 */
import { Inject, Injectable } from '@nestjs/common';
import { cypher, GraphDb } from '@graphrec/neo4j';
import { PropensityError, segmentAveragesOf, userPropensity } from '@graphrec/serving';
import { ApiError } from '../common/errors';
import { GRAPH_DB } from '../common/tokens';
import { PropensityResult, SegmentPropensity } from './propensity.models';

function refused(error: unknown): never {
  if (error instanceof PropensityError) {
    if (error.code === 'UNKNOWN_ACTION') throw new ApiError('BAD_USER_INPUT', error.message, { argument: 'action', reason: error.code });
    throw new ApiError('NOT_FOUND', error.message, { reason: error.code });
  }
  throw error;
}

@Injectable()
export class PropensityService {
  constructor(@Inject(GRAPH_DB) private readonly db: GraphDb) {}

  async propensity(userId: string, action: string): Promise<PropensityResult> {
    const answer = await userPropensity(this.db, userId, action).catch(refused);
    if (!answer) throw new ApiError('NOT_FOUND', `no user with id "${userId}"`);
    return Object.assign(new PropensityResult(), answer);
  }

  /** The segment's average propensity per action from the served run's models (empty: none trained for this segments run). */
  async segmentAverages(segmentsRun: string, segment: string): Promise<SegmentPropensity[]> {
    const [row] = await this.db.read<{ runId: string | null; propensity: string | null }>(cypher('decide/propensity-record'));
    return segmentAveragesOf(row?.runId ?? null, row?.propensity ?? null, segmentsRun)
      .filter((a) => a.segment === segment)
      .map((a) => Object.assign(new SegmentPropensity(), { action: a.action, mean: a.mean, users: a.users, runId: a.runId }));
  }
}
