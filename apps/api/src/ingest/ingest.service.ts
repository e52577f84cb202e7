import { Inject, Injectable } from '@nestjs/common';
import { trackEvent } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { ApiError } from '../common/errors';
import { ANSWERS, GRAPH_DB } from '../common/tokens';
import { DecisionsService } from '../decisions/decisions.service';
import { TrackEventInput, TrackEventResult } from '../graphql/models';
import { ServedAnswers } from '../recommendations/served-answers';
import { SessionsService } from '../sessions/sessions.service';

@Injectable()
export class IngestService {
  constructor(
    @Inject(GRAPH_DB) private readonly db: GraphDb,
    @Inject(ANSWERS) private readonly answers: ServedAnswers,
    @Inject(DecisionsService) private readonly decisions: DecisionsService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {}

  async track(input: TrackEventInput): Promise<TrackEventResult> {
    // The outcome of a served decision: checked against it first (decisions/decisions.service.ts).
    if (input.decisionId !== undefined && input.decisionId !== null) return this.decisions.track(input, (i) => this.ingest(i));
    return this.ingest(input);
  }

  private async ingest(input: TrackEventInput): Promise<TrackEventResult> {
    const outcome = await trackEvent(this.db, {
      id: input.id,
      user_id: input.userId,
      type: input.type,
      product_id: input.productId,
      device_id: input.deviceId ?? undefined,
      timestamp: input.timestamp,
      value: input.value ?? undefined,
    });
    // Whatever happened, this user's held answers may be stale now (other API processes learn it
    // from the change feed within a poll).
    this.answers.invalidate(input.userId);
    this.decisions.invalidate(input.userId);
    if (!outcome.ok) throw new ApiError('BAD_USER_INPUT', `event refused: ${outcome.reason}`, { argument: 'input' });
    // Only an event written now (validated, not a repeat of a known id) moves the live session.
    if (outcome.created) await this.sessions.track(input.userId, input.productId, input.type, outcome.at);
    return Object.assign(new TrackEventResult(), { id: outcome.id, created: outcome.created });
  }
}
