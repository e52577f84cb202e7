/** Worker thread body of knn-graph-thread.ts: one kNN graph, its arrays handed back without a copy. */
import { parentPort, workerData } from 'node:worker_threads';
import { knnGraphDetailed } from './knn-graph';
import type { KnnJob, KnnReply } from './knn-graph-thread';

const port = parentPort;
if (!port) throw new Error('knn-graph-worker.ts runs as a worker thread');
const job = workerData as KnnJob;
let reply: KnnReply;
try {
  reply = { ok: true, graph: knnGraphDetailed(job.vectors, job.dims, job.options).graph };
} catch (error) {
  reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
const g = reply.ok ? reply.graph : undefined;
// Distinct buffers only (two views of one buffer may not be listed twice).
const buffers = g ? [g.offsets.buffer, g.targets.buffer, g.weights.buffer, g.loops.buffer, g.strength.buffer] : [];
port.postMessage(reply, [...new Set(buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))]);
