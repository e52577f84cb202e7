/**
 * The setup most API and integration specs share: an empty test database, a generated world
 * loaded into it, and one seeded epoch of embeddings trained and published, so the API has a
 * served run. One place for it (six specs had written it out).
 */
import { generateWorld } from '@graphrec/datagen';
import { ingest } from '@graphrec/ingest';
import type { GraphDb } from '@graphrec/neo4j';
import { join } from 'node:path';
import { runCli } from './cli';
import { resetDb, tempDir } from './db';

export interface TrainedWorld {
  /** The spec's scratch folder. */
  dir: string;
  /** The generated world's files (dir/world). */
  world: string;
  /** The model folder the embeddings run was saved to (dir/models): later training steps use it too. */
  models: string;
}

export async function trainedWorld(db: GraphDb, options: { name: string; users: number; seed: number }): Promise<TrainedWorld> {
  await resetDb(db);
  const dir = tempDir(options.name);
  const world = join(dir, 'world');
  const models = join(dir, 'models');
  await generateWorld({ users: options.users, seed: options.seed, outDir: world });
  await ingest(db, [world]);
  const train = await runCli(['train', '--epochs', '1', '--json', '--model-dir', models]);
  if (train.code !== 0) throw new Error(`graphrec train failed: ${train.stderr}`);
  return { dir, world, models };
}
