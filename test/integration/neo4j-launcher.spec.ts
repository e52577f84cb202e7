import { localServerSettings, repoRoot, resolveNeo4jConfig } from '@graphrec/neo4j';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from '../support/db';

const script = () => join(repoRoot(), 'scripts/neo4j.mjs');

/** Runs scripts/neo4j.mjs as `npm run neo4j:*` does, with exactly `env`. */
function neo4jScript(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [script(), ...args], { cwd: repoRoot(), env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8' });
}

/** What scripts/neo4j.mjs resolves, asked in a process of its own (it is an ES module). */
function scriptView(env: NodeJS.ProcessEnv): { settings: Record<string, unknown>; connection: Record<string, unknown>; args: string[] } {
  const code = `import(${JSON.stringify(script())}).then((m) => { const s = m.localServerSettings(); console.log(JSON.stringify({ settings: s, connection: m.localNeo4jConfig(), args: m.launcherArgs(s) })); })`;
  const r = spawnSync(process.execPath, ['-e', code], { cwd: repoRoot(), env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('the local Neo4j settings are resolved in one place (libs/neo4j/src/config.ts)', () => {
  it('gives the script, the launcher and the tools the same values, empty variables meaning "default"', () => {
    const dir = tempDir('neo4j-settings');
    const env = { NEO4J_PORT: '', NEO4J_DATA_DIR: dir, NEO4J_HEAP: '', NEO4J_PAGECACHE: '64m', NEO4J_PASSWORD: 'secret-password', NEO4J_USER: '' };
    const view = scriptView(env);
    expect(view.settings).toMatchObject({ ...localServerSettings(env) });
    expect(view.settings).toMatchObject({ port: 7687, heap: '2g', pageCache: '64m' });
    const { uri, user, password, database } = resolveNeo4jConfig(env);
    expect(view.connection).toEqual({ uri, user, password, database });
    // The launcher gets every setting as an argument and resolves nothing itself.
    expect(view.args).toEqual([`dataDir=${dir}`, 'port=7687', 'pagecache=64m', 'txTotal=1g', 'txMax=512m', 'txLogSize=64m']);
  });
});

describe('the launcher keeps Neo4j\'s guard against a full disk (real Neo4j)', () => {
  it('preallocates the transaction log of a fresh database', async () => {
    const dir = tempDir('neo4j-prealloc');
    const env = { NEO4J_PORT: String(await freePort()), NEO4J_DATA_DIR: dir, NEO4J_HEAP: '256m', NEO4J_PAGECACHE: '16m' };
    try {
      const started = neo4jScript(['start'], env);
      expect(started.stderr + started.stdout).toMatch(/neo4j: started/);
      const logs = join(dir, 'data/transactions/neo4j');
      const log = readdirSync(logs).find((f) => f.startsWith('neostore.transaction.db.'));
      expect(log).toBeDefined();
      // Allocated on disk, not merely a sparse size: the space of the whole next log is reserved.
      const allocated = statSync(join(logs, String(log))).blocks * 512;
      expect(allocated).toBeGreaterThanOrEqual(bytesOf('64m'));
    } finally {
      neo4jScript(['stop'], env);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Neo4j's size syntax (64m) in bytes. */
function bytesOf(size: string): number {
  const units: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  const m = /^(\d+)([kmg])?$/i.exec(size);
  if (!m) throw new Error(size);
  return Number(m[1]) * (m[2] ? units[m[2].toLowerCase()] : 1);
}
