import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { resetDb, tempDir, testDb } from '../support/db';

// Every user touched exactly one product, so no edge can be held out for validation and the
// validation metric is NaN. Such a run used to be published and served (exit 0).
describe('graphrec train never publishes a run whose validation metric is not finite (real Neo4j, real CLI)', () => {
  let db: GraphDb;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    const dir = tempDir('train-guard');
    writeFileSync(join(dir, 'products.csv'), 'id,name,category\np-a,Keypad,keypad\np-b,Chime,chime\n');
    const events = ['id,user_id,type,product_id,timestamp'];
    for (let u = 0; u < 12; u++) events.push(`e${u},u${u},purchase,${u % 2 ? 'p-a' : 'p-b'},2026-01-0${1 + (u % 9)}T10:00:00Z`);
    writeFileSync(join(dir, 'events.csv'), events.join('\n') + '\n');
    await ingest(db, [dir]);
  });
  afterAll(() => db.close());

  it('exits non-zero, says why, and starts no run: the current one keeps serving', async () => {
    // The run being served before (as run-complete leaves it); training must not replace it.
    await db.run("CREATE (:Run {id: 'served-before', kind: 'embeddings', status: 'complete', current: true})");
    const result = await runCli(['train', '--epochs', '1', '--similar-k', '2']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not published: the validation metric \S+ is NaN/);
    const runs = await db.read<{ id: string; current: boolean }>('MATCH (r:Run) RETURN r.id AS id, r.current AS current');
    expect(runs).toEqual([{ id: 'served-before', current: true }]);
  });
});
