/**
 * What a daily run leaves behind, run ids and timestamps aside: the graph digest without run
 * bookkeeping (Run, FlowRun, StepRun, FlowLease nodes; SessionState, see below), the segment memberships and the export
 * rows. Two runs of the same flow on the same data must leave equal states, however interrupted.
 */
import { GraphDb } from '@graphrec/neo4j';
import { currentRun, segmentMembership } from '@graphrec/writeback';
import { readFileSync } from 'node:fs';
import { graphDigest } from './db';

const RUN_ID = /\b(emb|seg|daily)-\d{8}T\d{6}Z-[0-9a-f]{4}\b/g;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
// SessionState: live session states, seeded by the flow's sequence step into the store the API
// reads — Redis when GRAPHREC_REDIS_URL is set (the BullMQ workers here have it), Neo4j otherwise —
// so runs with different runners keep them in different places; test/api/sessions.spec.ts checks them.
const BOOKKEEPING = /^[A-Za-z:]*\b(Run|FlowRun|StepRun|FlowLease|SessionState)\b[^{]*\{/;

export interface FlowState {
  digest: string;
  memberships: string;
  exportRows: string;
}

export async function flowState(db: GraphDb, exportFile: string): Promise<FlowState> {
  const digest = (await graphDigest(db))
    .split('\n')
    .filter((line) => !BOOKKEEPING.test(line))
    .map((line) => line.replace(RUN_ID, '<run>'))
    .join('\n');
  const run = await currentRun(db, 'segments');
  if (!run) throw new Error('no served segments run');
  const m = await segmentMembership(db, run.id);
  const memberships = m.users.map((u, i) => `${u}\t${m.segmentIds[m.segmentOf[i]]}`).sort().join('\n');
  const exportRows = readFileSync(exportFile, 'utf8').replace(RUN_ID, '<run>').replace(TIMESTAMP, '<time>');
  return { digest, memberships, exportRows };
}

/** The first differing line of two texts, to say where states part (a digest is megabytes). */
export function firstDifference(a: string, b: string): string | undefined {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return `line ${i + 1}:\n  ${x[i]?.slice(0, 300)}\n  ${y[i]?.slice(0, 300)}`;
  return undefined;
}
