/**
 * Chooses the session blend weight of `recommendations` (issue 12 §4) on validation sessions, never
 * on test: the world's main files are carved in time at T = cutoff − 30 days; the served ranker and
 * the served HRNN are trained as `graphrec train-ranker` / `train-sequence` train them, on the files
 * before T only; the validation sessions are the sessions that start in [T, cutoff) — what users did
 * after the models' data, which neither model saw. The world's held-back purchases are not read.
 *
 * For each prefix of each validation session (HRNN's state replayed over the user's sessions before
 * it, as serving seeds and advances it), the base answer's 2k candidates (the ranker's top 2k
 * eligible products at T) are re-ranked by `blendSessionScores` for each weight w, and the next
 * event's item is looked up in the top k: hit rate@k and MRR@k per w, a JSON and an SVG curve.
 * The base is the ranker's answer at T (the session's own views are not added to its input).
 *
 *   npx graphrec generate --users 20000 --seed 42 --out .data/rg20k
 *   npx tsx --tsconfig tsconfig.base.json bench/sequences/blend.bench.ts --path .data/rg20k [--k 10] [--sequence-epochs 3] [--out .data/blend]
 */
import { renderLineChart } from '@graphrec/eval';
import { projectFromFiles } from '@graphrec/projection';
import { eligible, readCatalogFile, trainGraphRankerScorer, userAttributes, userInputFromView, viewAt } from '@graphrec/rank';
import { DEFAULT_GAP_SECONDS, DEFAULT_ITEM_TYPES, Session, SessionState, advanceSession, blendSessionScores, readWorldEvents, replayHistory, sessionize } from '@graphrec/sequences';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg } from '../support/args';
import { servedStepModel } from './step-model';

const DAY = 86_400;
const WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

function text(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** The world's main files with only what happened before `cutIso` (ISO strings of one format compare as times). */
function carveWorld(path: string, cutIso: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'blend-carve-'));
  const copy = (file: string, timeColumn: string | undefined) => {
    const [header, ...rows] = readFileSync(join(path, file), 'utf8').trimEnd().split('\n');
    const col = timeColumn ? header.split(',').indexOf(timeColumn) : -1;
    // Time columns hold no commas; product names (products.csv) are never filtered.
    const kept = col < 0 ? rows : rows.filter((r) => (r.split(',')[col] ?? '') < cutIso);
    writeFileSync(join(dir, file), [header, ...kept].join('\n') + '\n');
  };
  copy('products.csv', undefined);
  copy('users.csv', undefined);
  copy('devices.csv', 'installed_at');
  copy('ownerships.csv', 'since');
  copy('events.csv', 'timestamp');
  return dir;
}

