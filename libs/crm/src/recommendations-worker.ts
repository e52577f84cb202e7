/** Worker thread body of recommendations-workers.ts: scores pages of user ids as the export does. */
import { GraphDb } from '@graphrec/neo4j';
import { parentPort, workerData } from 'node:worker_threads';
import { formatLines } from './format';
import { answersFor, RECOMMENDATION_COLUMNS, toRows } from './recommendations';
import type { ScoringJob, WorkerReply, WorkerRequest } from './recommendations-workers';
import { readRankerUsers } from '@graphrec/serving';

const job = workerData as ScoringJob;
const db = new GraphDb(job.config);
const port = parentPort;
if (!port) throw new Error('recommendations-worker.ts runs as a worker thread');

port.on('message', (m: WorkerRequest) => {
  if ('close' in m) {
    void db.close().finally(() => port.close());
    return;
  }
  // Messages are handled as they come: the next page's read overlaps this page's scoring.
  void (async (): Promise<WorkerReply> => {
    try {
      const rows = m.ids.length ? await readRankerUsers(db, m.ids) : [];
      const answers = await answersFor(db, { ids: m.ids, last: false, rows }, job.k, job.concurrency);
      const scored = answers.flatMap(toRows);
      const lines = { text: formatLines(RECOMMENDATION_COLUMNS, scored, job.format), rows: scored.length };
      return { seq: m.seq, ok: true, page: { lines, users: answers.length } };
    } catch (error) {
      return { seq: m.seq, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
  })().then((reply) => port.postMessage(reply));
});
