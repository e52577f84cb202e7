/**
 * The API's settings, read once from the environment and validated: a typo fails at start with a
 * message naming the variable, never later as odd behaviour. docs/api.md lists every setting.
 */
import { ApiKey, demoKeys, parseApiKeys, Role } from '../auth/keys';

export interface ApiLimits {
  /** Deepest field nesting a query may have. */
  maxDepth: number;
  /** Highest estimated cost (see graphql/cost.ts). */
  maxComplexity: number;
  /** Largest k / first a query may ask for. */
  maxPageSize: number;
  /** Largest neighborhood `limit` (nodes). */
  maxSubgraphNodes: number;
  /** GraphQL requests per key per minute; 0 turns the limiter off. */
  rateLimitPerMinute: number;
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
}

export type Env = Record<string, string | undefined>;

export const DEFAULT_LIMITS: ApiLimits = {
  maxDepth: 10,
  maxComplexity: 5000,
  maxPageSize: 100,
  maxSubgraphNodes: 500,
  rateLimitPerMinute: 1200,
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
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
  const limits: ApiLimits = {
    maxDepth: integer(env, 'GRAPHREC_API_MAX_DEPTH', DEFAULT_LIMITS.maxDepth, 2, 50),
    maxComplexity: integer(env, 'GRAPHREC_API_MAX_COMPLEXITY', DEFAULT_LIMITS.maxComplexity, 10, 1_000_000),
    // The serving functions refuse k > 100, so a larger page size could never be served.
    maxPageSize: integer(env, 'GRAPHREC_API_MAX_PAGE_SIZE', DEFAULT_LIMITS.maxPageSize, 1, 100),
    maxSubgraphNodes: integer(env, 'GRAPHREC_API_MAX_SUBGRAPH_NODES', DEFAULT_LIMITS.maxSubgraphNodes, 1, 5000),
    rateLimitPerMinute: integer(env, 'GRAPHREC_API_RATE_LIMIT', DEFAULT_LIMITS.rateLimitPerMinute, 0, 100_000_000),
  };
  const queryCache = integer(env, 'GRAPHREC_API_QUERY_CACHE', 1024, 0, 100_000);
  const keysText = env.GRAPHREC_API_KEYS;
  if (keysText !== undefined && keysText.trim() !== '') {
    return { host, port, logLevel, keys: parseApiKeys(keysText), limits, queryCache };
  }
  const demo = demoKeys();
  return { host, port, logLevel, keys: demo.keys, demoKeys: demo.plain, limits, queryCache };
}
