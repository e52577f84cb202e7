/**
 * Pushes the current segments run (or a delta) to a CRM webhook in signed JSON batches. Batches are
 * pages of the user-id-ordered rows, so batch n of a run is always the same rows; progress is kept
 * in a state file after every acknowledged batch, so a rerun continues after the last success and
 * never resends it. Delivery is at-least-once (a reply lost on the way back means a resend): the
 * stable batch id lets the receiver drop a duplicate.
 */
import { GraphDb } from '@graphrec/neo4j';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, BackoffOptions, parseRetryAfter } from './backoff';
import { WritebackError } from '@graphrec/writeback';
import { pageRows, planRows, RowOptions } from './rows';
import { PushState, readPushState, writePushState } from './push-state';
import { BATCH_ID_HEADER, signBody, SIGNATURE_HEADER } from './signature';

export interface PushOptions extends RowOptions {
  url: string;
  secret: string;
  /** Where progress is kept between runs of the push (JSON, replaced atomically). */
  stateFile: string;
  /** Rows per request (default 500). Must stay the same across resumes of one push. */
  batchSize?: number;
  /** Retries per batch after the first attempt (default 6). */
  maxRetries?: number;
  /** Per request, headers and body included (default 10 s). */
  timeoutMs?: number;
  backoff?: BackoffOptions;
  onBatch?: (info: { batch: number; rows: number; attempts: number }) => void;
}

export interface PushResult {
  runId: string;
  changedSince?: string;
  /** Batches sent by this call (0 when a previous call had finished). */
  batchesSent: number;
  rowsSent: number;
  /** Last acknowledged batch number overall. */
  lastBatch: number;
  alreadyDone: boolean;
  retries: number;
  seconds: number;
}

/** `seg-...:7`, or `seg-old..seg-new:7` for a delta, whose batches differ from the full push's. */
export function batchId(runId: string, batch: number, changedSince?: string | null): string {
  return changedSince ? `${changedSince}..${runId}:${batch}` : `${runId}:${batch}`;
}

/**
 * The URL as messages show it: scheme, host, port and path. The query is left out (receivers put
 * tokens there) and credentials never reach this point (`checkUrl` refuses them).
 */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search ? '?…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The text may hold a secret the user mistyped into it: not echoed.
    throw new WritebackError('BAD_URL', 'the webhook URL is not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new WritebackError('BAD_URL', `webhook URL ${displayUrl(url)} must be http or https`);
  // user:pass@ in a URL lands in argv (visible in `ps`), shell history, logs and the push state file.
  if (parsed.username || parsed.password) {
    throw new WritebackError('BAD_URL', `webhook URL ${displayUrl(url)} carries credentials (user:pass@): refused; the batches are signed with the secret instead`);
  }
}

const positiveInt = (name: string, value: number, min: number): number => {
  if (!Number.isInteger(value) || value < min) throw new WritebackError('BAD_INPUT', `${name} must be an integer >= ${min}, got ${value}`);
  return value;
};

/**
 * The network-level reason of a failed fetch (undici hides it in `cause`). Duck-typed, not
 * `instanceof`: fetch's errors may come from another realm (e.g. under Jest's VM contexts).
 */
function reasonOf(error: unknown, timeoutMs: number): string {
  type Failure = { name?: string; message?: string; code?: string; cause?: Failure; errors?: Failure[] };
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as Failure;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = e.cause;
  // A refused connection to a name with several addresses comes as an AggregateError without a code.
  const code = cause?.code ?? cause?.errors?.find((x) => x.code)?.code;
  if (code || cause?.message) return [code, cause?.message].filter(Boolean).join(': ');
  return e.message ?? String(error);
}

interface SendOutcome {
  attempts: number;
}

async function send(url: string, body: string, headers: Record<string, string>, batch: number, options: Required<Pick<PushOptions, 'maxRetries' | 'timeoutMs'>> & { backoff?: BackoffOptions }): Promise<SendOutcome> {
  let lastReason = '';
  for (let attempt = 1; attempt <= options.maxRetries + 1; attempt++) {
    let retryAfter: number | undefined;
    try {
      // redirect: 'manual': fetch would follow a 307/308 by re-POSTing the signed batch to whatever
      // host the Location names, and a 301/302/303 by turning the POST into a GET whose 200 would
      // count as a delivery although the batch never arrived. A redirect is a failure instead.
      const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) });
      const text = await response.text(); // read fully: frees the connection, and the timeout covers it
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        throw new WritebackError(
          'WEBHOOK_REJECTED',
          `webhook ${displayUrl(url)} answered batch ${batch} with a redirect (HTTP ${response.status}); redirects are not followed, so point the push at the final URL`,
        );
      }
      if (response.ok) return { attempts: attempt };
      if (response.status !== 429 && response.status < 500) {
        throw new WritebackError('WEBHOOK_REJECTED', `webhook ${displayUrl(url)} refused batch ${batch} with HTTP ${response.status}: ${text.slice(0, 200)}`);
      }
      lastReason = `HTTP ${response.status}`;
      retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    } catch (error) {
      if (error instanceof WritebackError) throw error;
      lastReason = reasonOf(error, options.timeoutMs);
    }
    if (attempt <= options.maxRetries) await sleep(Math.max(retryAfter ?? 0, backoffDelay(attempt, options.backoff)));
  }
  throw new WritebackError('WEBHOOK_FAILED', `webhook ${displayUrl(url)}: gave up on batch ${batch} after ${options.maxRetries + 1} attempts; last error: ${lastReason}`);
}

