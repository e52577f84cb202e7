import { limitsFromEnv } from '@graphrec/graph-model';
/**
 * The API's settings, read once from the environment and validated: a typo fails at start with a
 * message naming the variable, never later as odd behaviour. docs/api.md lists every setting.
 */
import { MAX_K } from '@graphrec/serving';
import { DEFAULT_SESSION_BLEND_WEIGHT } from '@graphrec/sequences';
import { ApiKey, demoKeys, parseApiKeys, Role, ROLES } from '../auth/keys';
import { DecideConfig, DEFAULT_DECIDE, parseSlots, parseWriteMode } from './slots';

export interface ApiLimits {
  /** Deepest field nesting a query may have. */
  maxDepth: number;
  /** Highest estimated cost (see graphql/cost.ts). */
  maxComplexity: number;
  /** Largest k / first a query may ask for. */
  maxPageSize: number;
  /** Largest neighborhood `limit` (nodes). */
  maxSubgraphNodes: number;
  /**
   * Rate-limit tokens per key per minute, by the key's role (one bucket per key, its size from its
   * role); each root field of a GraphQL document and each REST request takes one. 0 = no limit.
   */
  rateLimitPerMinute: Record<Role, number>;
  /** Root fields (aliases included) one GraphQL document may select. */
  maxRootFields: number;
  /** Lexical tokens of one GraphQL document: the parser stops there, before building anything big. */
  maxTokens: number;
  /** Bytes of one GraphQL document (the `query` text). */
  maxDocumentBytes: number;
  /** Database statements one request may have in flight at once (the pool is shared by all). */
  dbConcurrencyPerRequest: number;
}

/** The recommendation answers held in process (libs/serving/src/answer-cache.ts, docs/api.md). */
export interface AnswerCacheConfig {
  /** Users whose answers are held; 0 turns the cache off. */
  maxUsers: number;
  /** How often the change feed polls the database (ms). */
  pollMs: number;
  /** How far behind its last poll the feed re-reads (ms): longer than any ingest transaction. */
  overlapMs: number;
  /** The k warmed for every user after start and each new run; 0: no warm-up. */
  warmK: number;
}

export const DEFAULT_ANSWER_CACHE: AnswerCacheConfig = { maxUsers: 50_000, pollMs: 1_000, overlapMs: 30_000, warmK: 10 };

/** Rate limits shared by every API process through Redis (graphql/shared-rate-limiter.ts, docs/api.md). */
export interface SharedLimitsConfig {
  /** GRAPHREC_REDIS_URL: redis://[user:password@]host:port[/db] or rediss:// (TLS). A secret: never logged. */
  redisUrl: string;
  /** How long a request waits for Redis before its process decides alone (ms). */
  timeoutMs: number;
}

export interface ApiConfig {
  host: string;
  port: number;
  logLevel: string;
  keys: ApiKey[];
  /** Set only when keys were generated because GRAPHREC_API_KEYS is unset. */
  demoKeys?: Record<Role, string>;
  limits: ApiLimits;
  /** Parsed-and-validated documents kept by mercurius (LRU entries); 0 turns the cache off. */
  queryCache: number;
  /**
   * Executions of a cached document after which mercurius compiles it with graphql-jit (0: never):
   * a compiled query resolves and serialises a 10-item answer for a fraction of graphql-js' cost.
   */
  jit: number;
  answerCache: AnswerCacheConfig;
  /**
   * GRAPHREC_API_ANSWER_BODIES (1, default; 0 off): the serving queries' JSON held per held answer
   * (graphql/served-fields.ts), so a repeated answer is not executed and serialised again.
   */
  answerBodies: boolean;
  /** Set when GRAPHREC_REDIS_URL is: rate limits shared through Redis; unset: per process. */
  sharedLimits?: SharedLimitsConfig;
  /**
   * A folder of built explorer files to serve as is; unset: the explorer is built at start into
   * a temporary folder (see explorer/explorer.routes.ts).
   */
  explorerDir?: string;
  /** The served decision slots (nextBestProduct), their attribution window and refresh (config/slots.ts). */
  decide: DecideConfig;
  /** GRAPHREC_SESSION_BLEND_WEIGHT: the session's weight in `recommendations` with an open session (0..1; default tuned on validation, docs/sequences.md). */
  sessionBlendWeight: number;
}

