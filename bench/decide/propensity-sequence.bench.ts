/**
 * Issue 11's propensity AUC with features from the sequence model (issue 12's HRNN): does HRNN's
 * view of a user — its user-level GRU state after their sessions, and the probability mass it puts
 * on each product category as the user's next item — bring the trees closer to the oracle, which
 * scores by the hidden type and the owned set?
 *
 * No leakage: the world is `graphrec propensity`'s (features before the cutoff, labels from the
 * generator's own window draw after it); HRNN is fitted on every user's sessions **before the
 * cutoff** (views, carts, purchases; 30-minute gap) — no label-window event exists in them, and
 * the labels are not read — and each user's state is replayed up to the cutoff
 * (libs/sequences user-features.ts). The same model serves every split (it never saw a label), so
 * the comparison with the base features is paired: same split, same trees, only the columns differ.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/decide/propensity-sequence.bench.ts \
 *     --world-seed 7 --splits 7,1,2,3 --out .data/propseq/w7.jsonl
 *   ... --world-seed 42 --splits 42,1,2,3,4,5,6,7 --variants base,seq --out .data/propseq/w42.jsonl
 *
 * Options: --users (20000), --action (protection-plan), --variants (base,action,seq,seq+u; also
 * seq-bag: seq with five boosters over five folds of the non-test users, bagging.ts; seq-reg: seq
 * with min child weight 10, column subsampling 0.5 and early stopping after 20 rounds;
 * seq-bag-reg: both), --epochs (3), --refit (false), --model-dir (cache: the fitted model, and the
 * users' sequence features as `features.bin` + `features.json`, are reused when present).
 *
 * Session 11's rule (fixed before the runs): variants are judged on worlds 7 and 11 (8 splits each:
 * 7 or 11, then 1–7) by the mean share of the oracle's AUC over the 16 runs; the winner alone is
 * then reported on the demo world (seed 42; splits 42, 1–7) beside base and seq.
 * One JSON line per (split, variant) to --out; a summary on stdout. Prints figures; never a test.
 */
import { CATALOG, propensityWorld } from '@graphrec/datagen';
import { evaluatePropensity, HIGH_VALUE_ACTIONS, worldFeatures, type EvaluateOptions, type ExtraFeatures, type ModelScores } from '@graphrec/decide';
import { DEFAULT_GAP_SECONDS, DEFAULT_ITEM_TYPES, fitServedSequenceModel, readSequenceModel, saveSequenceModel, sequenceUserFeatures, sessionize, StepModel, type ItemGroup, type Session, type SessionEvent } from '@graphrec/sequences';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const USERS = Number(arg('users', '20000'));
const WORLD_SEED = Number(arg('world-seed', '7'));
const SPLITS = arg('splits', String(WORLD_SEED)).split(',').map(Number);
const ACTION = arg('action', 'protection-plan');
const VARIANTS = arg('variants', 'base,action,seq,seq+u').split(',');
const EPOCHS = Number(arg('epochs', '3'));
const REFIT = arg('refit', 'false') === 'true';
const OUT = arg('out', `.data/propseq/w${WORLD_SEED}.jsonl`);
const FEATURES_ONLY = process.argv.includes('--features-only');
const MODEL_DIR = arg('model-dir', `.data/propseq/hrnn-w${WORLD_SEED}-u${USERS}-e${EPOCHS}${REFIT ? '-refit' : ''}`);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

