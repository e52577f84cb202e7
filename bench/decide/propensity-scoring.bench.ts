/**
 * The "1M-user propensity scoring < 2 min", measured. A propensity model (protection-plan by
 * default) is trained on a generated world of WORLD users (as `graphrec propensity` trains it),
 * saved and loaded back as serving and the export load it (one XGBoost thread); then USERS feature
 * rows — the world's real rows repeated, so trees take the paths real users take — are scored in
 * batches of BATCH (trees + isotonic calibration) and fed to the export's bounded top-N heap.
 *
 * The feature extraction's own cost is measured separately on the world's users (counting events
 * per (type, product), then writeFeatures) and extrapolated to USERS; the graph read that feeds it
 * in `graphrec export propensities` is a Neo4j cost, measured by timing that command (docs/benchmarks.md).
 * Prints figures; never a test.
 *   npm run bench:propensity      (env USERS=1000000 WORLD=20000 BATCH=10000 ACTION=protection-plan TOP=10000 SEED=42 MODEL=dir)
 */
import { propensityWorld } from '@graphrec/datagen';
import { aggregateEvents, FEATURE_NAMES, HIGH_VALUE_ACTIONS, loadPropensityModel, PropensityScorer, savePropensityModel, trainPropensity, writeFeatures, type PropensityManifest } from '@graphrec/decide';
import { TopK } from '@graphrec/recommend';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const USERS = Number(process.env.USERS ?? 1_000_000);
const WORLD = Number(process.env.WORLD ?? 20_000);
const BATCH = Number(process.env.BATCH ?? 10_000);
const ACTION = process.env.ACTION ?? 'protection-plan';
const TOP = Number(process.env.TOP ?? 10_000);
const SEED = Number(process.env.SEED ?? 42);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const d = FEATURE_NAMES.length;
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${USERS} users, world of ${WORLD}, batches of ${BATCH}, ${ACTION}, top ${TOP}`);

const world = propensityWorld({ users: WORLD, seed: SEED, actions: HIGH_VALUE_ACTIONS });
const a = world.actions.findIndex((x) => x.name === ACTION);

// Feature extraction, timed on its own.
let t0 = performance.now();
let c0 = cpu();
const inputs = world.users.map((u) => aggregateEvents(u, world.cutoff));
const x = new Float32Array(WORLD * d);
inputs.forEach((input, i) => writeFeatures(input, world.cutoff, x, i * d));
const featureSeconds = (performance.now() - t0) / 1000;
const featureCpu = cpu() - c0;
console.log(`features: ${WORLD} users in ${featureSeconds.toFixed(2)} s (${featureCpu.toFixed(2)} CPU s): ${((featureSeconds / WORLD) * 1e6).toFixed(1)} µs/user, ${((featureSeconds * USERS) / WORLD).toFixed(1)} s wall (${((featureCpu * USERS) / WORLD).toFixed(1)} CPU s) per ${USERS} users extrapolated`);

// Train as the CLI does (60% train, 20% validation), save, load back as served — or, with MODEL=DIR,
// a served model's folder (e.g. .data/models/<run>/propensity/protection-plan: trained on the graph).
const dir = mkdtempSync(join(tmpdir(), 'graphrec-propensity-bench-'));
let modelDir = process.env.MODEL;
if (!modelDir) {
  const y = Uint8Array.from(world.users, (u) => u.labels[a]);
  const nTrain = Math.floor(WORLD * 0.6);
  const nValid = Math.floor(WORLD * 0.2);
  const trained = trainPropensity({ x: x.subarray(0, nTrain * d), y: y.subarray(0, nTrain) }, { x: x.subarray(nTrain * d, (nTrain + nValid) * d), y: y.subarray(nTrain, nTrain + nValid) }, { seed: SEED });
  const trainedScorer = new PropensityScorer(trained.booster, trained.calibration);
  savePropensityModel(dir, trainedScorer, { format: 'graphrec-propensity', version: 1, action: ACTION, featureNames: [...FEATURE_NAMES], calibration: trained.calibration } as PropensityManifest);
  trainedScorer.free();
  modelDir = dir;
}
const { scorer } = loadPropensityModel(modelDir);
const trees = (JSON.parse(readFileSync(join(modelDir, 'booster.json'), 'utf8')) as { learner: { gradient_booster: { model: { trees: unknown[] } } } }).learner.gradient_booster.model.trees.length;
console.log(`model: ${modelDir === dir ? 'trained here' : modelDir}, ${trees} trees (depth 4), ${scorer.calibration.xs.length} calibration steps`);

// Scoring USERS rows in batches, with the export's top-N heap.
const batch = new Float32Array(BATCH * d);
const heap = new TopK(TOP);
t0 = performance.now();
c0 = cpu();
let scored = 0;
let sum = 0;
while (scored < USERS) {
  const n = Math.min(BATCH, USERS - scored);
  for (let i = 0; i < n; i++) {
    const src = (scored + i) % WORLD;
    batch.set(x.subarray(src * d, (src + 1) * d), i * d);
  }
  const p = scorer.score(batch.subarray(0, n * d), n);
  for (let i = 0; i < n; i++) {
    heap.push(scored + i, p[i]);
    sum += p[i];
  }
  scored += n;
}
const seconds = (performance.now() - t0) / 1000;
const cpuSeconds = cpu() - c0;
scorer.free();
rmSync(dir, { recursive: true, force: true });
console.log(`scoring: ${scored} users in ${seconds.toFixed(1)} s wall (${cpuSeconds.toFixed(1)} CPU s), ${Math.round(scored / seconds)} users/s; mean propensity ${(sum / scored).toFixed(4)}, top ${TOP} from ${heap.result().scores[0].toFixed(4)}`);
const total = seconds + (featureSeconds * USERS) / WORLD;
console.log(`1M-user target (< 120 s): scoring ${seconds.toFixed(1)} s + features ${((featureSeconds * USERS) / WORLD).toFixed(1)} s = ${total.toFixed(1)} s — ${total < 120 ? 'met' : 'NOT met'}; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
