/**
 * A flow is an ordered list of steps. The definition is data plus one `run` function per step, so
 * the same definition runs in-process (InProcessRunner) or on BullMQ workers (BullmqRunner): both
 * call executeStep() with it, and both keep the run's history in one FlowStore.
 *
 * Order: a step waits for every earlier step, unless it declares `after`; then it waits only for
 * the steps it reads (`inputs`) and those it names in `after`, and steps whose waits are over run
 * at once where the runner has room (independent branches of a DAG; flow order breaks ties).
 */

/** A value a step hands to later steps: run ids, file paths, counts. JSON, so it survives the store. */
export type OutputValue = string | number | boolean | null;
export type StepOutputs = Record<string, OutputValue>;
/** Figures a step measured (validation nDCG, segments, modularity, coverage, users moved). */
export type StepMetrics = Record<string, number>;
/** A run's parameters, given when it starts and stored with it, so every worker runs it alike. */
export type FlowParams = Record<string, OutputValue>;

export interface RetryPolicy {
  /** Tries in all, the first included (1 = no retry). */
  attempts: number;
  /** Wait before the second try; each later wait doubles (exponential backoff). */
  backoffMs: number;
  /** Cap on one wait. */
  maxBackoffMs: number;
}

export interface StepResult {
  outputs?: StepOutputs;
  metrics?: StepMetrics;
  /** Set when the step had nothing to do (no inbox, no XGBoost): recorded as 'skipped', not 'failed'. */
  skipped?: string;
}

export interface StepContext {
  flowRunId: string;
  step: string;
  /** 1 for the first try; a retry after a failure or after a killed worker counts up. */
  attempt: number;
  /** Outputs of the steps this one names in `inputs`, by step name (completed ones only). */
  inputs: Record<string, StepOutputs>;
  /** The run's parameters (`graphrec run` options: seed, epochs…), the same on every worker. */
  params: FlowParams;
  /** Aborted when the step's timeout passes: long steps should check it between phases. */
  signal: AbortSignal;
  log(line: string): void;
}

export interface StepDefinition {
  name: string;
  description: string;
  /** Steps whose outputs this one reads (each must come earlier in the flow). */
  inputs: string[];
  /**
   * Earlier steps this one must wait for without reading their outputs. Unset: it waits for every
   * earlier step (a sequential flow). Set (even empty): it waits for `inputs` and these only.
   */
  after?: string[];
  /** Names of the outputs it produces (documentation, and checked when it completes). */
  outputs: string[];
  timeoutMs: number;
  retry: RetryPolicy;
  /**
   * The idempotence contract in one sentence: why running this step twice (a retry after a
   * crash half-way, or after it finished but before that was recorded) ends in the same state.
   */
  idempotence: string;
  run(ctx: StepContext): Promise<StepResult>;
}

export interface FlowDefinition {
  name: string;
  description: string;
  steps: StepDefinition[];
}

export type StepStatus = 'pending' | 'running' | 'complete' | 'failed' | 'skipped';
export type FlowStatus = 'running' | 'complete' | 'failed';

export interface StepRecord {
  step: string;
  status: StepStatus;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  seconds?: number;
  outputs?: StepOutputs;
  metrics?: StepMetrics;
  error?: string;
  skipped?: string;
}

export interface DriftRecord {
  checks: Record<string, { value: number | null; threshold: number; breached: boolean; note?: string }>;
  breached: string[];
}

export interface FlowRunRecord {
  id: string;
  flow: string;
  status: FlowStatus;
  startedAt: string;
  finishedAt?: string;
  /** The cron slot this run was started for (scheduled runs only). */
  scheduledFor?: string;
  params: FlowParams;
  /** How many times `--resume` continued it. */
  resumes: number;
  error?: string;
  drift?: DriftRecord;
  /** In flow order. */
  steps: StepRecord[];
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 2_000, maxBackoffMs: 60_000 };

export class FlowError extends Error {
  constructor(
    readonly code: 'BAD_FLOW' | 'UNKNOWN_RUN' | 'NOT_RESUMABLE' | 'LOCKED' | 'STEP_FAILED' | 'TIMEOUT' | 'BAD_SCHEDULE',
    message: string,
  ) {
    super(message);
    this.name = 'FlowError';
  }
}

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** Rejects a flow that could not run: duplicate or odd names, inputs from later steps, bad policies. */
export function validateFlow(flow: FlowDefinition): FlowDefinition {
  if (!NAME.test(flow.name)) throw new FlowError('BAD_FLOW', `flow name "${flow.name}" must match ${NAME}`);
  if (flow.steps.length === 0) throw new FlowError('BAD_FLOW', `flow "${flow.name}" has no steps`);
  const seen = new Set<string>();
  for (const step of flow.steps) {
    if (!NAME.test(step.name)) throw new FlowError('BAD_FLOW', `step name "${step.name}" must match ${NAME}`);
    if (seen.has(step.name)) throw new FlowError('BAD_FLOW', `step "${step.name}" appears twice in flow "${flow.name}"`);
    for (const input of step.inputs) {
      if (!seen.has(input)) throw new FlowError('BAD_FLOW', `step "${step.name}" reads "${input}", which is not an earlier step of "${flow.name}"`);
    }
    for (const before of step.after ?? []) {
      if (!seen.has(before)) throw new FlowError('BAD_FLOW', `step "${step.name}" waits for "${before}", which is not an earlier step of "${flow.name}"`);
    }
    const { attempts, backoffMs, maxBackoffMs } = step.retry;
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > 20) throw new FlowError('BAD_FLOW', `step "${step.name}": retry.attempts must be an integer in 1..20`);
    if (!(backoffMs >= 0) || !(maxBackoffMs >= backoffMs)) throw new FlowError('BAD_FLOW', `step "${step.name}": need 0 <= backoffMs <= maxBackoffMs`);
    if (!(step.timeoutMs > 0)) throw new FlowError('BAD_FLOW', `step "${step.name}": timeoutMs must be positive`);
    seen.add(step.name);
  }
  return flow;
}

/** The steps `step` waits for: its inputs and `after`, or every earlier step when `after` is unset. */
export function dependenciesOf(flow: FlowDefinition, step: StepDefinition): string[] {
  if (step.after === undefined) return flow.steps.slice(0, flow.steps.indexOf(step)).map((s) => s.name);
  return [...new Set([...step.inputs, ...step.after])];
}

/** The wait before try `attempt` + 1 after try `attempt` failed: backoffMs · 2^(attempt−1), capped. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, attempt - 1));
}

/** `daily-20261203T031500Z-3fa9`: like run ids of libs/writeback, sortable by start within a flow. */
export function newFlowRunId(flow: string, at: Date, random: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${flow}-${stamp}-${random}`;
}
