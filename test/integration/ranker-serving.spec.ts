import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { clearServedRanker, rankForUser, recommendForUser } from '@graphrec/serving';
import { currentRun } from '@graphrec/writeback';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { resetDb, tempDir, testDb } from '../support/db';

// The served ranker through the real stack: a small generated world ingested into Neo4j, GraphSAGE
// embeddings (few epochs), `graphrec train-ranker`, then the serving reads. Expectations are about
// behaviour (which path answered, explanations from the model, owned marked, one score per pair),
// never about a quality figure.
describe('graphrec train-ranker → serving with strategy ranker (real Neo4j, real XGBoost)', () => {
  let db: GraphDb;
  let dir: string;
  let users: string[];
  let repeatCategories: string[] = [];

  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    clearServedRanker();
    dir = tempDir('ranker');
    const generated = await runCli(['generate', '--users', '600', '--seed', '7', '--out', join(dir, 'world')]);
    expect(generated.code).toBe(0);
    await ingest(db, [join(dir, 'world')]);
    const trained = await runCli(['train', '--epochs', '2', '--model-dir', join(dir, 'models')]);
    expect(trained.code).toBe(0);
    // Users holding a product, with some history: the ones whose answers say the most.
    users = (await db.read<{ id: string }>('MATCH (u:User)-[:OWNS]->(:Device) WITH u, count(*) AS n WHERE n >= 2 RETURN u.id AS id ORDER BY id LIMIT 5')).map((r) => r.id);
    expect(users.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    clearServedRanker();
    await db.close();
  });

  it('before a ranker: embeddings answers, and rank and recommendations agree on a pair', async () => {
    const rec = await recommendForUser(db, users[0], 5);
    expect(rec.strategy).toBe('embeddings');
    const top = rec.items[0];
    const ranked = await rankForUser(db, users[0], [top.productId]);
    expect(ranked.items[0].score).toBeCloseTo(top.score, 5);
  });

  it('trains the ranker, saves it with the run and records it there', async () => {
    const result = await runCli(['train-ranker', '--json', '--model-dir', join(dir, 'models'), '--label-days', '60']);
    expect(result.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
    const run = await currentRun(db, 'embeddings');
    expect(summary.runId).toBe(run?.id);
    expect(existsSync(join(summary.path, 'booster.json'))).toBe(true);
    expect(existsSync(join(summary.path, 'manifest.json'))).toBe(true);
    expect((run?.metrics as { ranker?: { trainRows: number } }).ranker?.trainRows).toBeGreaterThan(0);
    expect(summary.featureNames).toEqual(expect.arrayContaining(['substitute', 'compatible_held', 'cooc_score', 'ease_score']));
    repeatCategories = JSON.parse(readFileSync(join(summary.path, 'manifest.json'), 'utf8')).state.repeatCategories;
    // The size (default: every round up to the best validation score): the kept trees score within the tolerance of the
    // best round, and the saved booster holds exactly them (what serving and the export pay for).
    const r = summary.report as { trees: number; validationCurve: number[]; validationNdcg: number; bestValidationNdcg: number; sizeTolerance: number; validationNdcgSe: number };
    expect(r.trees).toBeGreaterThan(0);
    expect(r.trees).toBeLessThanOrEqual(r.validationCurve.length);
    expect(r.sizeTolerance).toBe(0); // the default keeps every round up to the best
    expect(r.validationNdcg).toBeGreaterThanOrEqual(r.bestValidationNdcg - r.sizeTolerance - 1e-9);
    const booster = JSON.parse(readFileSync(join(summary.path, 'booster.json'), 'utf8'));
    expect(Number(booster.learner.gradient_booster.model.gbtree_model_param.num_trees)).toBe(r.trees);
  });

  it('serves with the ranker: strategy, model explanations, owned marked, one score per pair', async () => {
    for (const user of users) {
      const rec = await recommendForUser(db, user, 5);
      expect(rec.strategy).toBe('ranker');
      expect(rec.items.length).toBe(5);
      // Held products come back only in categories the data says people buy again, marked owned.
      expect(rec.items.every((i) => (!i.owned || repeatCategories.includes(i.category ?? '')) && i.explanation.length > 0)).toBe(true);
      const scores = rec.items.map((i) => i.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);

      const owned = (await db.read<{ id: string }>('MATCH (:User {id: $user})-[:OWNS]->(:Device)-[:INSTANCE_OF]->(p:Product) RETURN p.id AS id LIMIT 1', { user }))[0].id;
      const ranked = await rankForUser(db, user, [owned, ...rec.items.map((i) => i.productId)]);
      expect(ranked.strategy).toBe('ranker');
      expect(ranked.items.find((i) => i.productId === owned)?.owned).toBe(true);
      for (const item of rec.items) expect(ranked.items.find((i) => i.productId === item.productId)?.score).toBe(item.score);
    }
    // Some answer somewhere says why in the graph's terms (a complement of an owned base, or co-holding).
    const all = await Promise.all(users.map((u) => recommendForUser(db, u, 5)));
    const kinds = new Set(all.flatMap((a) => a.items.flatMap((i) => i.evidence.map((e) => e.kind))));
    expect([...kinds].some((k) => k === 'owns' || k === 'purchased')).toBe(true);
  });

  it('falls back to embeddings when the ranker files are gone, saying so in the strategy', async () => {
    const run = await currentRun(db, 'embeddings');
    await db.write((tx) => tx.run("MATCH (r:Run {id: $id}) SET r.ranker = '{\"path\":\"/nonexistent\"}'", { id: run?.id }));
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const rec = await recommendForUser(db, users[0], 3);
      expect(rec.strategy).toBe('embeddings');
      expect(warn).toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
