import { Inject, Injectable } from '@nestjs/common';
import { trackEvent } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { ApiError } from '../common/errors';
import { GRAPH_DB } from '../common/tokens';
import { TrackEventInput, TrackEventResult } from '../graphql/models';

@Injectable()
export class IngestService {
  constructor(@Inject(GRAPH_DB) private readonly db: GraphDb) {}

  async track(input: TrackEventInput): Promise<TrackEventResult> {
    const outcome = await trackEvent(this.db, {
      id: input.id,
      user_id: input.userId,
      type: input.type,
      product_id: input.productId,
      device_id: input.deviceId ?? undefined,
      timestamp: input.timestamp,
      value: input.value ?? undefined,
    });
    if (!outcome.ok) throw new ApiError('BAD_USER_INPUT', `event refused: ${outcome.reason}`, { argument: 'input' });
    return Object.assign(new TrackEventResult(), { id: outcome.id, created: outcome.created });
  }
}
