import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { withDataset } from '../../libs/eval/src/testing/datasets';
import { count, resetDb, tempDir, testDb } from '../support/db';

/** The public dataset, found by the one resolver (libs/eval/src/datasets.ts), never committed. */
const movielens = withDataset('movielens-100k');
const MOVIELENS = movielens.dir;

movielens.describe('MovieLens 100K onto the graph model (real Neo4j)', () => {
  let db: GraphDb;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
  });
  afterAll(() => db?.close());

  it('loads 943 users, 1,682 movies and 100,000 ratings, latin-1 titles intact', async () => {
    // The shared folder is read-only: quarantine files go to a folder of ours.
    const summary = await ingest(db, [MOVIELENS], { format: 'movielens', rejectedDir: tempDir('ml') });
    expect(summary.rejected).toBe(0);
    expect(await count(db, 'MATCH (u:User) WHERE u.occupation IS NOT NULL RETURN count(u) AS n')).toBe(943);
    expect(await count(db, "MATCH (p:Product {category: 'movie'}) RETURN count(p) AS n")).toBe(1682);
    expect(await count(db, "MATCH (:User)-[:PERFORMED]->(e:Event {type: 'rating'})-[:ABOUT]->(:Product) RETURN count(e) AS n")).toBe(100_000);
    const [toyStory] = await db.read<{ name: string; genres: string[]; released: string }>(
      "MATCH (p:Product {id: '1'}) RETURN p.name AS name, p.genres AS genres, toString(p.release_date) AS released",
    );
    expect(toyStory).toEqual({ name: 'Toy Story (1995)', genres: ['Animation', "Children's", 'Comedy'], released: '1995-01-01' });
    // Latin-1 accents decoded, not mangled into replacement characters.
    expect(await count(db, "MATCH (p:Product) WHERE p.name CONTAINS 'é' RETURN count(p) AS n")).toBeGreaterThan(0);
    expect(await count(db, "MATCH (p:Product) WHERE p.name CONTAINS '\uFFFD' RETURN count(p) AS n")).toBe(0);
    const [user] = await db.read<{ age: number; gender: string; occupation: string; zip: string }>(
      "MATCH (u:User {id: '1'}) RETURN u.age AS age, u.gender AS gender, u.occupation AS occupation, u.zip AS zip",
    );
    expect(user).toEqual({ age: 24, gender: 'M', occupation: 'technician', zip: '85711' });
    const [rating] = await db.read<{ value: number; at: string }>(
      "MATCH (e:Event {id: 'ml-196-242'}) RETURN e.value AS value, toString(e.timestamp) AS at",
    );
    expect(rating).toEqual({ value: 3, at: '1997-12-04T15:55:49Z' });
  });
});
