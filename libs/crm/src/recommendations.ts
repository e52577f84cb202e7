/**
 * Batch recommendations for the CRM (Amazon Personalize's "batch inference"): every user's top-k
 * with scores and explanations, exactly the answers the API gives (libs/serving), as rows for the
 * same file writer and signed webhook delivery as segments.
 *
 * Users are read a page at a time in id order (cypher/serving/user-ids-page.cypher, stubs left
 * out like the answer cache's warm-up) or taken from a --users file, so memory stays flat. With
 * a ranker on the served run a page is ONE read and one batched scoring (readRankerUsers +
 * rankerRecommendMany, as the warm-up does); without one each user goes through recommendForUser
 * (the embeddings path), several at a time. The next page is read while this one is scored.
 *
 * Sharding (`--shard i/n`): a user belongs to shard FNV-1a(user id) mod n, a pure function of the
 * id, so n workers each export a disjoint part (each its own file or push state) and the parts
 * together are the whole export, whatever order the workers run in.
 */
import { GraphDb } from '@graphrec/neo4j';
import { fnv1a32, ID_PATTERN } from '@graphrec/graph-model';
import { MAX_K, RankerUserRow, rankerRecommendMany, readRankerUsers, readUserIdsPage, recommendForUser, UserAnswer } from '@graphrec/serving';
import { currentRun, WritebackError } from '@graphrec/writeback';
import { readFileSync } from 'node:fs';
import type { FormattedRows } from './export';
import { ExportFormat, formatLines } from './format';
import { SegmentRow } from './rows';
import { ScoredPage, startScoringPool } from './recommendations-workers';

export const RECOMMENDATION_COLUMNS = ['user_id', 'rank', 'product_id', 'product_name', 'category', 'score', 'explanation', 'strategy', 'run_id'] as const;

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface RecommendationFeedOptions {
  k: number;
  /** Only these users (a --users file's ids); unknown ones are counted, not exported. */
  userIds?: string[];
  shard?: Shard;
  /** Users per read (default 500). */
  pageSize?: number;
  /** Users answered at once on the embeddings path (default 8). */
  concurrency?: number;
  /**
   * Worker threads scoring pages for `lines()` (default 1: this thread). Each has its own driver;
   * the rows come out in the same order as with one thread.
   */
  workers?: number;
}

/** Most worker threads one export may start (each holds a driver and a copy of the ranker). */
export const MAX_EXPORT_WORKERS = 64;

/** "2/4" -> {index: 2, count: 4}; BAD_INPUT otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count || count > 10_000) {
    throw new WritebackError('BAD_INPUT', `--shard must be i/n with 1 <= i <= n <= 10000, got "${text}"`);
  }
  return { index, count };
}

/** FNV-1a of the id (graph-model's fnv1a32, the hash ingest routes lanes with): stable across runs and machines. */
export function shardOf(userId: string, count: number): number {
  return (fnv1a32(userId) % count) + 1;
}

/**
 * User ids from a file: one per line, or a CSV whose first column is the id (a `user_id`/`id`
 * header is skipped). Sorted and without repeats: pages walk them in id order like the graph's.
 * A malformed id is a BAD_INPUT naming its line.
 */
