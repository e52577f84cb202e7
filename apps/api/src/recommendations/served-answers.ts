/**
 * The API process's answer cache and what keeps it true (libs/serving: answer-cache.ts,
 * change-feed.ts, warm-up.ts): started after the server listens, stopped when it closes. The feed
 * and the warm-up use the raw database handle, outside any request: their reads are background
 * work, not a request's statements.
 */
import type { Logger } from 'pino';
import { GraphDb } from '@graphrec/neo4j';
import { AnswerCache, ChangeFeed, ChangeFollower, warmUpAnswers } from '@graphrec/serving';
import type { AnswerCacheConfig } from '../config/config';

export class ServedAnswers {
  readonly cache: AnswerCache;
  private readonly feed: ChangeFeed;
  private warm: AbortController | undefined;
  private warming: Promise<void> | undefined;
  private followed = false;
  private readonly afterWarm: ((k: number, signal: AbortSignal) => Promise<void>)[] = [];

  constructor(
    private readonly db: GraphDb,
    private readonly config: AnswerCacheConfig,
    private readonly log: Pick<Logger, 'warn' | 'info'>,
  ) {
    this.cache = new AnswerCache({ maxUsers: config.maxUsers });
    this.feed = new ChangeFeed(db, this.cache, {
      pollMs: config.pollMs,
      overlapMs: config.overlapMs,
      onGeneration: () => this.startWarmUp(),
      onError: (error) => {
        // Once per outage, not once a second.
        if (this.feed.failedPolls === 1) this.log.warn({ err: error }, 'answer cache: change feed poll failed; cached answers are kept and the feed catches up when the database answers');
      },
    });
  }

  get isWarming(): boolean {
    return this.warming !== undefined;
  }

  get failedPolls(): number {
    return this.feed.failedPolls;
  }

  /** Other per-user state kept true by this process's change feed (the decisions' user contexts); call before start. */
  follow(follower: ChangeFollower): void {
    this.feed.follow(follower);
    this.followed = true;
  }

  /**
   * More warming after the plain answers, inside the same warm-up (isWarming stays true until it
   * ends; aborted with it): the blend candidates of users who may have an open session (sessions.service.ts).
   */
  alsoWarm(task: (k: number, signal: AbortSignal) => Promise<void>): void {
    this.afterWarm.push(task);
  }

  /** Starts the feed when something needs it: the answer cache, or a follower. */
  async start(): Promise<void> {
    if (!this.cache.enabled && !this.followed) return;
    await this.feed.start();
  }

  async stop(): Promise<void> {
    this.warm?.abort();
    await this.feed.stop();
    await this.warming;
  }

  /** trackEvent in this process: the user's answers go at once (other processes learn it from the feed). */
  invalidate(userId: string): void {
    this.cache.invalidate(userId);
  }

  private startWarmUp(): void {
    if (this.config.warmK <= 0) return;
    this.warm?.abort();
    const controller = new AbortController();
    this.warm = controller;
    const previous = this.warming ?? Promise.resolve();
    const run = previous
      .then(() => warmUpAnswers(this.db, this.cache, { k: this.config.warmK, signal: controller.signal }))
      .then(async (result) => {
        if (result.ended !== 'aborted' && result.ended !== 'superseded') {
          this.log.info({ warmUp: result }, `answer cache: warmed ${result.users} users in ${result.seconds.toFixed(1)} s (${result.ended})`);
          for (const task of this.afterWarm) if (!controller.signal.aborted) await task(this.config.warmK, controller.signal);
        }
      })
      .catch((error: unknown) => this.log.warn({ err: error }, 'answer cache: warm-up failed; answers are cached as requests come'))
      .finally(() => {
        if (this.warming === run) this.warming = undefined;
      });
    this.warming = run;
  }
}
