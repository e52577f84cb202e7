/**
 * The served graph ranker offline on a generated world: hit rate@k on truth/holdout_purchases.csv
 * through the holdout Scorer, beside co-occurrence (and GraphSAGE with --graphsage), the share of
 * top-5 lists that substitute a held product (same category) against that share among the actual
 * held-back purchases, and the answers before/after for users the issue names (an owner of the
 * Battery Video Doorbell Plus, a Protection Plan Plus subscriber).
 *
 *   npx graphrec generate --users 20000 --seed 42 --out /tmp/rg20k
 *   npx tsx --tsconfig tsconfig.base.json bench/rank/graph-holdout.bench.ts --path /tmp/rg20k [--k 10] [--graphsage] [--epochs N] [--seeds 1,2]
 *     [--with-sequence [--sequence-epochs 10] [--sequence-model <served model dir>]]
 *
 * --with-sequence (issue 12 §4) adds a second ranker, `ranker+seq`, with the sequence model's
 * next-item score among its features: HRNN trained on the sessions before the ranker's carve cutoff
 * (each user's state replayed over them) for the trees, and on all sessions for scoring — as
 * `graphrec train-sequence` serves it. Both rankers are printed, so the feature's effect is read
 * off one run.
 */
import { embedAll, initTf, trainGraphSage } from '@graphrec/gnn';
import { CooccurrenceRecommender, hitRates, Scorer, scorerFromEmbeddings, scorerFromRecommender, trainDataFromGraph } from '@graphrec/recommend';
import { trainGraphRankerScorer, GraphSideData } from '@graphrec/rank';
import { DEFAULT_GAP_SECONDS, DEFAULT_ITEM_TYPES, historyProductScores, readSequenceModel, readWorldEvents, SERVED_SEQUENCE_DEFAULTS, sessionize, StepModel } from '@graphrec/sequences';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { arg } from '../support/args';
import { loadHoldoutWorld } from '../support/holdout-world';
import { servedStepModel } from '../sequences/step-model';

