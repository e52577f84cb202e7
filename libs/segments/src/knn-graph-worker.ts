/** Worker thread body of knn-graph-thread.ts: one kNN graph, its arrays handed back without a copy. */
import type { TsWorkerReply } from '@graphrec/graph-model';
import { parentPort, workerData } from 'node:worker_threads';
import { knnGraphDetailed } from './knn-graph';
import type { KnnJob } from './knn-graph-thread';
import type { WeightedGraph } from './weighted-graph';

const port = parentPort;
if (!port) throw new Error('knn-graph-worker.ts runs as a worker thread');
const job = workerData as KnnJob;
let reply: TsWorkerReply<WeightedGraph>;
try {
  reply = { ok: true, result: knnGraphDetailed(job.vectors, job.dims, job.options).graph };
} catch (error) {
  reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
const g = reply.ok ? reply.result : undefined;
const buffers = g ? [g.offsets.buffer, g.targets.buffer, g.weights.buffer, g.loops.buffer, g.strength.buffer] : [];
// Distinct buffers only (two views of one buffer may not be listed twice).
port.postMessage(reply, [...new Set(buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))]);
