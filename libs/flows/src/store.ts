/**
 * Where run history lives. Production: Neo4jFlowStore (the system of record; FlowRun/StepRun nodes
 * survive a Redis flush and the API reads them for `/metrics` and the `runs` query). Unit tests of
 * pure sequencing: MemoryFlowStore.
 */
import { DriftRecord, FlowParams, FlowRunRecord, FlowStatus, StepMetrics, StepOutputs, StepRecord } from './types';

export interface NewFlowRun {
  id: string;
  flow: string;
  steps: string[];
  startedAt: string;
  scheduledFor?: string;
  params?: FlowParams;
}

export interface StepFinish {
  status: 'complete' | 'failed' | 'skipped';
  finishedAt: string;
  seconds: number;
  outputs?: StepOutputs;
  metrics?: StepMetrics;
  error?: string;
  skipped?: string;
}

export interface FlowStore {
  createRun(run: NewFlowRun): Promise<void>;
  getRun(id: string): Promise<FlowRunRecord | undefined>;
  /** Newest first. */
  listRuns(options?: { flow?: string; limit?: number }): Promise<FlowRunRecord[]>;
  /** The newest run started for this cron slot, if any (a slot is started at most once). */
  runForSlot(flow: string, scheduledFor: string): Promise<FlowRunRecord | undefined>;
  /** Counts the attempt up and marks the step running. Returns the attempt number. */
  stepStarted(runId: string, step: string, at: string): Promise<number>;
  stepFinished(runId: string, step: string, finish: StepFinish): Promise<void>;
  /** Back to 'running' for --resume: failed steps become pending again (their attempts kept). */
  reopenRun(runId: string): Promise<void>;
  finishRun(runId: string, status: Exclude<FlowStatus, 'running'>, at: string, error?: string): Promise<void>;
  recordDrift(runId: string, drift: DriftRecord): Promise<void>;
}

/** In memory, for unit tests and for trying a flow without Neo4j. */
export class MemoryFlowStore implements FlowStore {
  private readonly runs = new Map<string, FlowRunRecord>();

  async createRun(run: NewFlowRun): Promise<void> {
    this.runs.set(run.id, {
      id: run.id,
      flow: run.flow,
      status: 'running',
      startedAt: run.startedAt,
      scheduledFor: run.scheduledFor,
      params: run.params ?? {},
      resumes: 0,
      steps: run.steps.map((step) => ({ step, status: 'pending', attempts: 0 })),
    });
  }

  async getRun(id: string): Promise<FlowRunRecord | undefined> {
    const run = this.runs.get(id);
    return run && structuredClone(run);
  }

  async listRuns(options: { flow?: string; limit?: number } = {}): Promise<FlowRunRecord[]> {
    return [...this.runs.values()]
      .filter((r) => options.flow === undefined || r.flow === options.flow)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id))
      .slice(0, options.limit ?? 50)
      .map((r) => structuredClone(r));
  }

  async runForSlot(flow: string, scheduledFor: string): Promise<FlowRunRecord | undefined> {
    return (await this.listRuns({ flow, limit: Number.MAX_SAFE_INTEGER })).find((r) => r.scheduledFor === scheduledFor);
  }

  private step(runId: string, step: string): StepRecord {
    const found = this.runs.get(runId)?.steps.find((s) => s.step === step);
    if (!found) throw new Error(`no step ${step} in run ${runId}`);
    return found;
  }

  async stepStarted(runId: string, step: string, at: string): Promise<number> {
    const s = this.step(runId, step);
    Object.assign(s, { status: 'running', startedAt: at, attempts: s.attempts + 1, error: undefined });
    return s.attempts;
  }

  async stepFinished(runId: string, step: string, finish: StepFinish): Promise<void> {
    Object.assign(this.step(runId, step), finish);
  }

  async reopenRun(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) return;
    Object.assign(run, { status: 'running', finishedAt: undefined, error: undefined, resumes: run.resumes + 1 });
    for (const s of run.steps) if (s.status === 'failed' || s.status === 'running') s.status = 'pending';
  }

  async finishRun(runId: string, status: Exclude<FlowStatus, 'running'>, at: string, error?: string): Promise<void> {
    const run = this.runs.get(runId);
    // Only a running run is finished, as in Neo4j: a late duplicate changes nothing.
    if (run?.status === 'running') Object.assign(run, { status, finishedAt: at, error });
  }

  async recordDrift(runId: string, drift: DriftRecord): Promise<void> {
    const run = this.runs.get(runId);
    if (run) run.drift = drift;
  }
}
