import { GraphDb } from '@graphrec/neo4j';

/** Runs a command's work with one driver, sets the exit code it returns, and always closes the driver. */
export async function withDb(openDb: () => GraphDb, work: (db: GraphDb) => Promise<number | void>): Promise<void> {
  const db = openDb();
  try {
    const code = await work(db);
    if (typeof code === 'number') process.exitCode = code;
  } finally {
    await db.close();
  }
}
