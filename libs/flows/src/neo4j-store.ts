/**
 * Run history in Neo4j, the system of record: (:FlowRun)-[:HAS_STEP]->(:StepRun). Neo4j rather
 * than Redis because the history must outlive the queue (Redis may be flushed, or absent in the
 * in-process mode), and the API already reads Neo4j for `/metrics` and the `runs` query.
 * Outputs, metrics and drift are JSON text properties: small maps, read whole.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { FlowStore, NewFlowRun, StepFinish } from './store';
import { DriftRecord, FlowParams, FlowRunRecord, FlowStatus, StepRecord } from './types';

interface RunRow {
  run: {
    id: string;
    flow: string;
    status: FlowStatus;
    startedAt: string;
    finishedAt: string | null;
    scheduledFor: string | null;
    resumes: number | null;
    error: string | null;
    drift: string | null;
    params: string | null;
  };
  steps: Array<{
    step: string;
    status: StepRecord['status'];
    attempts: number | null;
    startedAt: string | null;
    finishedAt: string | null;
    seconds: number | null;
    outputs: string | null;
    metrics: string | null;
    error: string | null;
    skipped: string | null;
  }>;
}

const json = <T>(text: string | null): T | undefined => (text === null || text === undefined ? undefined : (JSON.parse(text) as T));
const opt = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

function toRecord(row: RunRow): FlowRunRecord {
  const r = row.run;
  return {
    id: r.id,
    flow: r.flow,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: opt(r.finishedAt),
    scheduledFor: opt(r.scheduledFor),
    params: json<FlowParams>(r.params) ?? {},
    resumes: r.resumes ?? 0,
    error: opt(r.error),
    drift: json<DriftRecord>(r.drift),
    steps: row.steps
      .filter((s) => s.step !== null)
      .map((s) => ({
        step: s.step,
        status: s.status,
        attempts: s.attempts ?? 0,
        startedAt: opt(s.startedAt),
        finishedAt: opt(s.finishedAt),
        seconds: opt(s.seconds),
        outputs: json(s.outputs),
        metrics: json(s.metrics),
        error: opt(s.error),
        skipped: opt(s.skipped),
      })),
  };
}

export class Neo4jFlowStore implements FlowStore {
  constructor(private readonly db: GraphDb) {}

  async createRun(run: NewFlowRun): Promise<void> {
    await this.db.write((tx) => tx.run(cypher('flows/flow-run-create'), { ...run, scheduledFor: run.scheduledFor ?? null, params: JSON.stringify(run.params ?? {}) }));
  }

  async getRun(id: string): Promise<FlowRunRecord | undefined> {
    const [row] = await this.db.read<RunRow>(cypher('flows/flow-run-get'), { id });
    return row ? toRecord(row) : undefined;
  }

  async listRuns(options: { flow?: string; limit?: number } = {}): Promise<FlowRunRecord[]> {
    const rows = await this.db.read<RunRow>(cypher('flows/flow-run-list'), { flow: options.flow ?? null, limit: neo4j.int(options.limit ?? 50) });
    return rows.map(toRecord);
  }

  async runForSlot(flow: string, scheduledFor: string): Promise<FlowRunRecord | undefined> {
    const [row] = await this.db.read<{ id: string }>(cypher('flows/flow-run-slot'), { flow, scheduledFor });
    return row ? this.getRun(row.id) : undefined;
  }

  async stepStarted(runId: string, step: string, at: string): Promise<number> {
    const [record] = await this.db.write(async (tx) => (await tx.run(cypher('flows/step-start'), { runId, step, at })).records);
    if (!record) throw new Error(`no step "${step}" in flow run "${runId}"`);
    return Number(record.get('attempts'));
  }

  async stepFinished(runId: string, step: string, finish: StepFinish): Promise<void> {
    await this.db.write((tx) =>
      tx.run(cypher('flows/step-finish'), {
        runId,
        step,
        status: finish.status,
        finishedAt: finish.finishedAt,
        seconds: finish.seconds,
        outputs: finish.outputs ? JSON.stringify(finish.outputs) : null,
        metrics: finish.metrics ? JSON.stringify(finish.metrics) : null,
        error: finish.error ?? null,
        skipped: finish.skipped ?? null,
      }),
    );
  }

  async reopenRun(runId: string): Promise<void> {
    await this.db.write((tx) => tx.run(cypher('flows/flow-run-reopen'), { id: runId }));
  }

  async finishRun(runId: string, status: Exclude<FlowStatus, 'running'>, at: string, error?: string): Promise<void> {
    await this.db.write((tx) => tx.run(cypher('flows/flow-run-finish'), { id: runId, status, at, error: error ?? null }));
  }

  async recordDrift(runId: string, drift: DriftRecord): Promise<void> {
    await this.db.write((tx) => tx.run(cypher('flows/flow-run-drift'), { id: runId, drift: JSON.stringify(drift), breached: drift.breached }));
  }
}
