// The served embeddings run's ranker record: printed, or set to the JSON in argv[2] (to compare two rankers on one database: bench/export/ranker-size-1m.sh).
import { GraphDb, resolveNeo4jConfig } from '@graphrec/neo4j';
async function main(): Promise<void> {
  const db = new GraphDb(resolveNeo4jConfig());
  try {
    const rows = await db.read<{ id: string; ranker: string | null }>("MATCH (r:Run {kind: 'embeddings', current: true}) RETURN r.id AS id, r.ranker AS ranker");
    console.log(JSON.stringify(rows));
    if (process.argv[2]) {
      await db.write((tx) => tx.run('MATCH (r:Run {id: $id}) SET r.ranker = $ranker', { id: rows[0].id, ranker: process.argv[2] }));
      console.log('set');
    }
  } finally {
    await db.close();
  }
}
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