/**
 * What a push sends: pages of rows in a stable key order (user ids), so batch n is always the same
 * rows and a resumed push continues after the last acknowledged key. Segments and recommendations
 * are both feeds; the delivery (signing, retries, state) is one code path.
 */
export interface PushFeed {
  runId: string;
  /** Delta base of a segments push; null otherwise. */
  changedSince: string | null;
  /** What else makes two pushes of one run differ (recommendations: k and shard); null for segments. */
  variant: string | null;
  /** Header batch id of batch n (receivers drop duplicates by it). */
  batchId(batch: number): string;
  /** Fields of every body besides batch, last and rows. */
  body: Record<string, unknown>;
  /** Up to `limit` keys' rows after key `after` ('' = start); `next` is the last key, `last` says nothing follows. */
  page(after: string, limit: number): Promise<{ rows: unknown[]; next: string; last: boolean }>;
}

export type DeliveryOptions = Omit<PushOptions, keyof RowOptions>;

/** Pushes a feed in signed batches with resumable state (see the file's comment). */
export async function pushFeed(feed: PushFeed, options: DeliveryOptions): Promise<PushResult> {
  const started = performance.now();
  checkUrl(options.url);
  if (!options.secret) throw new WritebackError('BAD_INPUT', 'a webhook secret is required to sign the batches');
  const batchSize = positiveInt('batchSize', options.batchSize ?? 500, 1);
  const maxRetries = positiveInt('maxRetries', options.maxRetries ?? 6, 0);
  const timeoutMs = positiveInt('timeoutMs', options.timeoutMs ?? 10_000, 1);
  const { changedSince, variant } = feed;

  // A state file of another run, URL, base or variant describes another push: this one starts fresh.
  const saved = readPushState(options.stateFile);
  const same = saved && saved.runId === feed.runId && saved.url === options.url && saved.changedSince === changedSince && (saved.variant ?? null) === variant;
  if (same && !saved.done && saved.batchSize !== batchSize) {
    throw new WritebackError('STATE_MISMATCH', `${options.stateFile} records a push of this run in batches of ${saved.batchSize}; resume with the same batch size, or remove the file to start over`);
  }
  const state: PushState = same
    ? saved
    : { version: 1, url: options.url, runId: feed.runId, changedSince, ...(variant !== null ? { variant } : {}), batchSize, lastBatch: 0, lastUserId: '', rowsSent: 0, done: false, updatedAt: '' };
  const result: PushResult = { runId: feed.runId, batchesSent: 0, rowsSent: 0, lastBatch: state.lastBatch, alreadyDone: state.done, retries: 0, seconds: 0 };
  if (changedSince) result.changedSince = changedSince;

  while (!state.done) {
    const { rows, next, last } = await feed.page(state.lastUserId, batchSize);
    if (rows.length) {
      const batch = state.lastBatch + 1;
      const body = JSON.stringify({ ...feed.body, batch, last, rows });
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'graphrec-writeback',
        [SIGNATURE_HEADER]: signBody(body, options.secret),
        [BATCH_ID_HEADER]: feed.batchId(batch),
      };
      const { attempts } = await send(options.url, body, headers, batch, { maxRetries, timeoutMs, backoff: options.backoff });
      state.lastBatch = batch;
      state.lastUserId = next;
      state.rowsSent += rows.length;
      result.batchesSent++;
      result.rowsSent += rows.length;
      result.retries += attempts - 1;
      options.onBatch?.({ batch, rows: rows.length, attempts });
    }
    state.done = last;
    writePushState(options.stateFile, state);
  }
  result.lastBatch = state.lastBatch;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export async function pushSegments(db: GraphDb, options: PushOptions): Promise<PushResult> {
  checkUrl(options.url);
  if (!options.secret) throw new WritebackError('BAD_INPUT', 'a webhook secret is required to sign the batches');
  const plan = await planRows(db, options);
  const changedSince = plan.since?.id ?? null;
  return pushFeed(
    {
      runId: plan.run.id,
      changedSince,
      variant: null,
      batchId: (batch) => batchId(plan.run.id, batch, changedSince),
      body: { runId: plan.run.id, ...(changedSince ? { changedSince } : {}) },
      page: async (after, limit) => {
        // One row more than a batch tells whether this batch is the last, without counting first.
        const page = await pageRows(db, plan, after, limit + 1);
        const rows = page.slice(0, limit);
        return { rows, next: rows.length ? String(rows[rows.length - 1].user_id) : after, last: page.length <= limit };
      },
    },
    options,
  );
}