export type Env = Record<string, string | undefined>;

/**
 * Per-role buckets. A service key is one web shop's backend, calling for all its visitors: 10,000
 * requests/s sustained is what one API process can serve at all, so the limit only stops a
 * runaway client. Analyst keys serve people (and the explorer page, a few calls per click); crm
 * keys serve batch jobs paging through segment members and exports.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<Role, number>> = {
  service: 600_000,
  analyst: 6_000,
  crm: 6_000,
};

export const DEFAULT_LIMITS: ApiLimits = {
  maxDepth: 10,
  maxComplexity: 5000,
  maxPageSize: MAX_K,
  maxSubgraphNodes: 500,
  rateLimitPerMinute: { ...DEFAULT_RATE_LIMITS },
  maxRootFields: 50,
  maxTokens: 10_000,
  maxDocumentBytes: 100_000,
  dbConcurrencyPerRequest: 4,
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** A number in [0, 1] (a weight or share). */
function fraction(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`${name} must be a number from 0 to 1, got "${raw}"`);
  return n;
}

/** GRAPHREC_API_RATE_LIMIT sets every role at once (as before); GRAPHREC_API_RATE_LIMIT_<ROLE> one role, and wins. */
function rateLimits(env: Env): Record<Role, number> {
  const all = integer(env, 'GRAPHREC_API_RATE_LIMIT', -1, 0, 100_000_000);
  const out = {} as Record<Role, number>;
  for (const role of ROLES) {
    const fallback = all >= 0 ? all : DEFAULT_RATE_LIMITS[role];
    out[role] = integer(env, `GRAPHREC_API_RATE_LIMIT_${role.toUpperCase()}`, fallback, 0, 100_000_000);
  }
  return out;
}

/** GRAPHREC_REDIS_URL, checked without ever echoing it (it carries the Redis password). */
function sharedLimitsFromEnv(env: Env): SharedLimitsConfig | undefined {
  const raw = env.GRAPHREC_REDIS_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('GRAPHREC_REDIS_URL must be a URL such as redis://default:PASSWORD@127.0.0.1:6379/0 (value not shown: it may hold a password)');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error(`GRAPHREC_REDIS_URL must start with redis:// or rediss://, got ${url.protocol}//`);
  return { redisUrl: raw, timeoutMs: integer(env, 'GRAPHREC_RATE_LIMIT_REDIS_TIMEOUT_MS', 200, 10, 10_000) };
}

export interface ConfigOverrides {
  port?: number;
  host?: string;
  logLevel?: string;
}