function text(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const path = text('path', '/tmp/rg20k');
  const k = arg('k', 10);
  const { graph, catalog, pairs, held } = await loadHoldoutWorld(path);
  const ids = graph.nodes.Product.ids;
  const category = (p: number): string => {
    const row = graph.features.Product.data.subarray(p * graph.features.Product.cols, (p + 1) * graph.features.Product.cols);
    const col = graph.features.Product.columns.findIndex((c, i) => c.startsWith('category=') && row[i] === 1);
    return col < 0 ? '' : graph.features.Product.columns[col].slice('category='.length);
  };
  const isSubstitute = (user: number, p: number): boolean => {
    const h = held(user);
    return !h.has(p) && [...h].some((q) => category(q) === category(p));
  };
  const scorers: Record<string, Scorer> = {};
  const cooc = new CooccurrenceRecommender();
  cooc.fit(trainDataFromGraph(graph, 'interacted'));
  scorers.cooccurrence = scorerFromRecommender(cooc, k);
  let side: GraphSideData = { catalog };
  if (process.argv.includes('--graphsage')) {
    await initTf();
    const epochs = arg('epochs', 0);
    const model = await trainGraphSage(graph, { seed: 42, ...(epochs ? { epochs } : {}) });
    const e = embedAll(model, graph);
    scorers.graphsage = scorerFromEmbeddings(e.User, e.Product, e.dimension, k);
    if (process.argv.includes('--with-embeddings')) side = { ...side, embeddings: e };
  }
  // Ranker seeds (`--seeds 1,2`; default 42): the sequence models below are fitted once (seed 42,
  // as train-sequence's default) and every seed's ranker is trained with and without seq_*.
  const seeds = text('seeds', '42').split(',').map(Number);
  const freed: { free(): void }[] = [];
  let sequenceSide: { sequence: NonNullable<GraphSideData['sequence']>; cutSequence: NonNullable<GraphSideData['sequence']> } | null = null;
  if (process.argv.includes('--with-sequence')) {
    await initTf();
    const read = await readWorldEvents(join(path, 'events.csv'));
    const sessions = sessionize(read.events, { itemTypes: DEFAULT_ITEM_TYPES });
    const cutSeconds = (graph.asOf - 30 * 86_400_000) / 1000; // the ranker's carve: labelDays 30
    const userIndex = (id: string) => graph.nodes.User.indexOf(id);
    const nUsers = graph.nodes.User.ids.length;
    // The served configuration by default (SERVED_SEQUENCE_DEFAULTS: ≤ 10 epochs chosen on the carve, then a refit).
    const epochs = arg('sequence-epochs', SERVED_SEQUENCE_DEFAULTS.maxEpochs ?? 10);
    const s0 = performance.now();
    // Sessions that start before the cut, cut at it: nothing of the label window reaches the carve's model.
    const before = sessions.filter((s) => s.times[0] < cutSeconds).map((s) => {
      const n = s.times.findIndex((t) => t >= cutSeconds);
      return n < 0 ? s : { ...s, items: s.items.slice(0, n), times: s.times.slice(0, n) };
    });
    const cutModel = await servedStepModel(before, epochs);
    const cutSequence = historyProductScores(cutModel, before, userIndex, nUsers, ids, DEFAULT_GAP_SECONDS, cutSeconds);
    // `--sequence-model DIR`: the served model's files (train-sequence on the same world) instead of a second fit.
    const servedDir = text('sequence-model', '');
    // A train-sequence still running writes model.json last (after weights.bin): wait for it.
    while (servedDir && !existsSync(join(servedDir, 'model.json'))) await new Promise((r) => setTimeout(r, 10_000));
    const fullModel = servedDir ? (() => { const f = readSequenceModel(servedDir); return new StepModel(f.json, f.weights); })() : await servedStepModel(sessions, epochs);
    const sequence = historyProductScores(fullModel, sessions, userIndex, nUsers, ids, DEFAULT_GAP_SECONDS);
    process.stdout.write(`sequence models (carve${servedDir ? `; served from ${servedDir}` : ' and full'}) trained and replayed in ${((performance.now() - s0) / 1000).toFixed(1)} s\n`);
    sequenceSide = { sequence, cutSequence };
  }
  for (const seed of seeds) {
    const tag = seeds.length > 1 || seed !== 42 ? ` s${seed}` : '';
    const t0 = performance.now();
    const trained = await trainGraphRankerScorer(graph, k, side, { seed });
    const trainSeconds = (performance.now() - t0) / 1000;
    scorers[`ranker${tag}`] = trained.scorer;
    freed.push(trained.ranker);
    process.stdout.write(`held-back purchases: ${pairs.length}; ranker${tag} trained in ${trainSeconds.toFixed(1)} s: ${JSON.stringify(trained.report)}\n`);
    if (sequenceSide) {
      const withSeq = await trainGraphRankerScorer(graph, k, { ...side, sequence: sequenceSide.sequence }, { seed, cutSequence: sequenceSide.cutSequence });
      scorers[`ranker+seq${tag}`] = withSeq.scorer;
      freed.push(withSeq.ranker);
      process.stdout.write(`ranker+seq${tag}: ${JSON.stringify({ validationNdcg: withSeq.report.validationNdcg, chosen: withSeq.report.chosen })} (ranker: ${trained.report.validationNdcg})\n`);
    }
  }
  const heldBackSubstitute = pairs.filter((p) => isSubstitute(p.user, p.product)).length / pairs.length;
  process.stdout.write(`share of held-back purchases substituting a held product (same category): ${heldBackSubstitute.toFixed(4)}\n`);
  const users = [...new Set(pairs.map((p) => p.user))];
  for (const [name, scorer] of Object.entries(scorers)) {
    const started = performance.now();
    const rates = hitRates(pairs, scorer, held);
    let sub = 0;
    let slots = 0;
    for (const u of users) {
      const top = scorer(u, held(u)).subarray(0, 5);
      for (const p of top) (sub += isSubstitute(u, p) ? 1 : 0), slots++;
    }
    process.stdout.write(`${name.padEnd(13)} hit rate@${k} ${rates.hitRate.toFixed(4)}  user hit rate ${rates.userHitRate.toFixed(4)}  top-5 substitute share ${(sub / slots).toFixed(4)}  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  // The users the issue names: first few holders of each product, before (co-occurrence, GraphSAGE as served) and after (ranker); * marks a substitute.
  for (const product of ['P-DOORBELL-PLUS', 'P-PLAN-PLUS']) {
    const p = graph.nodes.Product.indexOf(product);
    if (p === undefined) continue;
    const holders = users.filter((u) => held(u).has(p)).slice(0, 3);
    for (const u of holders) {
      const names = (list: Int32Array): string => Array.from(list.subarray(0, 5), (q) => `${ids[q]}${isSubstitute(u, q) ? '*' : ''}`).join(', ');
      const bought = pairs.filter((x) => x.user === u).map((x) => ids[x.product]).join(', ');
      process.stdout.write(`${graph.nodes.User.ids[u]} holds [${[...held(u)].map((q) => ids[q]).join(', ')}], bought later [${bought}]\n`);
      for (const [name, scorer] of Object.entries(scorers)) process.stdout.write(`  ${name.padEnd(13)} ${names(scorer(u, held(u)))}\n`);
    }
  }
  for (const r of freed) r.free();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
