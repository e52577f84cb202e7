import { GraphDb, repoRoot, resolveNeo4jConfig } from '@graphrec/neo4j';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throw-away local Neo4j for a benchmark: its own port and data folder, emptied first, so a
 * benchmark never touches the development database and always starts from the same state.
 */
export function startFreshNeo4j(port: number, dataDir: string): GraphDb {
  const env: NodeJS.ProcessEnv = { ...process.env, NEO4J_PORT: String(port), NEO4J_DATA_DIR: dataDir, NEO4J_URI: '' };
  const script = join(repoRoot(), 'scripts', 'neo4j.mjs');
  execFileSync(process.execPath, [script, 'stop'], { env, stdio: 'inherit' });
  rmSync(join(repoRoot(), dataDir, 'data'), { recursive: true, force: true });
  execFileSync(process.execPath, [script, 'start'], { env, stdio: 'inherit' });
  return new GraphDb(resolveNeo4jConfig(env));
}

export function stopNeo4j(port: number, dataDir: string): void {
  const env = { ...process.env, NEO4J_PORT: String(port), NEO4J_DATA_DIR: dataDir };
  execFileSync(process.execPath, [join(repoRoot(), 'scripts', 'neo4j.mjs'), 'stop'], { env, stdio: 'inherit' });
}

export function rssMiB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

/** Peak resident set size of this process so far (the kernel's high-water mark). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
