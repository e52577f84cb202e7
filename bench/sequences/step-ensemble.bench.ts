/**
 * Issue 12: what serving the evaluation's 3-seed ensemble instead of one network would cost per
 * `nextInSession` call, in CPU and in live state. The model part of a call, as the API runs it
 * (libs/serving sessions): decode the user's stored state, advance it by the tracked event, encode
 * it back, score every item and take the top 10. One network does that once; an ensemble does it
 * per member (one state per member: the members' hidden units are not interchangeable) and averages
 * the members' softmax probabilities (ensemble.ts's rule). Members are the saved model's weights
 * perturbed (same shapes and so the same arithmetic as independently seeded members).
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/sequences/step-ensemble.bench.ts --model <dir with model.json> [--calls 50000]
 *
 * CPU seconds are the process's user+system over each loop. Prints figures; never a test.
 */
import { decodeSessionState, encodeSessionState, readSequenceModel, replayHistory, softmax, StepModel, topK } from '@graphrec/sequences';
import { loadavg } from 'node:os';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const CALLS = Number(arg('calls', '50000'));
const dir = arg('model', '');
if (!dir) throw new Error('--model <dir> (a saved sequence model: train-sequence or the propensity-sequence bench writes one)');

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const files = readSequenceModel(dir);
let seed = 12345;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
const members = [0, 1, 2].map((m) => {
  if (m === 0) return new StepModel(files.json, files.weights);
  const w: typeof files.weights = {};
  for (const [k, v] of Object.entries(files.weights)) w[k] = { shape: v.shape, values: v.values.map((x) => x + rand()) };
  return new StepModel(files.json, w);
});
const items = files.json.itemIds;
const gapMs = 30 * 60_000;

// Realistic stored states: a few sessions of random items replayed, the last one open.
const states = members.map((model) =>
  Array.from({ length: 1000 }, (_, u) => {
    const sessions = [0, 1, 2].map((s) => ({ items: [0, 1, 2, 3].map((i) => items[(u * 7 + s * 3 + i * 11) % items.length]), times: [0, 1, 2, 3].map((i) => 1_700_000_000 + s * 86_400 + i * 60) }));
    return encodeSessionState(replayHistory(model, 'bench', sessions, gapMs)!);
  }),
);

function call(model: StepModel, stored: string, item: number): { text: string; scores: Float32Array } {
  const state = decodeSessionState(stored, model.hidden, model.userHidden);
  const next = model.step(state, item, false, false);
  const text = encodeSessionState({ ...state, ...next, lastAt: state.lastAt + 1000, items: [...state.items, items[item]].slice(-20), n: state.n + 1 });
  return { text, scores: model.scores(next.h) };
}

function run(n: number): { cpuPerCall: number; stateBytes: number; checksum: number } {
  let checksum = 0;
  let bytes = 0;
  const c0 = cpu();
  for (let i = 0; i < CALLS; i++) {
    const u = i % 1000;
    const item = i % items.length;
    if (n === 1) {
      const r = call(members[0], states[0][u], item);
      checksum += topK(r.scores, 10)[0];
      bytes += r.text.length;
    } else {
      const mean = new Float64Array(items.length);
      for (let m = 0; m < n; m++) {
        const r = call(members[m], states[m][u], item);
        const p = softmax(r.scores);
        for (let j = 0; j < mean.length; j++) mean[j] += p[j] / n;
        bytes += r.text.length;
      }
      checksum += topK(Float32Array.from(mean), 10)[0];
    }
  }
  return { cpuPerCall: (cpu() - c0) / CALLS, stateBytes: bytes / CALLS, checksum };
}

console.log(`${new Date().toISOString()} load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${items.length} items, hidden ${members[0].hidden}, user ${members[0].userHidden}; ${CALLS} calls each`);
run(1); // warm-up
run(3);
for (const n of [1, 3, 1, 3]) {
  const r = run(n);
  console.log(`${n} network${n > 1 ? 's' : ' '}: ${(r.cpuPerCall * 1e6).toFixed(1)} µs CPU per call (decode, step, encode, score, top 10), stored state ${r.stateBytes.toFixed(0)} characters (checksum ${r.checksum})`);
}
console.log(`${new Date().toISOString()} load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
