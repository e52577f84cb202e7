import { GraphDb } from '@graphrec/neo4j';
import { writeFileSync } from 'node:fs';
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
    expect(JSON.parse(status.stdout)).toMatchObject({ schemaVersion: '002_indexes', users: 150, events, stubUsers: 0 });
  });
});
