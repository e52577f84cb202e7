/**
 * Baselines on a large heavy-tailed implicit catalogue (the ranker's ≥10,000-item target):
 * generates the seeded synthetic world (libs/eval synthetic.ts), writes it as the interactions CSV
 * `graphrec evaluate --format interactions` reads, splits it item-stratified (seed 42), chooses
 * every hyper-parameter on a validation carve of train, then scores item-kNN, co-occurrence and
 * EASE once on test with their fit time and memory.
 *
 *   npm run bench:recommend -- [--users 12000] [--items 10500] [--seed 42] [--lambda 10000] [--eval-users 4000]
 *
 * Validation and test are scored on seeded samples of users (3,000 and `--eval-users`): scoring
 * one user with EASE touches every item, and with 12,000 users that costs more than the fit.
 *
 * The weighting (binary / log1p / confidence) is chosen once per dataset with item-kNN, the cheap
 * model, and reused by EASE, whose λ is then walked on validation from `--lambda`: every EASE fit
 * is a dense n³ inverse (minutes at this size), so the full per-model grid `graphrec evaluate`
 * uses on MovieLens would take an hour here.
 */
import { evaluateRanking, generateSyntheticImplicit, Interactions, itemStratifiedSplit, sampleTestUsers, settingLabel, SYNTHETIC_DEFAULTS, tuneOnValidation, writeInteractionsCsv } from '@graphrec/eval';
import { CooccurrenceRecommender, EaseRecommender, easeBytes, gib, ItemKnnRecommender, parseWeighting, Recommender, trainDataFrom } from '@graphrec/recommend';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EASE_LAMBDAS, ITEMKNN_NEIGHBOURS, WEIGHTINGS } from '../../apps/cli/src/commands/evaluate-models';
import { arg } from '../support/args';

const K = 10;
/** Users scored per validation run (seeded sample). */
const VALIDATION_USERS = 3_000;
const OUT = join(__dirname, '..', '..', '.data', 'bench', 'recommend');

interface Row {
  model: string;
  setting: string;
  map: number;
  ndcg: number;
  precision: number;
  recall: number;
  fitSeconds: number;
  /** Resident memory after the fit (the process's peak is reported once at the end). */
  rssGiB: number;
}

function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

interface Scored {
  test: Interactions;
  users: Int32Array;
}

async function score(name: string, setting: string, model: Recommender, data: Interactions, train: Interactions, scored: Scored): Promise<Row> {
  const trainData = trainDataFrom(data.userIds.length, data.itemIds.length, train);
  const started = performance.now();
  await model.fit(trainData);
  const fitSeconds = (performance.now() - started) / 1000;
  const rssGiB = process.memoryUsage().rss / 2 ** 30;
  const recs: (Int32Array | undefined)[] = new Array(data.userIds.length);
  for (const u of scored.users) recs[u] = model.recommend(u, K);
  const m = evaluateRanking(recs, scored.test, K, { train });
  log(`${name} (${setting}): MAP ${m.map.toFixed(4)} nDCG ${m.ndcg.toFixed(4)}, fit ${fitSeconds.toFixed(1)} s`);
  return { model: name, setting, map: m.map, ndcg: m.ndcg, precision: m.precision, recall: m.recall, fitSeconds, rssGiB };
}