async function main(): Promise<void> {
  const path = text('path', '.data/rg20k');
  const out = text('out', '.data/blend');
  const k = arg('k', 10);
  const manifest = JSON.parse(readFileSync(join(path, 'truth', 'manifest.json'), 'utf8')) as { period: { cutoff: string } };
  const cutoff = Date.parse(manifest.period.cutoff) / 1000;
  const cut = cutoff - 30 * DAY;
  const cutIso = new Date(cut * 1000).toISOString().replace('.000Z', 'Z');
  const carved = carveWorld(path, cutIso);
  try {
    const files = ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'events.csv'].map((f) => join(carved, f));
    const graph = await projectFromFiles(files, 'native', { keepEvents: true });
    const side = { catalog: await readCatalogFile(join(carved, 'products.csv')) };
    const { ranker } = await trainGraphRankerScorer(graph, k, side, { seed: 42 });
    const read = await readWorldEvents(join(path, 'events.csv'));
    const sessions = sessionize(read.events, { itemTypes: DEFAULT_ITEM_TYPES });
    const before = sessions.filter((s) => s.times[s.times.length - 1] < cut);
    const validation = sessions.filter((s) => s.times[0] >= cut && s.items.length >= 2);
    const model = await servedStepModel(before, arg('sequence-epochs', 3));
    const gapMs = DEFAULT_GAP_SECONDS * 1000;
    const view = viewAt(graph);
    const attributes = userAttributes(view);
    const ids = graph.nodes.Product.ids;
    const history = new Map<string, Session[]>();
    for (const s of before) if (s.user) history.set(s.user, [...(history.get(s.user) ?? []), s]);
    const hits = new Float64Array(WEIGHTS.length);
    const rr = new Float64Array(WEIGHTS.length);
    let predictions = 0;
    let notCandidate = 0;
    const states = new Map<string, SessionState | null>();
    for (const s of [...validation].sort((a, b) => a.times[0] - b.times[0])) {
      const user = s.user === undefined ? undefined : graph.nodes.User.indexOf(s.user);
      if (s.user === undefined || user === undefined) continue;
      const input = userInputFromView(view, ranker.state, attributes, user, side);
      const base = ranker.scoreAll(input);
      const candidates = Array.from({ length: ids.length }, (_, p) => p)
        .filter((p) => eligible(ranker.state, input, p))
        .sort((a, b) => base[b] - base[a] || a - b)
        .slice(0, 2 * k);
      let state = states.has(s.user) ? (states.get(s.user) ?? null) : replayHistory(model, 'blend', history.get(s.user) ?? [], gapMs);
      for (let i = 0; i < s.items.length; i++) {
        state = advanceSession(model, 'blend', state, { item: s.items[i], at: s.times[i] * 1000 }, gapMs).state;
        if (i + 1 >= s.items.length || !state) continue;
        const target = graph.nodes.Product.indexOf(s.items[i + 1]);
        predictions++;
        const at = target === undefined ? -1 : candidates.indexOf(target);
        if (at < 0) {
          notCandidate++;
          continue;
        }
        const scores = model.scores(state.h);
        const seq = candidates.map((p) => {
          const m = model.itemIndex(ids[p]);
          return m === undefined ? Number.NaN : scores[m];
        });
        WEIGHTS.forEach((w, wi) => {
          const blended = blendSessionScores(candidates.map((p) => base[p]), seq, w).score;
          // Rank of the target; ties count against it (as the sequence metrics).
          let rank = 1;
          for (let j = 0; j < blended.length; j++) if (j !== at && blended[j] >= blended[at]) rank++;
          if (rank <= k) {
            hits[wi]++;
            rr[wi] += 1 / rank;
          }
        });
      }
      states.set(s.user, state);
    }
    const rows = WEIGHTS.map((w, wi) => ({ weight: w, [`hit@${k}`]: hits[wi] / predictions, [`mrr@${k}`]: rr[wi] / predictions }));
    mkdirSync(out, { recursive: true });
    const best = rows.reduce((a, b) => ((b[`mrr@${k}`] as number) > (a[`mrr@${k}`] as number) ? b : a));
    const report = { path, cut: cutIso, k, candidates: 2 * k, validationSessions: validation.length, predictions, targetNotACandidate: notCandidate, rows, bestByMrr: best.weight };
    writeFileSync(join(out, 'blend.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileSync(
      join(out, 'blend.svg'),
      renderLineChart({
        title: 'Session blend weight on validation sessions',
        subtitle: [`sessions starting in the 30 days before the world's cutoff; models trained on the files before them; top ${k} of the ranker's ${2 * k} candidates`],
        xLabel: 'session weight w in (1 − w)·ranker + w·session',
        yLabel: `share of next events in the top ${k}`,
        series: [
          { name: `hit rate@${k}`, x: WEIGHTS, y: rows.map((r) => r[`hit@${k}`] as number) },
          { name: `MRR@${k}`, x: WEIGHTS, y: rows.map((r) => r[`mrr@${k}`] as number) },
        ],
      }),
    );
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    ranker.free();
  } finally {
    rmSync(carved, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
