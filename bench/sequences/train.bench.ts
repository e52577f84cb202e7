/**
 * Sequence-model training speed: one epoch of GRU4Rec or HRNN over a synthetic log of `--events`
 * events (default 1M) drawn from the whole population: `--users` users with Zipf-popular items out
 * of `--items`, sessions of 2–20 events (one user's sessions follow each other), so the lanes see
 * the same mix of session starts and user switches as real logs. Prints wall and CPU seconds
 * (the machine is shared: CPU seconds are the figure to compare) and events per second.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/sequences/train.bench.ts [--events 1000000 --model gru4rec --batch 512 --hidden 64 --negatives 64]
 */
import { createRng } from '@graphrec/graph-model';
import { initTf } from '@graphrec/gnn';
import { NEURAL_DEFAULTS, SessionNetwork, userStreams } from '@graphrec/sequences';
import type { EncodedSession } from '@graphrec/sequences';
import { createTrainer, trainEpoch } from '../../libs/sequences/src/train';
import { arg } from '../support/args';

function syntheticLog(events: number, users: number, items: number, seed: number): { sessions: EncodedSession[]; popularity: Float64Array } {
  const rng = createRng(seed);
  // Zipf(1) over items by inverse CDF on a table.
  const cdf = new Float64Array(items);
  let total = 0;
  for (let i = 0; i < items; i++) cdf[i] = total += 1 / (i + 1);
  const draw = () => {
    const x = rng() * total;
    let lo = 0;
    let hi = items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const sessions: EncodedSession[] = [];
  const popularity = new Float64Array(items);
  let n = 0;
  let t = 0;
  while (n < events) {
    const len = Math.min(events - n, 2 + Math.floor(rng() * 19));
    if (len < 2) break;
    const s = Int32Array.from({ length: len }, draw);
    s.forEach((it) => popularity[it]++);
    sessions.push({ user: Math.floor(rng() * users), start: t++, items: s });
    n += len;
  }
  return { sessions, popularity };
}

async function main(): Promise<void> {
  const events = arg('events', 1_000_000);
  const users = arg('users', 100_000);
  const items = arg('items', 20_000);
  // The product's defaults (NEURAL_DEFAULTS), so the figure is the trainer's own.
  const batch = arg('batch', NEURAL_DEFAULTS.batch);
  const hidden = arg('hidden', NEURAL_DEFAULTS.hidden);
  const negatives = arg('negatives', NEURAL_DEFAULTS.negatives);
  const kind = process.argv.includes('hrnn') ? 'hrnn' : 'gru4rec';
  const { backend } = await initTf();
  const { sessions, popularity } = syntheticLog(events, users, items, 42);
  // As NeuralSessionModel trains: GRU4Rec one stream per session (session-parallel), HRNN one per user.
  const streams = kind === 'gru4rec' ? sessions.map((s) => ({ sessions: [s] })) : userStreams(sessions).map((s) => ({ sessions: s }));
  const net = new SessionNetwork({ kind, nItems: items, embedding: hidden, hidden, userHidden: hidden, propagate: true, tied: NEURAL_DEFAULTS.tied, seed: 1 });
  const trainer = createTrainer(NEURAL_DEFAULTS.learningRate);
  const options = { ...NEURAL_DEFAULTS, batch, negatives };
  const cpu0 = process.cpuUsage();
  const stats = trainEpoch(net, trainer, streams, options, 1, popularity);
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const trainedEvents = stats.events;
  process.stdout.write(
    JSON.stringify({
      model: kind,
      backend,
      log_events: events,
      training_pairs: trainedEvents,
      sessions: sessions.length,
      users,
      items,
      batch,
      hidden,
      negatives,
      epoch_wall_seconds: Math.round(stats.seconds * 10) / 10,
      epoch_cpu_seconds: Math.round(cpuSeconds * 10) / 10,
      events_per_wall_second: Math.round(trainedEvents / stats.seconds),
      events_per_cpu_second: Math.round(trainedEvents / cpuSeconds),
      loss: Math.round(stats.loss * 1e4) / 1e4,
    }) + '\n',
  );
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
