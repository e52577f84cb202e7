/**
 * The API's session-aware serving (libs/serving sessions/): one SessionServing per process over the
 * shared state store — Neo4j by default, Redis when GRAPHREC_REDIS_URL is set — and the process's
 * answer cache. trackEvent advances the state (ingest.service.ts); nextInSession and
 * recommendations read it.
 */
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { GraphDb } from '@graphrec/neo4j';
import { answerKey, MAX_K, Neo4jSessionStore, recommendCached, RedisSessionStore, SessionServing, SessionStore, TrackOutcome, useRankerSessionStates, UserAnswer, UserFilter, warmUsers } from '@graphrec/serving';
import { ANSWERS, API_CONFIG, GRAPH_DB } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { ServedAnswers } from '../recommendations/served-answers';

/** Users per page of the blend-candidate warm-up (one batched ranker read each). */
const WARM_CANDIDATES_PAGE = 200;

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
    answers.alsoWarm((k, signal) => this.warmBlendCandidates(k, signal));
  }

  /**
   * After the plain answers are warm: the 2k blend candidates (the plain ranker answer at 2k, as
   * `recommendations` asks for it) of users who may have an open session, read in pages, so that
   * their first recommendations request costs a batched state read and the blend, not a ranker read
   * of its own. Only plain answers are stored: whether a session is open, and which, is read at the
   * request, from the store, as for every other user — a removed or expired state is never
   * answered from here. (Session 8 warmed the blended answers themselves and switched that off:
   * test/api/sessions.spec.ts on Redis saw a removed state answered as in-session.)
   */
  private async warmBlendCandidates(k: number, signal: AbortSignal): Promise<void> {
    try {
      const users = await this.serving.mayHaveSessionUsers();
      const candidates = Math.min(MAX_K, 2 * k);
      let warmed = 0;
      for (let i = 0; i < users.length && !signal.aborted; i += WARM_CANDIDATES_PAGE) {
        const stored = await warmUsers(this.db, this.answers.cache, users.slice(i, i + WARM_CANDIDATES_PAGE), candidates);
        if (stored === null) return;
        warmed += stored;
      }
      if (users.length) this.log.log(`warmed the blend candidates of ${warmed} of ${users.length} users who may have an open session`);
    } catch (error) {
      this.log.warn(`blend candidates not warmed (read on first request instead): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  get storeName(): string {
    return this.store.name;
  }

  /** After an accepted event: advance the session; a failure is logged, never the event's (it is recorded). */
  async track(userId: string, productId: string, type: string, at: number): Promise<TrackOutcome | 'failed'> {
    try {
      const outcome = await this.serving.track(userId, productId, type, at);
      // Every retry of the compare-and-set lost to another writer: as lost to the session as a failure.
      if (outcome === 'conflict') this.log.warn('the session state of a tracked event was not advanced: other events of the user kept moving it (the event is recorded)');
      return outcome;
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
