/**
 * What the ranker's seq_score/seq_rank cost on the serving path (issue 12 §4), per user: decoding
 * the stored session state and scoring every product with the served step model
 * (libs/sequences storedStateProductScores, what libs/serving ranker-sequence.ts runs per answer),
 * against the ranker's own per-user work (feature rows + one XGBoost prediction: scoreAll) on the
 * same machine in the same process. The states are real: every user's history of a generated world
 * replayed through the served model, as `graphrec train-sequence` seeds them; every user is timed
 * (the whole population, not a sample).
 *
 *   npx graphrec generate --users 5000 --seed 7 --out .data/world-seq
 *   npx tsx --tsconfig tsconfig.base.json bench/rank/sequence-feature.bench.ts --path .data/world-seq --models .data/models/<run id>
 *
 * `--models` is a served run's model folder holding `sequence/` (train-sequence) and `ranker/`
 * (train-ranker). CPU seconds are the process's user+system time over each loop.
 */
import { emptyUserInput, GraphRanker } from '@graphrec/rank';
import { DEFAULT_ITEM_TYPES, encodeSessionState, readSequenceModel, readWorldEvents, replayHistory, Session, sessionize, StepModel, storedStateProductScores } from '@graphrec/sequences';
import { join } from 'node:path';

function text(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function cpuSeconds(work: () => void): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

async function main(): Promise<void> {
  const path = text('path', '.data/world-seq');
  const models = text('models', '');
  if (!models) throw new Error('--models DIR: a served run’s model folder with sequence/ and ranker/');
  const { json, weights } = readSequenceModel(join(models, 'sequence'));
  const model = new StepModel(json, weights);
  const ranker = GraphRanker.load(join(models, 'ranker'));
  const productIds = ranker.state.products.ids;
  const sessions = sessionize((await readWorldEvents(join(path, 'events.csv'))).events, { itemTypes: DEFAULT_ITEM_TYPES });
  const byUser = new Map<string, Session[]>();
  for (const s of sessions) if (s.user) byUser.set(s.user, [...(byUser.get(s.user) ?? []), s]);
  const key = 'bench|key';
  const states: string[] = [];
  for (const list of byUser.values()) {
    const state = replayHistory(model, key, list.sort((a, b) => a.times[0] - b.times[0]), 30 * 60_000);
    if (state) states.push(encodeSessionState(state));
  }
  let sink = 0;
  const seq = cpuSeconds(() => {
    for (const s of states) sink += (storedStateProductScores(model, key, s, productIds) as Float32Array)[0];
  });
  const input = emptyUserInput(productIds.length);
  const rank = cpuSeconds(() => {
    for (let i = 0; i < states.length; i++) sink += ranker.scoreAll(input)[0];
  });
  ranker.free();
  const us = (s: number) => ((s / states.length) * 1e6).toFixed(1);
  process.stdout.write(
    `${states.length} users' states (hidden ${model.hidden}, ${model.nItems} items, ${productIds.length} products)\n` +
      `seq_* per user (decode + score every product): ${us(seq)} µs CPU (${seq.toFixed(3)} s)\n` +
      `ranker scoreAll per user (feature rows + XGBoost): ${us(rank)} µs CPU (${rank.toFixed(3)} s)\n` +
      `ratio: ${(seq / rank).toFixed(3)} (${Number.isFinite(sink) ? 'ok' : 'nan'})\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
