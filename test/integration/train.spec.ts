import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { currentEmbeddings, currentRun } from '@graphrec/writeback';
import { relatedItems } from '@graphrec/serving';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { resetDb, tempDir, testDb } from '../support/db';

// A planted pair: every household that buys the Keypad also buys the Contact Sensor, and nobody
// else does; other households buy cameras or doorbells, plus random views of everything. After
// training on the real Neo4j, the sensor must be among the keypad's top-5 related items.
const PRODUCTS = [
  ['p-keypad', 'Keypad', 'keypad'],
  ['p-sensor', 'Contact Sensor', 'contact_sensor'],
  ['p-door', 'Video Doorbell', 'video_doorbell'],
  ['p-chime', 'Chime', 'chime'],
  ['p-cam', 'Indoor Cam', 'indoor_camera'],
  ['p-flood', 'Floodlight Cam', 'floodlight_camera'],
  ['p-solar', 'Solar Panel', 'solar_panel'],
  ['p-battery', 'Battery', 'battery'],
] as const;
const USERS = 240;

function writeWorld(dir: string): string[] {
  let state = 7;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const t = (day: number) => new Date(Date.UTC(2026, 8, 1 + day)).toISOString();
  const events = ['id,user_id,type,product_id,timestamp'];
  let n = 0;
  for (let u = 0; u < USERS; u++) {
    const group = u % 3;
    const bought = group === 0 ? ['p-keypad', 'p-sensor'] : group === 1 ? ['p-door', 'p-chime'] : ['p-cam', 'p-flood'];
    for (const p of bought) events.push(`e${n++},u${u},product_view,${p},${t(1)}`, `e${n++},u${u},purchase,${p},${t(2)}`);
    for (let v = 0; v < 2; v++) {
      const noise = ['p-door', 'p-cam', 'p-solar', 'p-battery'][Math.floor(random() * 4)];
      events.push(`e${n++},u${u},product_view,${noise},${t(3 + v)}`);
    }
  }
  const files: Record<string, string[]> = {
    'products.csv': ['id,name,category', ...PRODUCTS.map((p) => p.join(','))],
    'users.csv': ['id', ...Array.from({ length: USERS }, (_, u) => `u${u}`)],
    'events.csv': events,
  };
  return Object.entries(files).map(([name, lines]) => {
    writeFileSync(join(dir, name), lines.join('\n') + '\n');
    return join(dir, name);
  });
}

describe('graphrec train → write-back → related items (real Neo4j, real GraphSAGE)', () => {
  let db: GraphDb;
  let dir: string;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    dir = tempDir('train');
    await ingest(db, writeWorld(dir));
  });
  afterAll(() => db.close());

  it('trains, publishes a served run and finds the planted related item in the top 5', async () => {
    const models = join(dir, 'models');
    const result = await runCli(['train', '--epochs', '6', '--json', '--model-dir', models]);
    expect(result.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
    const run = await currentRun(db, 'embeddings');
    expect(run).toMatchObject({ id: summary.runId, status: 'complete' });
    expect(summary.written).toEqual({ User: USERS, Product: PRODUCTS.length });
    expect(existsSync(join(models, summary.runId))).toBe(true);
    expect((await currentEmbeddings(db))?.dimension).toBe(64);

    const related = await relatedItems(db, 'p-keypad', 5);
    expect(related.runId).toBe(summary.runId);
    expect(related.items.map((i) => i.productId)).toContain('p-sensor');
    const sensor = related.items.find((i) => i.productId === 'p-sensor')!;
    expect(sensor.explanation).toBe('100% of customers with Keypad also have Contact Sensor (80 of 80)');
  });

  it('recommend and segment use the new run', async () => {
    const rec = await runCli(['recommend', '--user', 'u3', '--k', '3', '--explain']);
    expect(rec.code).toBe(0);
    expect(rec.stdout).toMatch(/strategy embeddings/);
    const missing = await runCli(['recommend', '--user', 'nobody']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no user with id "nobody"');
    const seg = await runCli(['segment', '--graph', 'embeddings', '--min-size', '5']);
    expect(seg.code).toBe(0);
    expect(seg.stdout).toContain('segmented the kNN graph of embeddings run');
    // The default: the projection and the embeddings' kNN graph together, recorded on the run.
    const auto = await runCli(['segment', '--min-size', '5']);
    expect(auto.code).toBe(0);
    expect(auto.stdout).toContain('segmented the user–product projection plus the kNN graph of embeddings run');
    const segments = await currentRun(db, 'segments');
    expect(segments?.params).toMatchObject({ graph: 'combined', resolution: 0.5 });
  });
});
