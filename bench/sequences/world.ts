/** The demo world's sessions as docs/sequences.md measures them (seed 7; views, carts, purchases; 30-minute gap). */
import { generateWorld } from '@graphrec/datagen';
import { DEFAULT_ITEM_TYPES, Session, readWorldEvents, sessionize } from '@graphrec/sequences';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `returnVisits: false` gives the generator 2.1.0 world (no return visits after alerts), for the old tables. */
export async function worldSessions(users: number, seed = 7, returnVisits = !process.argv.includes('--no-return-visits')): Promise<Session[]> {
  const dir = mkdtempSync(join(tmpdir(), 'seq-world-'));
  try {
    await generateWorld({ users, seed, outDir: dir, returnVisits });
    const read = await readWorldEvents(join(dir, 'events.csv'));
    return sessionize(read.events, { itemTypes: DEFAULT_ITEM_TYPES });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
