import { generateWorld } from '@graphrec/datagen';
import { GraphDb, resolveNeo4jConfig } from '@graphrec/neo4j';
import { AddressInfo, Server, Socket, createConnection, createServer } from 'node:net';
import { runCli } from '../support/cli';
import { resetDb, tempDir, testDb } from '../support/db';

/**
 * A TCP relay in front of the real test Neo4j that goes away, as a killed Neo4j does, once the
 * client has sent `cutAfter` bytes: the cut falls at a point fixed by the data, not by timing.
 */
async function dyingRelay(target: { host: string; port: number }, cutAfter: number): Promise<{ port: number; cut: Promise<void> }> {
  const sockets = new Set<Socket>();
  let sent = 0;
  let markCut: () => void = () => undefined;
  const cut = new Promise<void>((resolve) => (markCut = resolve));
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent > cutAfter) {
        // Neo4j is gone: every connection drops and nothing listens any more.
        server.close();
        for (const s of sockets) s.destroy();
        markCut();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, cut };
}

describe('Neo4j lost in the middle of an ingest (real Neo4j behind a relay that dies, real CLI)', () => {
  let db: GraphDb;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
  });
  afterAll(() => db.close());

  it('exits 3 (Neo4j unreachable) with one clear line, and the same command resumes once it is back', async () => {
    const world = tempDir('outage');
    await generateWorld({ users: 300, seed: 3, outDir: world });
    const config = resolveNeo4jConfig();
    const target = new URL(config.uri.replace(/^bolt:/, 'http:'));
    // verify + schema send a few KB; the world's rows are several hundred KB: the cut falls mid-load.
    const relay = await dyingRelay({ host: target.hostname, port: Number(target.port) }, 256 * 1024);
    const env = { ...process.env, NEO4J_URI: `bolt://127.0.0.1:${relay.port}`, NEO4J_USER: config.user, NEO4J_PASSWORD: config.password, NEO4J_DATABASE: config.database };
    const result = await runCli(['ingest', world, '--batch-size', '200'], env);
    await relay.cut;
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Neo4j became unreachable during the load .*rerun the same command to resume/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const [progress] = await db.read<{ lanes: number; done: number }>(
      'MATCH (c:IngestCheckpoint) RETURN count(c) AS lanes, sum(CASE WHEN c.done THEN 1 ELSE 0 END) AS done',
    );
    expect(progress.lanes).toBeGreaterThan(progress.done); // it really stopped mid-ingest

    const resumed = await runCli(['ingest', world, '--batch-size', '200']);
    expect(resumed.code).toBe(0);
  });
});
