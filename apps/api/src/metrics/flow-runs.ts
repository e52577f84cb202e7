/** The flow runs /metrics reports: the latest daily run's outcome, and the drift of the latest run that checked it. */
import { Neo4jFlowStore } from '@graphrec/flows';
import { GraphDb } from '@graphrec/neo4j';
import type { FlowRunSnapshot } from './metrics';

export async function latestFlowRun(db: GraphDb): Promise<FlowRunSnapshot | undefined> {
  const runs = await new Neo4jFlowStore(db).listRuns({ flow: 'daily', limit: 5 });
  if (runs.length === 0) return undefined;
  return { status: runs[0].status, startedAt: runs[0].startedAt, drift: runs.find((r) => r.drift)?.drift };
}
