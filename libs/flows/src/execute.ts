/**
 * One try of one step, the same for both runners: record the start (attempt counted up in the
 * store), hand it the outputs of the steps it reads, bound it by its timeout, record the outcome.
 * Retrying and sequencing are the runners' business.
 */
import { FlowStore } from './store';
import { dependenciesOf, FlowDefinition, FlowError, FlowRunRecord, StepDefinition, StepOutputs, StepResult } from './types';

export function stepOf(flow: FlowDefinition, name: string): StepDefinition {
  const step = flow.steps.find((s) => s.name === name);
  if (!step) throw new FlowError('BAD_FLOW', `flow "${flow.name}" has no step "${name}"`);
  return step;
}

const finished = (status: string) => status === 'complete' || status === 'skipped';

/** The first step still to do (not complete or skipped), or undefined when the run is done. */
export function nextStep(flow: FlowDefinition, run: FlowRunRecord): StepDefinition | undefined {
  const done = new Set(run.steps.filter((s) => finished(s.status)).map((s) => s.step));
  return flow.steps.find((s) => !done.has(s.name));
}

/**
 * The steps that may start now, in flow order: pending (never tried, or reopened by a resume) and
 * every step they wait for complete or skipped. Running and failed steps are not ready.
 */
export function readySteps(flow: FlowDefinition, run: FlowRunRecord): StepDefinition[] {
  const status = new Map(run.steps.map((s) => [s.step, s.status]));
  return flow.steps.filter((step) => (status.get(step.name) ?? 'pending') === 'pending' && dependenciesOf(flow, step).every((d) => finished(status.get(d) ?? 'pending')));
}

/** Whether every step of the run is complete or skipped. */
export function allFinished(flow: FlowDefinition, run: FlowRunRecord): boolean {
  const status = new Map(run.steps.map((s) => [s.step, s.status]));
  return flow.steps.every((step) => finished(status.get(step.name) ?? 'pending'));
}

export function inputsOf(step: StepDefinition, run: FlowRunRecord): Record<string, StepOutputs> {
  const inputs: Record<string, StepOutputs> = {};
  for (const name of step.inputs) {
    const record = run.steps.find((s) => s.step === name);
    if (record?.status === 'complete') inputs[name] = record.outputs ?? {};
  }
  return inputs;
}

function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, ms: number, what: string): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new FlowError('TIMEOUT', `${what} timed out after ${ms} ms`));
    }, ms);
  });
  return Promise.race([work(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

export interface StepOutcome {
  attempt: number;
  result?: StepResult;
  /** Set when this try failed; the runner decides whether to retry. */
  error?: Error;
  /** The step was already complete or skipped (a duplicate delivery): nothing was run. */
  alreadyDone?: boolean;
}

export async function executeStep(
  flow: FlowDefinition,
  store: FlowStore,
  runId: string,
  stepName: string,
  log: (line: string) => void = () => undefined,
): Promise<StepOutcome> {
  const step = stepOf(flow, stepName);
  const run = await store.getRun(runId);
  if (!run) throw new FlowError('UNKNOWN_RUN', `flow run "${runId}" does not exist`);
  const record = run.steps.find((s) => s.step === stepName);
  if (record && (record.status === 'complete' || record.status === 'skipped')) {
    return { attempt: record.attempts, alreadyDone: true, result: { outputs: record.outputs, metrics: record.metrics, skipped: record.skipped } };
  }
  const startedAt = new Date();
  const attempt = await store.stepStarted(runId, stepName, startedAt.toISOString());
  const seconds = () => (Date.now() - startedAt.getTime()) / 1000;
  log(`${stepName}: attempt ${attempt} started`);
  try {
    const result = await withTimeout(
      (signal) => step.run({ flowRunId: runId, step: stepName, attempt, inputs: inputsOf(step, run), params: run.params, signal, log: (line) => log(`${stepName}: ${line}`) }),
      step.timeoutMs,
      `step "${stepName}"`,
    );
    if (!result.skipped) {
      const missing = step.outputs.filter((name) => !(name in (result.outputs ?? {})));
      if (missing.length) throw new FlowError('STEP_FAILED', `step "${stepName}" did not produce its declared output(s) ${missing.join(', ')}`);
    }
    await store.stepFinished(runId, stepName, {
      status: result.skipped ? 'skipped' : 'complete',
      finishedAt: new Date().toISOString(),
      seconds: seconds(),
      outputs: result.outputs ?? {},
      metrics: result.metrics ?? {},
      skipped: result.skipped,
    });
    log(`${stepName}: ${result.skipped ? `skipped (${result.skipped})` : 'complete'} in ${seconds().toFixed(1)} s`);
    return { attempt, result };
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    await store.stepFinished(runId, stepName, { status: 'failed', finishedAt: new Date().toISOString(), seconds: seconds(), error: error.message });
    log(`${stepName}: attempt ${attempt} failed: ${error.message}`);
    return { attempt, error };
  }
}
