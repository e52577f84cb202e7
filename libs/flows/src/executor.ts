/**
 * Where one try of a step runs. The in-process runner keeps a small pool of executors: itself
 * (steps share its memory, e.g. the flow's one projection) and, for steps that may run at the same
 * time as another one, child processes (`forkedExecutor`), because the heavy steps are mostly
 * JavaScript on one thread: two of them in one process would take turns on one core, in two
 * processes they use two. A child serves steps with `serveSteps` over Node's IPC channel and keeps
 * its own memory between the steps it is given, so a branch of the flow that stays on one child
 * projects the graph once there.
 */
import { ChildProcess, fork } from 'node:child_process';
import { executeStep, StepOutcome } from './execute';
import { FlowStore } from './store';
import { FlowDefinition, FlowError, StepResult } from './types';

export interface StepExecutor {
  /** For logs: 'in-process' or 'process <pid>'. */
  readonly label: string;
  /** One try of `step` of `runId` (executeStep: recorded in the store). */
  execute(flow: FlowDefinition, runId: string, step: string): Promise<StepOutcome>;
  /** Lets go of what it holds (a child process exits). */
  close(): Promise<void>;
}

export function inProcessExecutor(store: FlowStore, log: (line: string) => void): StepExecutor {
  return {
    label: 'in-process',
    execute: (flow, runId, step) => executeStep(flow, store, runId, step, log),
    close: async () => undefined,
  };
}

/** Parent → child. */
interface StepMessage {
  kind: 'step';
  flow: string;
  runId: string;
  step: string;
}

/** Child → parent: the try's outcome, its error as text (an Error does not cross IPC). */
interface OutcomeMessage {
  kind: 'outcome';
  attempt: number;
  result?: StepResult;
  error?: string;
  alreadyDone?: boolean;
}

export interface ForkSpec {
  /** The script the child runs (e.g. the CLI's bin file) and its arguments (e.g. `flow-executor`). */
  script: string;
  args: string[];
  /** Default: this process's environment (Neo4j settings and secrets travel in it, never in argv). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Steps run in a child process started on first use. A try that fails (or a child that dies: OOM,
 * SIGKILL) ends that child — a timed-out step may still be busy inside it — and the next try starts
 * a fresh one. A dead child's step is recorded as failed, so the runner's retry applies.
 */
export function forkedExecutor(spec: ForkSpec, store: FlowStore, log: (line: string) => void): StepExecutor {
  let child: ChildProcess | undefined;
  const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
  // Not one already told to stop: a failed try's child is signalled at once, but stays connected
  // until it has gone, and the runner's retry follows at once; it must not take the retry.
  const usable = (c: ChildProcess | undefined): c is ChildProcess => c !== undefined && running(c) && c.connected && !c.killed;
  const stop = (c: ChildProcess) => {
    if (running(c)) c.kill('SIGTERM');
  };
  const executor: StepExecutor = {
    get label() {
      return child?.pid ? `process ${child.pid}` : 'child process';
    },
    execute(flow, runId, step) {
      if (!usable(child)) {
        const made = fork(spec.script, spec.args, { env: spec.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        // A send to a child that died a moment ago fails with EPIPE as an 'error' event; unheard, it
        // would crash this process. Its 'exit' (below) already fails the step.
        made.on('error', (error) => log(`child process ${made.pid}: ${error.message}`));
        log(`${step}: running in child process ${made.pid}`);
        child = made;
      }
      const c = child;
      return new Promise<StepOutcome>((resolve) => {
        const onMessage = (m: OutcomeMessage) => {
          if (m?.kind !== 'outcome') return;
          cleanup();
          if (m.error !== undefined) stop(c);
          resolve({ attempt: m.attempt, result: m.result, alreadyDone: m.alreadyDone, error: m.error === undefined ? undefined : new Error(m.error) });
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
          cleanup();
          const error = new FlowError('STEP_FAILED', `the child process running step "${step}" exited (${signal ?? `code ${code}`}) before it finished`);
          void recordLost(store, runId, step, error.message).then((attempt) => resolve({ attempt, error }));
        };
        const cleanup = () => {
          c.off('message', onMessage);
          c.off('exit', onExit);
        };
        c.on('message', onMessage);
        c.on('exit', onExit);
        const message: StepMessage = { kind: 'step', flow: flow.name, runId, step };
        c.send(message);
      });
    },
    async close() {
      const c = child;
      child = undefined;
      if (!c || !running(c)) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        if (c.connected) c.disconnect();
        else stop(c);
        // A child that does not leave on disconnect (a step still in hand) is told to.
        setTimeout(() => stop(c), 5_000).unref();
      });
    },
  };
  return executor;
}

/** Marks a step that lost its process as failed (if it got as far as starting) and returns its try count. */
async function recordLost(store: FlowStore, runId: string, step: string, message: string): Promise<number> {
  try {
    const record = (await store.getRun(runId))?.steps.find((s) => s.step === step);
    if (record?.status === 'running') await store.stepFinished(runId, step, { status: 'failed', finishedAt: new Date().toISOString(), seconds: record.startedAt ? (Date.now() - Date.parse(record.startedAt)) / 1000 : 0, error: message });
    return record?.attempts ?? 0;
  } catch {
    return 0;
  }
}

/**
 * The child's side: runs the steps its parent sends, one at a time, and answers each with its
 * outcome. Resolves when the parent disconnects (the run is over, or the parent died).
 */
export function serveSteps(flows: FlowDefinition[], store: FlowStore, log: (line: string) => void): Promise<void> {
  if (!process.send) return Promise.reject(new FlowError('BAD_FLOW', 'serveSteps needs an IPC channel to a parent (it is started by the flow runner, not by hand)'));
  const byName = new Map(flows.map((f) => [f.name, f]));
  const send = (m: OutcomeMessage) => process.send?.(m);
  let inHand: string | undefined;
  process.on('message', (m: StepMessage) => {
    if (m?.kind !== 'step') return;
    const flow = byName.get(m.flow);
    if (!flow) {
      send({ kind: 'outcome', attempt: 0, error: `this process does not know flow "${m.flow}"` });
      return;
    }
    inHand = m.step;
    executeStep(flow, store, m.runId, m.step, log)
      .then(
        (o) => send({ kind: 'outcome', attempt: o.attempt, result: o.result, alreadyDone: o.alreadyDone, error: o.error?.message }),
        (error: unknown) => send({ kind: 'outcome', attempt: 0, error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => (inHand = undefined));
  });
  return new Promise((resolve) =>
    process.once('disconnect', () => {
      // The parent died mid-step: nobody is left to hear the outcome or retry it, so stop here (the
      // step stays 'running' in the run's record, like a killed in-process run) instead of training
      // on for minutes.
      if (inHand !== undefined) {
        log(`parent gone during step ${inHand}: stopping`);
        process.exit(1);
      }
      resolve();
    }),
  );
}