async function main(): Promise<void> {
  mkdirSync(dirname(OUT), { recursive: true });
  console.log(`${new Date().toISOString()} load ${load()}; world seed ${WORLD_SEED}, ${USERS} users, ${ACTION}, splits ${SPLITS.join(',')}, variants ${VARIANTS.join(',')}`);
  const world = propensityWorld({ users: USERS, seed: WORLD_SEED, actions: HIGH_VALUE_ACTIONS });
  const action = world.actions.find((a) => a.name === ACTION);
  if (!action) throw new Error(`unknown action ${ACTION}`);

  // Sessions before the cutoff only: nothing of the label window reaches the sequence model.
  const types = new Set<string>(DEFAULT_ITEM_TYPES);
  const events: SessionEvent[] = [];
  for (const u of world.users) for (const e of u.events) if (e.t < world.cutoff && types.has(e.type)) events.push({ user: u.userId, item: e.product.id, t: e.t, type: e.type });
  const sessions = sessionize(events, { gapSeconds: DEFAULT_GAP_SECONDS, itemTypes: DEFAULT_ITEM_TYPES });
  const byUser = new Map<string, Session[]>();
  for (const s of sessions) if (s.user) (byUser.get(s.user) ?? byUser.set(s.user, []).get(s.user)!).push(s);
  for (const list of byUser.values()) list.sort((a, b) => a.times[0] - b.times[0]);

  if (!existsSync(join(MODEL_DIR, 'model.json'))) {
    const t0 = performance.now();
    const c0 = cpu();
    const fit = await fitServedSequenceModel(sessions, 'hrnn', { seed: 1, maxEpochs: EPOCHS, refit: REFIT, ...(REFIT ? {} : { patience: 1 }) }, (l) => console.log(`  hrnn: ${l}`));
    saveSequenceModel(MODEL_DIR, fit.model, fit.itemIds);
    console.log(`hrnn on ${fit.sessions} sessions before the cutoff (${fit.events} events): ${fit.model.chosenEpochs} epochs, ${((performance.now() - t0) / 1000).toFixed(0)} s wall, ${(cpu() - c0).toFixed(0)} CPU s, load ${load()}`);
    fit.model.net?.dispose();
  } else console.log(`hrnn: reusing ${MODEL_DIR}`);
  const files = readSequenceModel(MODEL_DIR);
  const model = new StepModel(files.json, files.weights);

  const categories = [...new Set(CATALOG.map((p) => p.category))].sort();
  const groups: ItemGroup[] = categories.map((c) => ({ name: c, itemIds: CATALOG.filter((p) => p.category === c).map((p) => p.id) }));
  const actionGroup: ItemGroup = { name: ACTION, itemIds: CATALOG.filter((p) => action.categories.includes(p.category)).map((p) => p.id) };
  const perUser = world.users.map((u) => byUser.get(u.userId) ?? []);
  const cached = join(MODEL_DIR, `features-u${USERS}.json`);
  let all: ExtraFeatures;
  let act: ExtraFeatures;
  if (existsSync(cached)) {
    const meta = JSON.parse(readFileSync(cached, 'utf8')) as { all: string[]; act: string[] };
    const buf = readFileSync(join(MODEL_DIR, `features-u${USERS}.bin`));
    const values = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    all = { names: meta.all, values: values.slice(0, USERS * meta.all.length) };
    act = { names: meta.act, values: values.slice(USERS * meta.all.length) };
    console.log(`sequence features: reusing ${cached}`);
  } else {
    const t1 = performance.now();
    all = sequenceUserFeatures(model, perUser, DEFAULT_GAP_SECONDS, groups, { userState: true });
    act = sequenceUserFeatures(model, perUser, DEFAULT_GAP_SECONDS, [actionGroup]);
    console.log(`sequence features for ${USERS} users: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    const both = new Float32Array(all.values.length + act.values.length);
    both.set(all.values);
    both.set(act.values, all.values.length);
    writeFileSync(join(MODEL_DIR, `features-u${USERS}.bin`), Buffer.from(both.buffer));
    writeFileSync(cached, JSON.stringify({ all: all.names, act: act.names }));
  }
  const pick = (f: ExtraFeatures, keep: (name: string) => boolean): ExtraFeatures => {
    const idx = f.names.map((n, i) => (keep(n) ? i : -1)).filter((i) => i >= 0);
    const d = f.names.length;
    const values = new Float32Array(USERS * idx.length);
    for (let u = 0; u < USERS; u++) idx.forEach((j, k) => (values[u * idx.length + k] = f.values[u * d + j]));
    return { names: idx.map((i) => f.names[i]), values };
  };
  const seq = pick(all, (n) => !n.startsWith('seq_u'));
  // Session 11's regularised trees: 167 training takers, 144 columns — fewer columns per tree,
  // bigger leaves, an earlier stop.
  const regularised: Pick<EvaluateOptions, 'params' | 'earlyStoppingRounds'> = { params: { min_child_weight: 10, colsample_bytree: 0.5 }, earlyStoppingRounds: 20 };
  const variants: Record<string, Omit<EvaluateOptions, 'seed'>> = {
    base: {},
    action: { extra: act },
    seq: { extra: seq },
    'seq+u': { extra: all },
    'seq-bag': { extra: seq, bag: 5 },
    'seq-reg': { extra: seq, ...regularised },
    'seq-bag-reg': { extra: seq, bag: 5, ...regularised },
  };

  if (FEATURES_ONLY) return;
  const baseFeatures = worldFeatures(world);
  const summary = new Map<string, number[]>();
  // The logistic baseline depends on the split and the columns only: fitted once per (split, columns).
  const logistic = new Map<ExtraFeatures | undefined, ModelScores>();
  for (const split of SPLITS) {
    logistic.clear();
    for (const variant of VARIANTS) {
      if (!(variant in variants)) throw new Error(`unknown variant ${variant}; known: ${Object.keys(variants).join(', ')}`);
      const c0 = cpu();
      const v = variants[variant];
      const r = evaluatePropensity(world, ACTION, { seed: split, baseFeatures, logisticScores: logistic.get(v.extra), ...v });
      logistic.set(v.extra, r.models.logistic);
      const share = r.targets.aucShareOfOracle;
      (summary.get(variant) ?? summary.set(variant, []).get(variant)!).push(share);
      const line = { worldSeed: WORLD_SEED, users: USERS, split, variant, features: r.features, oracleAuc: r.models.oracle.auc, auc: r.models.xgboost.auc, share, logisticAuc: r.models.logistic.auc, ece: r.models.xgboost.ece, rounds: r.xgboost.rounds, positives: r.positives, cpuSeconds: cpu() - c0, load: load(), at: new Date().toISOString() };
      appendFileSync(OUT, JSON.stringify(line) + '\n');
      console.log(`split ${split} ${variant.padEnd(11)} AUC ${r.models.xgboost.auc.toFixed(4)} / oracle ${r.models.oracle.auc.toFixed(4)} = ${(share * 100).toFixed(1)}%  logistic ${r.models.logistic.auc.toFixed(4)}  ECE ${r.models.xgboost.ece.toFixed(4)}  ${r.xgboost.rounds} rounds`);
    }
  }
  for (const [variant, shares] of summary) {
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    const sd = Math.sqrt(shares.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, shares.length - 1));
    console.log(`${variant.padEnd(11)} mean share of the oracle's AUC over ${shares.length} splits: ${(mean * 100).toFixed(1)}% (sd ${(sd * 100).toFixed(1)}, min ${(Math.min(...shares) * 100).toFixed(1)}, max ${(Math.max(...shares) * 100).toFixed(1)})`);
  }
  console.log(`${new Date().toISOString()} done, load ${load()}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
