/**
 * `neo4j://` routing URIs against the local server (a single server answers routing requests with
 * itself in every role): the driver fetches a routing table and sends read sessions to readers and
 * write sessions to the leader, as it would on a cluster or Aura. What is checked: the table names
 * this server (not the default localhost:7687, which would route to another instance), reads go
 * out as reads (the server refuses a write sent through them), writes and schema go out as writes,
 * a read after a write sees it (shared bookmarks), and the whole path — ingest, the CLI, the API's
 * queries and trackEvent — works with the routed URI.
 */
import { generateWorld } from '@graphrec/datagen';
import { ingest } from '@graphrec/ingest';
import { GraphDb, localPasswordFile, localServerSettings, migrate, resolveNeo4jConfig } from '@graphrec/neo4j';
import { readFileSync } from 'node:fs';
import { gql, KEYS, KEYS_ENV } from '../api/support';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { runCli } from '../support/cli';
import { resetDb, tempDir, testDb } from '../support/db';

jest.setTimeout(180_000);

describe('Neo4j routing URIs (neo4j://, real server)', () => {
  let plain: GraphDb;
  let routed: GraphDb;
  let routedEnv: NodeJS.ProcessEnv;
  let port: number;
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    plain = testDb();
    await resetDb(plain);
    port = localServerSettings().port;
    // The env a user sets for a cluster: NEO4J_URI + credentials (the local password file is the
    // test server's; a cluster's comes from its operator).
    routedEnv = {
      ...process.env,
      NEO4J_URI: `neo4j://127.0.0.1:${port}`,
      NEO4J_USER: 'neo4j',
      NEO4J_PASSWORD: readFileSync(localPasswordFile(), 'utf8').trim(),
      NEO4J_DATABASE: 'neo4j',
    };
    routed = new GraphDb(resolveNeo4jConfig(routedEnv));
  });
  afterAll(async () => {
    await api?.close();
    await routed?.close();
    await plain?.close();
  });

  it('gets a routing table that names this server for reads, writes and routing', async () => {
    await routed.verify();
    const [row] = await routed.read<{ servers: { role: string; addresses: string[] }[] }>("CALL dbms.routing.getRoutingTable({}, 'neo4j') YIELD servers RETURN servers");
    const roles = Object.fromEntries(row.servers.map((s) => [s.role, s.addresses]));
    expect(roles).toEqual({ WRITE: [`127.0.0.1:${port}`], READ: [`127.0.0.1:${port}`], ROUTE: [`127.0.0.1:${port}`] });
  });

  it('sends reads as reads and writes to the leader; a read after a write sees it', async () => {
    // A write statement through the read path is refused by the server: proof that reads travel in
    // read sessions (which a cluster sends to followers), not in write sessions.
    await expect(routed.read("CREATE (:RoutingProbe {id: 'r1'})")).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.AccessMode' });
    const streamed = routed.session('read');
    try {
      await expect(streamed.run("CREATE (:RoutingProbe {id: 'r2'})")).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.AccessMode' });
    } finally {
      await streamed.close();
    }
    await routed.write((tx) => tx.run("CREATE (:RoutingProbe {id: 'w1'})"));
    expect(await routed.read<{ id: string }>('MATCH (p:RoutingProbe) RETURN p.id AS id')).toEqual([{ id: 'w1' }]);
    // Schema changes and migrations go through `run`, a write session.
    await migrate(routed);
    await routed.run('MATCH (p:RoutingProbe) DELETE p');
    expect(await routed.read('MATCH (p:RoutingProbe) RETURN p')).toEqual([]);
  });

  it('ingests, runs the CLI and serves the API over the routed URI', async () => {
    const dir = tempDir('routing');
    await generateWorld({ users: 40, seed: 3, outDir: dir });
    const loaded = await ingest(routed, [dir]);
    expect(loaded.loaded).toBeGreaterThan(0);
    expect(loaded.rejected).toBe(0);
    const status = await runCli(['status', '--json'], routedEnv);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as { neo4j: string; users: number };
    expect(report.neo4j).toContain(`neo4j://127.0.0.1:${port}`);
    expect(report.users).toBeGreaterThanOrEqual(40);

    api = await startApiProcess({ ...routedEnv, GRAPHREC_API_KEYS: KEYS_ENV, LOG_LEVEL: 'silent' });
    const url = `${api.url}/graphql`;
    const [{ user, product }] = await plain.read<{ user: string; product: string }>(
      'MATCH (u:User)-[:PERFORMED]->(:Event)-[:ABOUT]->(p:Product) RETURN u.id AS user, p.id AS product ORDER BY user, product LIMIT 1',
    );
    const read = await gql(url, KEYS.service, 'query($id: ID!) { product(id: $id) { id } }', { id: product });
    expect(read.errors).toBeUndefined();
    expect(read.data?.product).toEqual({ id: product });
    const input = { id: 'ev-routing-1', userId: user, type: 'product_view', timestamp: new Date(Date.now() - 1000).toISOString(), productId: product };
    const tracked = await gql(url, KEYS.service, 'mutation($input: TrackEventInput!) { trackEvent(input: $input) { id created } }', { input });
    expect(tracked.errors).toBeUndefined();
    expect(tracked.data?.trackEvent).toEqual({ id: 'ev-routing-1', created: true });
    expect(await plain.read<{ n: number }>("MATCH (e:Event {id: 'ev-routing-1'}) RETURN count(e) AS n")).toEqual([{ n: 1 }]);
  });
});
