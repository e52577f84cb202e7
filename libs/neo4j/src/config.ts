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

export function localDataDir(env: Env = process.env): string {
  const dir = env.NEO4J_DATA_DIR ?? join('.data', 'neo4j');
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
  const database = env.NEO4J_DATABASE || 'neo4j';
  const user = env.NEO4J_USER || 'neo4j';
  if (env.NEO4J_URI) {
    return { uri: env.NEO4J_URI, user, password: env.NEO4J_PASSWORD ?? '', database, local: false };
  }
  const port = Number(env.NEO4J_PORT || 7687);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`NEO4J_PORT must be a port number, got "${env.NEO4J_PORT}"`);
  let password = env.NEO4J_PASSWORD ?? '';
  const file = localPasswordFile(env);
  if (!password && existsSync(file)) password = readFileSync(file, 'utf8').trim();
  return { uri: `bolt://127.0.0.1:${port}`, user, password, database, local: true };
}

/** The URI without credentials, for messages. */
export function describeTarget(config: Neo4jConfig): string {
  return `${config.uri} (database "${config.database}"${config.local ? ', local server' : ''})`;
}
