/**
 * The API's session-aware serving (libs/serving sessions/): one SessionServing per process over the
 * shared state store — Neo4j by default, Redis when GRAPHREC_REDIS_URL is set — and the process's
 * answer cache. trackEvent advances the state (ingest.service.ts); nextInSession and
 * recommendations read it.
 */
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { GraphDb } from '@graphrec/neo4j';
import { answerKey, MAX_K, Neo4jSessionStore, recommendCached, RedisSessionStore, SessionServing, SessionStore, TrackOutcome, useRankerSessionStates, UserAnswer, UserFilter } from '@graphrec/serving';
import { ANSWERS, API_CONFIG, GRAPH_DB } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { ServedAnswers } from '../recommendations/served-answers';

@Injectable()
export class SessionsService implements OnModuleDestroy {
  private readonly log = new Logger('sessions');
  readonly serving: SessionServing;
  private readonly store: SessionStore;

  constructor(
    @Inject(GRAPH_DB) private readonly db: GraphDb,
    @Inject(ANSWERS) private readonly answers: ServedAnswers,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.store = config.sharedLimits ? new RedisSessionStore(config.sharedLimits.redisUrl, db) : new Neo4jSessionStore(db);
    this.serving = new SessionServing(db, this.store, answers.cache, {
      blendWeight: config.sessionBlendWeight,
      onWarning: (message, error) => this.log.warn(`${message}${error instanceof Error ? `: ${error.message}` : ''}`),
    });
    // The ranker's seq_* features read the same states (Neo4j's come with the ranker's own read).
    if (this.store.name === 'redis') useRankerSessionStates(this.store);
  }

  get storeName(): string {
    return this.store.name;
  }

  /** After an accepted event: advance the session; a failure is logged, never the event's (it is recorded). */
  async track(userId: string, productId: string, type: string, at: number): Promise<TrackOutcome | 'failed'> {
    try {
      return await this.serving.track(userId, productId, type, at);
    } catch (error) {
      this.log.warn(`the session state of a tracked event could not be advanced (the event is recorded): ${error instanceof Error ? error.message : String(error)}`);
      return 'failed';
    }
  }

  nextInSession(userId: string, k: number): Promise<UserAnswer> {
    return this.serving.next(userId, k, () => recommendCached(this.db, this.answers.cache, userId, k));
  }

  /** recommendations with the open session blended in (SessionServing.blend). */
  recommendations(userId: string, k: number, filter: UserFilter | undefined): Promise<UserAnswer> {
    return this.serving.blend(userId, k, answerKey(k, filter), (n) => recommendCached(this.db, this.answers.cache, userId, n, filter), MAX_K);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.store.name === 'redis') useRankerSessionStates(undefined);
    await this.store.close();
  }
}
