/**
 * What `graphrec run` needs from a runner, whichever executes the steps: start a run, continue a
 * failed one from its failed step, wait for the outcome. InProcessRunner and BullmqRunner share
 * executeStep() and the store, so a run started in one can be resumed by the other.
 */
import { randomBytes } from 'node:crypto';
import { nextStep } from './execute';
import { FlowStore } from './store';
import { FlowDefinition, FlowError, FlowParams, FlowRunRecord, newFlowRunId } from './types';

export interface StartOptions {
  /** The cron slot a scheduled run is for. */
  scheduledFor?: string;
  /** Stored with the run and handed to every step (ctx.params). */
  params?: FlowParams;
}

export interface FlowRunner {
  readonly kind: 'in-process' | 'bullmq';
  start(flow: FlowDefinition, options?: StartOptions): Promise<string>;
  resume(flow: FlowDefinition, runId: string): Promise<void>;
  /** Resolves when the run is complete or failed (its record then). */
  wait(runId: string): Promise<FlowRunRecord>;
  close(): Promise<void>;
}

export async function createFlowRun(store: FlowStore, flow: FlowDefinition, options: StartOptions = {}): Promise<string> {
  const at = new Date();
  const id = newFlowRunId(flow.name, at, randomBytes(2).toString('hex'));
  await store.createRun({ id, flow: flow.name, steps: flow.steps.map((s) => s.name), startedAt: at.toISOString(), scheduledFor: options.scheduledFor, params: options.params });
  return id;
}

/**
 * Checks that a run may be resumed and reopens it: only a failed run of this flow; its complete
 * steps keep their outputs and are not run again. Returns the step it continues from.
 */
export async function reopenForResume(store: FlowStore, flow: FlowDefinition, runId: string): Promise<string> {
  const run = await store.getRun(runId);
  if (!run) throw new FlowError('UNKNOWN_RUN', `flow run "${runId}" does not exist (graphrec runs lists them)`);
  if (run.flow !== flow.name) throw new FlowError('NOT_RESUMABLE', `run "${runId}" is a "${run.flow}" run, not "${flow.name}"`);
  if (run.status !== 'failed') throw new FlowError('NOT_RESUMABLE', `run "${runId}" is ${run.status}; only a failed run can be resumed`);
  const step = nextStep(flow, run);
  if (!step) throw new FlowError('NOT_RESUMABLE', `run "${runId}" has no step left to do`);
  await store.reopenRun(runId);
  return step.name;
}

/** Polls the store until the run is no longer running (the BullMQ runner: steps run elsewhere). */
export async function pollUntilFinished(store: FlowStore, runId: string, everyMs = 500): Promise<FlowRunRecord> {
  for (;;) {
    const run = await store.getRun(runId);
    if (!run) throw new FlowError('UNKNOWN_RUN', `flow run "${runId}" does not exist`);
    if (run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
