import { generateWorld } from '@graphrec/datagen';
import { GraphDb } from '@graphrec/neo4j';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startCli } from '../support/cli';
import { graphDigest, resetDb, tempDir, testDb } from '../support/db';

interface Summary {
  files: { path: string; kind: string; loaded: number; unchanged: number; rejected: number; skipped: boolean; resumed: boolean }[];
  loaded: number;
  rejected: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const parseSummary = (stdout: string) => JSON.parse(stdout) as Summary;

describe('an ingest killed with SIGKILL resumes to the same state (real Neo4j, real CLI)', () => {
  let db: GraphDb;
  let world: string;
  const eventsFile = () => join(world, 'events.csv');

  beforeAll(async () => {
    db = testDb();
    world = tempDir('resume');
    await generateWorld({ users: 800, seed: 5, outDir: world });
    // Sprinkle bad rows through the file so the quarantine file must be resumed exactly too.
    const lines = readFileSync(eventsFile(), 'utf8').trimEnd().split('\n');
    const withBad = lines.flatMap((line, i) => (i > 0 && i % 1500 === 0 ? [line, `BAD${i},U0000001,purchase,P-NOPE,,2024-01-01T00:00:00Z,`] : [line]));
    writeFileSync(eventsFile(), withBad.join('\n') + '\n');
  });
  afterAll(() => db.close());

  it('continues after the last committed batch without redoing it', async () => {
    await resetDb(db);
    const args = ['ingest', world, '--batch-size', '250', '--json'];
    const { child, done } = startCli(args);
    // Kill once the events file is partly committed: the checkpoint moves in the batch's own transaction.
    for (let tries = 0; tries < 600; tries++) {
      // Every lane of the events file has committed past line 3000.
      const [row] = await db.read<{ line: number | null }>(
        "OPTIONAL MATCH (c:IngestCheckpoint) WHERE c.key STARTS WITH 'events:' RETURN min(c.line) AS line",
      );
      if ((row.line ?? 0) > 3000) break;
      await sleep(100);
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const lanes = await db.read<{ done: boolean }>("MATCH (c:IngestCheckpoint) WHERE c.key STARTS WITH 'events:' RETURN c.done AS done");
    expect(lanes.length).toBe(2);
    expect(lanes.some((l) => l.done)).toBe(false);

    const resumed = await runCli(args);
    expect(resumed.code).toBe(0);
    const resumedSummary = parseSummary(resumed.stdout);
    const events = resumedSummary.files.find((f) => f.kind === 'events');
    expect(events?.resumed).toBe(true);
    expect(events?.unchanged).toBe(0); // no committed batch was written a second time
    expect(resumedSummary.files.filter((f) => f.kind !== 'events').every((f) => f.skipped)).toBe(true);
    const interruptedDigest = await graphDigest(db);
    const interruptedRejected = readFileSync(`${eventsFile()}.rejected.jsonl`, 'utf8');

    // The same files loaded in one go must give exactly the same graph and the same quarantine.
    await resetDb(db);
    rmSync(`${eventsFile()}.rejected.jsonl`);
    const straight = await runCli(args);
    expect(straight.code).toBe(0);
    const straightEvents = parseSummary(straight.stdout).files.find((f) => f.kind === 'events');
    expect(straightEvents).toMatchObject({ loaded: events?.loaded, rejected: events?.rejected, resumed: false });
    expect(events?.rejected).toBeGreaterThan(3);
    expect(await graphDigest(db)).toBe(interruptedDigest);
    expect(readFileSync(`${eventsFile()}.rejected.jsonl`, 'utf8')).toBe(interruptedRejected);
  });
});
