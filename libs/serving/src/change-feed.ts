/**
 * Keeps an AnswerCache true to the database, whoever writes to it: this API process, another one,
 * or `graphrec ingest`. Every `pollMs` one read (cypher/serving/changes.cypher) returns
 * - the generation — served embeddings run, its ranker and sequence model, current segments run,
 *   latest product change — whose change flushes the cache (and warms it again, warm-up.ts);
 * - the users whose `changedAt` (server ms, set by every ingest write that changes a user) is at
 *   or after the last poll's clock minus `overlapMs`: each is invalidated once per new `changedAt`.
 *
 * Why the overlap: `changedAt` is taken when a write statement starts, and the statement commits
 * later; a poll between the two would miss it without re-reading a window behind its clock. The
 * overlap must exceed the longest ingest transaction (a batch takes well under a second here;
 * default 30 s). More than `maxChanges` users in one poll (a bulk load) flushes everything instead.
 *
 * Followers (`follow`): other per-user state held in the process (the decisions' user contexts,
 * decisions/user-contexts.ts) is kept true by the same poll: each changed user is invalidated
 * there too, and a generation change or a bulk load flushes it with the cache.
 *
 * Staleness: an answer cached in this process may be up to one poll interval older than a write
 * made elsewhere (trackEvent in this process invalidates at once). A failed poll keeps the clock
 * where it was, so the next good one sees everything since; meanwhile cached answers keep being
 * served (the database being down is when they help most).
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { AnswerCache } from './answer-cache';

export interface ChangeFeedOptions {
  pollMs: number;
  overlapMs: number;
  /** Users changed in one poll beyond which the whole cache is flushed (default 50,000). */
  maxChanges?: number;
  /** Called after each generation change (the cache was flushed): the warm-up hook. */
  onGeneration?: (generation: string | null) => void;
  onError?: (error: unknown) => void;
}

/** Per-user state the feed keeps true besides the answer cache. */
export interface ChangeFollower {
  invalidate(userId: string): void;
  flush(): void;
}

interface ChangesRow {
  runId: string | null;
  ranker: string | null;
  /** The run's sequence model record (nextInSession; libs/writeback sequence-run.ts). */
  sequence: string | null;
  segmentsRunId: string | null;
  users: [string, number][];
  productsChangedAt: number | null;
  now: number;
}

export class ChangeFeed {
  /** Server clock of the last good poll; null before the first. */
  private clock: number | null = null;
  /** changedAt already acted on, per user, inside the overlap window. */
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private failures = 0;
  private readonly followers = new Set<ChangeFollower>();

  constructor(
    private readonly db: GraphDb,
    private readonly cache: AnswerCache,
    private readonly options: ChangeFeedOptions,
  ) {}

  /** Polls once now (so the generation is known before the first request) and then every pollMs. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Keeps `follower` true from the next poll on (the first poll flushes it: changes before it are unknown). */
  follow(follower: ChangeFollower): void {
    this.followers.add(follower);
  }

  /** Consecutive failed polls (health and metrics report it). */
  get failedPolls(): number {
    return this.failures;
  }

  private async tick(): Promise<void> {
    this.running = this.poll().catch((error: unknown) => {
      this.failures++;
      this.options.onError?.(error);
    });
    await this.running;
    this.running = undefined;
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.tick(), this.options.pollMs);
      this.timer.unref();
    }
  }

  /** One poll: applies the generation and the changed users to the cache. */
  async poll(): Promise<void> {
    const max = this.options.maxChanges ?? 50_000;
    const since = this.clock === null ? null : this.clock - this.options.overlapMs;
    const [row] = await this.db.read<ChangesRow>(cypher('serving/changes'), { since, max: neo4j.int(max + 1) });
    if (!row) return;
    this.failures = 0;
    const generation = [row.runId ?? '-', row.ranker ?? '-', row.segmentsRunId ?? '-', row.productsChangedAt ?? '-', row.sequence ?? '-'].join('|');
    const changedGeneration = this.cache.setGeneration(generation);
    if (row.users.length > max) {
      this.cache.flush();
      this.seen.clear();
    } else {
      for (const [userId, at] of row.users) {
        if ((this.seen.get(userId) ?? -Infinity) >= at) continue;
        this.seen.set(userId, at);
        this.cache.invalidate(userId);
        for (const follower of this.followers) follower.invalidate(userId);
      }
    }
    if (changedGeneration || row.users.length > max) for (const follower of this.followers) follower.flush();
    // Outside the next poll's window: never reported again, so no need to remember them.
    const horizon = row.now - this.options.overlapMs;
    for (const [userId, at] of this.seen) if (at < horizon) this.seen.delete(userId);
    this.clock = row.now;
    if (changedGeneration) this.options.onGeneration?.(generation);
  }
}