async function main(): Promise<void> {
  const users = arg('users', 12_000);
  const evalUsers = arg('eval-users', 4_000);
  const items = arg('items', 10_500);
  const seed = arg('seed', SYNTHETIC_DEFAULTS.seed);
  // Start of the λ walk: where a first run's walk (from 2,000) went on this data; the walk still
  // moves both ways on validation.
  const lambdaStart = arg('lambda', 10_000);
  mkdirSync(OUT, { recursive: true });

  let started = performance.now();
  const data = generateSyntheticImplicit({ users, items, seed });
  const generateSeconds = (performance.now() - started) / 1000;
  const csv = join(OUT, `synthetic-u${users}-i${items}-s${seed}.csv`);
  writeInteractionsCsv(data, csv);
  const n = data.itemIds.length;
  log(`generated ${data.users.length} interactions, ${data.userIds.length} users, ${n} items in ${generateSeconds.toFixed(1)} s -> ${csv}`);
  const { train, test } = itemStratifiedSplit(data, { ratio: 0.75, seed: 42 });
  const scored = sampleTestUsers(test, evalUsers, 42);
  const tune = { protocol: 'item-stratified' as const, seed: 42, k: K, maxUsers: VALIDATION_USERS };
  const rows: Row[] = [];
  const tuning: Record<string, string> = {};

  // Weighting per dataset, with unpruned item-kNN.
  started = performance.now();
  const knnGrid = {
    grid: { weighting: WEIGHTINGS, neighbours: ITEMKNN_NEIGHBOURS },
    make: (s: Record<string, string | number>) => new ItemKnnRecommender({ weighting: parseWeighting(String(s.weighting)), neighbours: s.neighbours === 'all' ? 'all' : Number(s.neighbours) }),
  };
  const knn = await tuneOnValidation(knnGrid, train, tune);
  tuning.itemknn = knn.tried.map((t) => `${settingLabel(t.setting)}: ${t.value.toFixed(4)}`).join('; ');
  log(`item-kNN on validation (${((performance.now() - started) / 1000).toFixed(0)} s): ${tuning.itemknn}`);
  const weighting = String(knn.setting.weighting);
  rows.push(await score('itemknn', settingLabel(knn.setting), knnGrid.make(knn.setting), data, train, scored));
  // The pruned variants for comparison (test figures as diagnostics only; nothing is chosen on them).
  for (const neighbours of ['all', 50, 200]) {
    if (knn.setting.neighbours === neighbours) continue;
    rows.push(await score('itemknn', settingLabel({ weighting, neighbours }), knnGrid.make({ weighting, neighbours }), data, train, scored));
  }
  rows.push(await score('cooccurrence', 'binary, neighbours=50', new CooccurrenceRecommender(), data, train, scored));

  log(`EASE needs ${gib(easeBytes(n))} for ${n} items`);
  started = performance.now();
  const lambdas = [lambdaStart, ...EASE_LAMBDAS.filter((l) => l !== lambdaStart)];
  const ease = await tuneOnValidation(
    { grid: { lambda: lambdas }, make: (s) => new EaseRecommender({ lambda: Number(s.lambda), weighting: parseWeighting(weighting), onProgress: progress('EASE') }) },
    train,
    tune,
  );
  tuning.ease = ease.tried.map((t) => `${settingLabel(t.setting)}: ${t.value.toFixed(4)}`).join('; ');
  log(`EASE λ on validation (${((performance.now() - started) / 1000).toFixed(0)} s): ${tuning.ease}`);
  const easeModel = new EaseRecommender({ lambda: Number(ease.setting.lambda), weighting: parseWeighting(weighting), onProgress: progress('EASE') });
  rows.push(await score('ease', `lambda=${ease.setting.lambda}, weighting=${weighting}`, easeModel, data, train, scored));
  const peakGiB = process.resourceUsage().maxRSS / 2 ** 20;

  console.log(`\nsynthetic implicit: ${data.users.length} interactions, ${data.userIds.length} users, ${n} items (generated in ${generateSeconds.toFixed(1)} s); item-stratified 75/25, seed 42, k ${K}, test scored on ${scored.users.length} sampled users; EASE kernel ${easeModel.kernelName}`);
  console.log('| model | setting (chosen on validation) | MAP | nDCG@10 | P@10 | R@10 | fit s | RSS after fit GiB |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.model} | ${r.setting} | ${r.map.toFixed(4)} | ${r.ndcg.toFixed(4)} | ${r.precision.toFixed(4)} | ${r.recall.toFixed(4)} | ${r.fitSeconds.toFixed(1)} | ${r.rssGiB.toFixed(2)} |`);
  console.log(`peak RSS ${peakGiB.toFixed(2)} GiB`);
  writeFileSync(join(OUT, 'large-catalogue.json'), JSON.stringify({ users: data.userIds.length, items: n, interactions: data.users.length, seed, generateSeconds, rows, tuning, peakGiB }, null, 2) + '\n');
}

/** Progress of one EASE inverse on stderr, at most every 10%. */
function progress(label: string): (done: number) => void {
  let last = 0;
  const started = performance.now();
  return (done) => {
    if (done - last < 0.1 && done < 1) return;
    last = done;
    log(`${label} inverse ${(100 * done).toFixed(0)}% (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
