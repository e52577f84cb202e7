import { GraphDb } from '@graphrec/neo4j';
import { verifySignature } from '@graphrec/crm';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { count, resetDb, tempDir, testDb } from '../support/db';

describe('graphrec command line (real process, real Neo4j)', () => {
  let db: GraphDb;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
  });
  afterAll(() => db.close());

  it('answers --help for the tool and each command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('ingest');
    const ingestHelp = await runCli(['ingest', '--help']);
    expect(ingestHelp.code).toBe(0);
    expect(ingestHelp.stdout).toContain('--format <format>');
  });

  it('says clearly when the database is unreachable, with a non-zero exit and no stack trace', async () => {
    const result = await runCli(['status'], { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_PASSWORD: 'x' });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^graphrec: Neo4j is unreachable at bolt:\/\/127\.0\.0\.1:1/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 with a message for an unusable file, and 1 when every row is rejected', async () => {
    const dir = tempDir('cli');
    writeFileSync(join(dir, 'users.csv'), 'name,region\nx,y\n');
    const badHeader = await runCli(['ingest', join(dir, 'users.csv')]);
    expect(badHeader.code).toBe(2);
    expect(badHeader.stderr).toContain('the header lacks column(s) id');
    writeFileSync(join(dir, 'users.csv'), 'id,home_type\nU1,castle\nU2,palace\n');
    const allBad = await runCli(['ingest', join(dir, 'users.csv')]);
    expect(allBad.code).toBe(1);
    expect(allBad.stderr).toContain('nothing could be loaded');
    expect(await count(db, 'MATCH (u:User) RETURN count(u) AS n')).toBe(0);
  });

  it('loads an interaction log, creating its users and items', async () => {
    const dir = tempDir('ix');
    const file = join(dir, 'clicks.csv');
    writeFileSync(file, 'user_id,item_id,weight,timestamp\na,x,1,2024-01-01T00:00:00Z\na,y,2,2024-01-02T00:00:00Z\nb,x,,1717780000\nb,x,,1717780000\nc\n');
    const result = await runCli(['ingest', '--format', 'interactions', file, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ loaded: 3, unchanged: 1, rejected: 1 });
    expect(await count(db, "MATCH (:User)-[:PERFORMED]->(e:Event {type: 'interaction'})-[:ABOUT]->(:Product {category: 'item'}) RETURN count(e) AS n")).toBe(3);
    expect(await count(db, "MATCH (:User {id: 'a'})-[:PERFORMED]->(e:Event)-[:ABOUT]->(:Product {id: 'y'}) RETURN e.value AS n")).toBe(2);
  });

  it('runs the pipeline: an empty graph gets the demo world, a second run keeps it', async () => {
    await resetDb(db);
    const first = await runCli(['pipeline', '--demo-users', '150', '--seed', '3']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('loading demo data');
    const users = await count(db, 'MATCH (u:User) RETURN count(u) AS n');
    expect(users).toBe(150);
    const events = await count(db, 'MATCH (e:Event) RETURN count(e) AS n');
    const second = await runCli(['pipeline', '--demo-users', '150', '--seed', '3']);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('loading demo data');
    expect(await count(db, 'MATCH (e:Event) RETURN count(e) AS n')).toBe(events);
    const status = await runCli(['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ schemaVersion: '005_session_state', users: 150, events, stubUsers: 0 });
  });

  // Needs the pipeline's runs above.
  it('status shows the served runs: kind, id, since when, key metrics', async () => {
    const json = JSON.parse((await runCli(['status', '--json'])).stdout) as { servedRuns: { kind: string; id: string; servedSince: string; metrics: Record<string, number> }[] };
    expect(json.servedRuns.map((r) => r.kind)).toEqual(['segments', 'embeddings']);
    const [segments, embeddings] = json.servedRuns;
    expect(segments).toMatchObject({ id: expect.stringMatching(/^seg-/), servedSince: expect.stringMatching(/^\d{4}-/), metrics: { users: 150, segments: expect.any(Number) } });
    expect(embeddings).toMatchObject({ id: expect.stringMatching(/^emb-/), metrics: { users: 150, epochs: expect.any(Number) } });
    const text = await runCli(['status']);
    expect(text.stdout).toContain('served runs:');
    expect(text.stdout).toMatch(new RegExp(`segments +${segments.id} +since \\S+ +\\(users 150, segments \\d+`));
    expect(text.stdout).toMatch(new RegExp(`embeddings +${embeddings.id} +since`));
  });

  it('exit codes follow the README: unknown ids and bad values 2, not 3 (Neo4j unreachable) or 1', async () => {
    const user = await runCli(['recommend', '--user', 'no-such-user']);
    expect([user.code, user.stderr]).toEqual([2, 'graphrec recommend: no user with id "no-such-user"\n']);
    const product = await runCli(['recommend', '--product', 'no-such-product']);
    expect([product.code, product.stderr]).toEqual([2, 'graphrec recommend: no product with id "no-such-product"\n']);
    for (const args of [
      ['recommend', '--product', 'x', '--k', '0'],
      ['recommend', '--product', 'x', '--k', '101'],
      ['segment', '--resolution', '0'],
      ['segment', '--seed', '-3'],
      ['train', '--backend', 'gpu'],
      ['evaluate', '--path', 'x', '--seed', '1.5'],
      ['generate', '--users', '10', '--seed', 'abc', '--out', tempDir('gen')],
      ['pipeline', '--demo-users', 'many'],
      ['export', 'segments', '--format', 'xlsx', '--out', 'x'],
      ['no-such-command'],
    ]) {
      const r = await runCli(args);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await runCli(['recommend', '--product', 'x', '--k', '0'])).stderr).toContain('--k must be a whole number from 1 to 100, got "0"');
  });

  it('pushes to a webhook with the secret from the environment; never takes it from argv or a URL', async () => {
    const bodies: { signed: boolean; rows: number }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        bodies.push({ signed: verifySignature(raw, 'env-secret', req.headers['x-graphrec-signature']), rows: (JSON.parse(raw.toString('utf8')) as { rows: unknown[] }).rows.length });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const dir = tempDir('push');
      const pushed = await runCli(['export', 'segments', '--webhook', url, '--secret-env', 'CRM_TEST_SECRET', '--state', join(dir, 'state.json'), '--batch-size', '40'], {
        ...process.env,
        CRM_TEST_SECRET: 'env-secret',
      });
      expect(pushed.stderr).toBe('');
      expect(pushed.code).toBe(0);
      expect(bodies).toEqual([40, 40, 40, 30].map((rows) => ({ signed: true, rows })));

      const argv = await runCli(['export', 'segments', '--webhook', url, '--secret', 'visible-in-ps']);
      expect(argv.code).toBe(2);
      expect(argv.stderr).toContain('--secret is not accepted');
      expect(argv.stderr).not.toContain('visible-in-ps');

      const withCredentials = await runCli(['export', 'segments', '--webhook', url.replace('//', '//crm:hunter2@'), '--secret-env', 'CRM_TEST_SECRET'], { ...process.env, CRM_TEST_SECRET: 'x' });
      expect(withCredentials.code).toBe(2);
      expect(withCredentials.stderr).toContain('carries credentials (user:pass@): refused');
      expect(withCredentials.stdout + withCredentials.stderr).not.toContain('hunter2');

      const unknown = await runCli(['export', 'segments', '--out', join(dir, 'x.csv'), '--attributes', 'region,password']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown user attribute "password"; exportable attributes: home_type, region, signup_date');
      expect(bodies).toHaveLength(4);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
