import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { repoRoot } from './repo-root';

export interface Neo4jConfig {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** True when the project's own embedded Neo4j is meant (NEO4J_URI unset). */
  local: boolean;
}

export type Env = Record<string, string | undefined>;

/**
 * The one reading of a NEO4J_* variable: unset and empty both mean "the default". Before, this
 * file used `||` and scripts/neo4j.mjs `??`, so NEO4J_PORT= (empty) meant 7687 to the tools and
 * port 0 to the server.
 */
export function setting(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

/**
 * Everything the local server is started with, resolved once here: scripts/neo4j.mjs reads it
 * (through tsx) and passes every value to the launcher as an argument; the launcher has no
 * defaults of its own.
 */
export interface LocalServerSettings {
  port: number;
  dataDir: string;
  heap: string;
  pageCache: string;
  txTotal: string;
  txMax: string;
  /**
   * Size at which a transaction log rotates, and so what Neo4j preallocates for the next log.
   * Preallocation is Neo4j's guard against a full disk corrupting the log mid-append (without it,
   * a disk that filled up once left a database that would not recover); 64 MiB keeps that guard at
   * a quarter of the default 256 MiB per database, which matters with several test instances.
   */
  txLogSize: string;
  startTimeoutSeconds: number;
}

const SIZE = /^\d+[kmgKMG]?$/;

function localPort(env: Env): number {
  const port = Number(setting(env, 'NEO4J_PORT', '7687'));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`NEO4J_PORT must be a port number, got "${env.NEO4J_PORT}"`);
  return port;
}

export function localServerSettings(env: Env = process.env): LocalServerSettings {
  const port = localPort(env);
  const size = (name: string, fallback: string) => {
    const v = setting(env, name, fallback);
    if (!SIZE.test(v)) throw new Error(`${name} must be a size such as 512m or 2g, got "${v}"`);
    return v;
  };
  const timeout = Number(setting(env, 'NEO4J_START_TIMEOUT', '180'));
  if (!(timeout > 0)) throw new Error(`NEO4J_START_TIMEOUT must be a number of seconds, got "${env.NEO4J_START_TIMEOUT}"`);
  return {
    port,
    dataDir: localDataDir(env),
    heap: size('NEO4J_HEAP', '2g'),
    pageCache: size('NEO4J_PAGECACHE', '1g'),
    txTotal: size('NEO4J_TX_TOTAL', '1g'),
    txMax: size('NEO4J_TX_MAX', '512m'),
    txLogSize: '64m',
    startTimeoutSeconds: timeout,
  };
}

export function localDataDir(env: Env = process.env): string {
  const dir = setting(env, 'NEO4J_DATA_DIR', join('.data', 'neo4j'));
  return isAbsolute(dir) ? dir : join(repoRoot(), dir);
}

/** Where scripts/neo4j.mjs keeps the generated password of the local server. */
export function localPasswordFile(env: Env = process.env): string {
  return join(localDataDir(env), 'neo4j-password');
}

/**
 * NEO4J_URI (+ NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) selects an existing server;
 * without it the project's local server on 127.0.0.1:NEO4J_PORT is used.
 */
export function resolveNeo4jConfig(env: Env = process.env): Neo4jConfig {
  const database = setting(env, 'NEO4J_DATABASE', 'neo4j');
  const user = setting(env, 'NEO4J_USER', 'neo4j');
  const uri = setting(env, 'NEO4J_URI', '');
  // A password is taken as given (spaces and all); only unset or empty falls back.
  let password = env.NEO4J_PASSWORD ?? '';
  if (uri) return { uri, user, password, database, local: false };
  const port = localPort(env);
  const file = localPasswordFile(env);
  if (!password && existsSync(file)) password = readFileSync(file, 'utf8').trim();
  return { uri: `bolt://127.0.0.1:${port}`, user, password, database, local: true };
}

/** The URI without credentials, for messages. */
export function describeTarget(config: Neo4jConfig): string {
  return `${config.uri} (database "${config.database}"${config.local ? ', local server' : ''})`;
}