export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): ApiConfig {
  const port = overrides.port ?? integer(env, 'PORT', 3000, 0, 65535);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be 0..65535, got ${port}`);
  const host = overrides.host ?? (env.HOST?.trim() || '127.0.0.1');
  const logLevel = overrides.logLevel ?? (env.LOG_LEVEL?.trim() || 'info');
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  // trackEvent validates with these: a malformed one must stop the start, not fail each event later.
  limitsFromEnv(env);
  const limits: ApiLimits = {
    maxDepth: integer(env, 'GRAPHREC_API_MAX_DEPTH', DEFAULT_LIMITS.maxDepth, 2, 50),
    maxComplexity: integer(env, 'GRAPHREC_API_MAX_COMPLEXITY', DEFAULT_LIMITS.maxComplexity, 10, 1_000_000),
    // The serving functions refuse k > MAX_K, so a larger page size could never be served.
    maxPageSize: integer(env, 'GRAPHREC_API_MAX_PAGE_SIZE', DEFAULT_LIMITS.maxPageSize, 1, MAX_K),
    maxSubgraphNodes: integer(env, 'GRAPHREC_API_MAX_SUBGRAPH_NODES', DEFAULT_LIMITS.maxSubgraphNodes, 1, 5000),
    rateLimitPerMinute: rateLimits(env),
    maxRootFields: integer(env, 'GRAPHREC_API_MAX_ROOT_FIELDS', DEFAULT_LIMITS.maxRootFields, 1, 1000),
    maxTokens: integer(env, 'GRAPHREC_API_MAX_TOKENS', DEFAULT_LIMITS.maxTokens, 100, 1_000_000),
    maxDocumentBytes: integer(env, 'GRAPHREC_API_MAX_DOCUMENT_BYTES', DEFAULT_LIMITS.maxDocumentBytes, 1_000, 1_000_000),
    dbConcurrencyPerRequest: integer(env, 'GRAPHREC_API_DB_CONCURRENCY', DEFAULT_LIMITS.dbConcurrencyPerRequest, 1, 20),
  };
  const queryCache = integer(env, 'GRAPHREC_API_QUERY_CACHE', 1024, 0, 100_000);
  const jit = integer(env, 'GRAPHREC_API_JIT', 2, 0, 1_000_000);
  const answerBodies = integer(env, 'GRAPHREC_API_ANSWER_BODIES', 1, 0, 1) === 1;
  const answerCache: AnswerCacheConfig = {
    maxUsers: integer(env, 'GRAPHREC_ANSWER_CACHE_USERS', DEFAULT_ANSWER_CACHE.maxUsers, 0, 100_000_000),
    pollMs: integer(env, 'GRAPHREC_ANSWER_CACHE_POLL_MS', DEFAULT_ANSWER_CACHE.pollMs, 50, 60_000),
    overlapMs: integer(env, 'GRAPHREC_ANSWER_CACHE_OVERLAP_MS', DEFAULT_ANSWER_CACHE.overlapMs, 0, 3_600_000),
    warmK: integer(env, 'GRAPHREC_ANSWER_CACHE_WARM_K', DEFAULT_ANSWER_CACHE.warmK, 0, MAX_K),
  };
  const sharedLimits = sharedLimitsFromEnv(env);
  const explorerDir = env.GRAPHREC_EXPLORER_DIR?.trim() || undefined;
  const decide: DecideConfig = {
    slots: parseSlots(env.GRAPHREC_SLOTS),
    attributionWindowDays: integer(env, 'GRAPHREC_ATTRIBUTION_DAYS', DEFAULT_DECIDE.attributionWindowDays, 0, 365),
    refreshMs: integer(env, 'GRAPHREC_SLOT_REFRESH_MS', DEFAULT_DECIDE.refreshMs, 50, 600_000),
    userCacheUsers: integer(env, 'GRAPHREC_SLOT_USER_CACHE', DEFAULT_DECIDE.userCacheUsers, 0, 100_000_000),
    writeMode: parseWriteMode(env.GRAPHREC_DECISION_WRITE),
    maxPendingDecisions: integer(env, 'GRAPHREC_DECISION_MAX_PENDING', DEFAULT_DECIDE.maxPendingDecisions, 1, 1_000_000),
    decisionLingerMs: integer(env, 'GRAPHREC_DECISION_LINGER_MS', DEFAULT_DECIDE.decisionLingerMs, 0, 10_000),
  };
  const sessionBlendWeight = fraction(env, 'GRAPHREC_SESSION_BLEND_WEIGHT', DEFAULT_SESSION_BLEND_WEIGHT);
  const keysText = env.GRAPHREC_API_KEYS;
  const common = { host, port, logLevel, limits, queryCache, jit, answerCache, answerBodies, explorerDir, decide, sessionBlendWeight, ...(sharedLimits ? { sharedLimits } : {}) };
  if (keysText !== undefined && keysText.trim() !== '') {
    return { ...common, keys: parseApiKeys(keysText) };
  }
  const demo = demoKeys();
  return { ...common, keys: demo.keys, demoKeys: demo.plain };
}