export function readUserIdsFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new WritebackError('BAD_INPUT', `--users: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    const id = line.split(',')[0].trim().replace(/^"|"$/g, '');
    if (!id || (i === 0 && /^(user_id|id)$/.test(id))) return;
    if (!ID_PATTERN.test(id)) throw new WritebackError('BAD_INPUT', `--users: line ${i + 1} of ${path} is not a user id`);
    ids.add(id);
  });
  // Code-unit order, as Neo4j orders strings (and as `after` compares).
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Ids after `after` in id order, this shard's only, up to `want`; `last` when none follow. */
type UserPager = (after: string, want: number) => Promise<{ ids: string[]; last: boolean }>;

function graphPager(db: GraphDb, shard: Shard | undefined, pageSize: number): UserPager {
  return async (after, want) => {
    const ids: string[] = [];
    let cursor = after;
    for (;;) {
      // One id more than needed tells whether more follow.
      const need = Math.max(pageSize, want + 1);
      const page = await readUserIdsPage(db, cursor, need);
      for (const id of page) {
        if (!shard || shardOf(id, shard.count) === shard.index) ids.push(id);
        if (ids.length > want) return { ids: ids.slice(0, want), last: false };
      }
      if (page.length < need) return { ids, last: true };
      cursor = page[page.length - 1];
    }
  };
}

function listPager(all: string[], shard: Shard | undefined): UserPager {
  const mine = shard ? all.filter((id) => shardOf(id, shard.count) === shard.index) : all;
  return async (after, want) => {
    let lo = 0;
    let hi = mine.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mine[mid] <= after) lo = mid + 1;
      else hi = mid;
    }
    const ids = mine.slice(lo, lo + want);
    return { ids, last: lo + want >= mine.length };
  };
}

export interface Fetched {
  ids: string[];
  last: boolean;
  rows: RankerUserRow[];
}

/** The read half of a page: the ids, and the ranker's rows of those the graph knows (one read). */
async function fetchPage(db: GraphDb, pager: UserPager, after: string, want: number): Promise<Fetched> {
  const { ids, last } = await pager(after, want);
  return { ids, last, rows: ids.length ? await readRankerUsers(db, ids) : [] };
}

/** The scoring half: answers as the API gives them, in id order; unknown users are left out. */
export async function answersFor(db: GraphDb, fetched: Fetched, k: number, concurrency: number): Promise<UserAnswer[]> {
  const { rows } = fetched;
  const answers: (UserAnswer | null)[] = rankerRecommendMany(rows, k, {});
  // No ranker on the served run: the embeddings path, one user per read, `concurrency` at a time.
  const pending = rows.map((_, i) => i).filter((i) => answers[i] === null);
  for (let at = 0; at < pending.length; at += concurrency) {
    await Promise.all(
      pending.slice(at, at + concurrency).map(async (i) => {
        answers[i] = await recommendForUser(db, rows[i].userId, k);
      }),
    );
  }
  const byId = new Map(answers.filter((a): a is UserAnswer => a !== null).map((a) => [a.userId, a]));
  return fetched.ids.flatMap((id) => byId.get(id) ?? []);
}

export function toRows(answer: UserAnswer): SegmentRow[] {
  return answer.items.map((item) => ({
    user_id: answer.userId,
    rank: item.rank,
    product_id: item.productId,
    product_name: item.name,
    category: item.category,
    score: item.score,
    explanation: item.explanation,
    strategy: answer.strategy,
    run_id: answer.runId,
  }));
}

export interface RecommendationFeed {
  runId: string;
  k: number;
  shard?: Shard;
  columns: string[];
  /** Users asked for (the --users file) that the graph does not know; grows as pages are read. */
  unknownUsers: () => number;
  users: () => number;
  /** Up to `users` users' rows after user id `after`. */
  page(after: string, users: number): Promise<{ rows: SegmentRow[]; next: string; last: boolean }>;
  /** Every row as lines of `format` (for writeRowsFile), formatted on the scoring threads when there are workers. */
  lines(format: ExportFormat): AsyncGenerator<FormattedRows>;
}

/** Checks the options and the served run before any output is opened. */
export async function recommendationFeed(db: GraphDb, options: RecommendationFeedOptions): Promise<RecommendationFeed> {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new WritebackError('BAD_INPUT', `--k must be an integer in 1..${MAX_K}, got ${k}`);
  const pageSize = options.pageSize ?? 500;
  const concurrency = options.concurrency ?? 8;
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_EXPORT_WORKERS) {
    throw new WritebackError('BAD_INPUT', `--workers must be an integer in 1..${MAX_EXPORT_WORKERS}, got ${workers}`);
  }
  const run = await currentRun(db, 'embeddings');
  if (!run) throw new WritebackError('NO_CURRENT_RUN', 'no embeddings run is served yet: train and publish one (graphrec train) first');
  const pager = options.userIds ? listPager(options.userIds, options.shard) : graphPager(db, options.shard, pageSize);
  let unknown = 0;
  let users = 0;
  const score = async (fetched: Fetched) => {
    const answers = await answersFor(db, fetched, k, concurrency);
    unknown += fetched.ids.length - answers.length;
    users += answers.length;
    return answers.flatMap(toRows);
  };
  /** Pages scored on worker threads: handed out in id order, yielded in that order. */
  async function* pooledPages(format: ExportFormat): AsyncGenerator<ScoredPage> {
    const pool = startScoringPool({ config: db.config, k, concurrency, format }, workers);
    // Two pages per thread in flight: one being scored, the next one's read under way.
    const inFlight: { ids: number; scored: ReturnType<typeof pool.score> }[] = [];
    let after = '';
    let last = false;
    try {
      while (!last || inFlight.length) {
        while (!last && inFlight.length < 2 * workers) {
          const next = await pager(after, pageSize);
          last = next.last;
          if (!next.ids.length) continue;
          after = next.ids[next.ids.length - 1];
          const scored = pool.score(next.ids);
          scored.catch(() => undefined); // surfaced when awaited, in order
          inFlight.push({ ids: next.ids.length, scored });
        }
        const head = inFlight.shift();
        if (!head) break;
        const page = await head.scored;
        unknown += head.ids - page.users;
        users += page.users;
        yield page;
      }
    } finally {
      await pool.close();
    }
  }
  /** Pages scored on this thread, the next one read from Neo4j while this one is scored. */
  async function* localPages(): AsyncGenerator<SegmentRow[]> {
    let pending = fetchPage(db, pager, '', pageSize);
    for (;;) {
      const fetched = await pending;
      if (!fetched.last) {
        pending = fetchPage(db, pager, fetched.ids[fetched.ids.length - 1], pageSize);
        pending.catch(() => undefined); // surfaced when awaited
      }
      yield await score(fetched);
      if (fetched.last) return;
    }
  }
  const page = async (after: string, want: number) => {
    const fetched = await fetchPage(db, pager, after, want);
    return { rows: await score(fetched), next: fetched.ids.length ? fetched.ids[fetched.ids.length - 1] : after, last: fetched.last };
  };
  return {
    runId: run.id,
    k,
    shard: options.shard,
    columns: [...RECOMMENDATION_COLUMNS],
    unknownUsers: () => unknown,
    users: () => users,
    page,
    async *lines(format) {
      if (workers > 1) for await (const scored of pooledPages(format)) yield scored.lines;
      else for await (const scored of localPages()) yield { text: formatLines(RECOMMENDATION_COLUMNS, scored, format), rows: scored.length };
    },
  };
}
