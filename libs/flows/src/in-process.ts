/**
 * The default runner, nothing to install: this process schedules the steps. A step starts once the
 * steps it waits for are done (types.ts: `after`); with `parallel` > 1, steps whose waits are over
 * run at the same time — on child processes when a `fork` factory is given (executor.ts says why
 * processes), else interleaved in this process. With children, every step runs on one and this
 * process only schedules: a step of its own would block its event loop (the heavy steps are long
 * stretches of synchronous JavaScript), so a child's "done" would wait for it to yield before the
 * next step of that branch could start (33 s in the 1M flow), and so would the lease's renewals.
 * With `parallel` 1 the steps run here, one after another (no child, no second projection).
 * A failed try is retried after its backoff; a step out of tries fails the run once the steps
 * still running end (no new step starts), and `graphrec run --resume` continues it later from the
 * failed step.
 */
import { allFinished, readySteps } from './execute';
import { inProcessExecutor, StepExecutor } from './executor';
import { createFlowRun, FlowRunner, reopenForResume, StartOptions } from './runner';
import { FlowStore } from './store';
import { backoffDelay, FlowDefinition, FlowError, FlowRunRecord, StepDefinition, validateFlow } from './types';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface InProcessOptions {
  /** Steps at most at once (default 1: one after another, in this process). */
  parallel?: number;
  /** With `parallel` > 1, makes the executors that run every step (child processes); unset: this process runs them. */
  fork?: () => StepExecutor;
}

export class InProcessRunner implements FlowRunner {
  readonly kind = 'in-process' as const;
  private readonly driving = new Map<string, Promise<void>>();
  private readonly parallel: number;
  /** This process as an executor (first choice while free), or none when children run every step. */
  private readonly local: StepExecutor[];
  /** Executors beyond `local`, made on demand, kept for the run they served last (their memory is warm for it). */
  private readonly extra: StepExecutor[] = [];
  private readonly busy = new Set<StepExecutor>();
  private readonly lastRun = new Map<StepExecutor, string>();

  constructor(
    private readonly store: FlowStore,
    private readonly log: (line: string) => void = () => undefined,
    private readonly options: InProcessOptions = {},
  ) {
    this.parallel = options.parallel ?? 1;
    if (!Number.isInteger(this.parallel) || this.parallel < 1) throw new FlowError('BAD_FLOW', `parallel must be a positive integer, got ${this.parallel}`);
    this.local = options.fork && this.parallel > 1 ? [] : [inProcessExecutor(store, log)];
  }

  async start(flow: FlowDefinition, options?: StartOptions): Promise<string> {
    validateFlow(flow);
    const runId = await createFlowRun(this.store, flow, options);
    this.log(`run ${runId} started (${flow.name}, in-process${this.parallel > 1 ? `, up to ${this.parallel} steps at once` : ''})`);
    this.driving.set(runId, this.drive(flow, runId));
    return runId;
  }

  async resume(flow: FlowDefinition, runId: string): Promise<void> {
    validateFlow(flow);
    const from = await reopenForResume(this.store, flow, runId);
    this.log(`run ${runId} resumed at step ${from}`);
    this.driving.set(runId, this.drive(flow, runId));
  }

  async wait(runId: string): Promise<FlowRunRecord> {
    await this.driving.get(runId);
    const run = await this.store.getRun(runId);
    if (!run) throw new FlowError('UNKNOWN_RUN', `flow run "${runId}" does not exist`);
    return run;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.driving.values());
    await this.closeExtra();
  }

  private async closeExtra(): Promise<void> {
    const idle = this.extra.filter((e) => !this.busy.has(e));
    for (const e of idle) {
      this.extra.splice(this.extra.indexOf(e), 1);
      this.lastRun.delete(e);
    }
    await Promise.allSettled(idle.map((e) => e.close()));
  }

  /** A free executor for a step of `runId`: one warm for the run first, then this process, then any free one, then a new one while under `parallel`. */
  private pick(runId: string): StepExecutor | undefined {
    const all = [...this.local, ...this.extra];
    const free = all.filter((e) => !this.busy.has(e));
    const warm = free.find((e) => this.lastRun.get(e) === runId);
    if (warm) return warm;
    if (free.length) return free[0]; // this process when free: it leads the list
    if (all.length >= this.parallel) return undefined;
    const made = this.options.fork ? this.options.fork() : inProcessExecutor(this.store, this.log);
    this.extra.push(made);
    return made;
  }

  /** Tries `step` until it succeeds or is out of tries; returns the run's failure message, if any. */
  private async tryStep(flow: FlowDefinition, runId: string, step: StepDefinition, executor: StepExecutor): Promise<string | undefined> {
    for (let tries = 1; ; tries++) {
      const outcome = await executor.execute(flow, runId, step.name);
      if (!outcome.error) return undefined;
      if (tries >= step.retry.attempts) {
        this.log(`run ${runId}: step ${step.name} failed after ${tries} tries`);
        return `step ${step.name}: ${outcome.error.message}`;
      }
      const wait = backoffDelay(step.retry, tries);
      this.log(`${step.name}: retrying in ${wait} ms`);
      await sleep(wait);
    }
  }

  private async drive(flow: FlowDefinition, runId: string): Promise<void> {
    const running = new Map<string, Promise<void>>();
    let failure: string | undefined;
    try {
      for (;;) {
        const run = await this.store.getRun(runId);
        if (!run) throw new FlowError('UNKNOWN_RUN', `flow run "${runId}" disappeared`);
        if (failure === undefined) {
          for (const step of readySteps(flow, run)) {
            if (running.has(step.name)) continue;
            const executor = this.pick(runId);
            if (!executor) break;
            this.busy.add(executor);
            this.lastRun.set(executor, runId);
            const task = this.tryStep(flow, runId, step, executor)
              // Never rejects: a store that failed under the step fails the run like a step would.
              .catch((error: unknown) => (error instanceof Error ? error.message : String(error)))
              .then((failed) => {
                failure ??= failed;
              })
              .finally(() => {
                this.busy.delete(executor);
                running.delete(step.name);
              });
            running.set(step.name, task);
          }
        }
        if (running.size > 0) {
          await Promise.race(running.values());
          continue;
        }
        // Read again now that nothing runs: the snapshot above may predate the last step's finish
        // (it can end while that read is in flight), and what it unlocked must still start.
        const latest = (await this.store.getRun(runId)) ?? run;
        if (failure === undefined && readySteps(flow, latest).length > 0) continue;
        if (failure === undefined && !allFinished(flow, latest)) failure = 'no step can start: a step it waits for is neither complete nor skipped';
        if (failure !== undefined) {
          await this.store.finishRun(runId, 'failed', new Date().toISOString(), failure);
          this.log(`run ${runId} failed: ${failure} (graphrec run --resume ${runId})`);
        } else {
          await this.store.finishRun(runId, 'complete', new Date().toISOString());
          this.log(`run ${runId} complete`);
        }
        return;
      }
    } catch (error) {
      // The store itself failed (Neo4j down): record it if we can, so the run is not left 'running'.
      await Promise.all(running.values());
      const message = error instanceof Error ? error.message : String(error);
      await this.store.finishRun(runId, 'failed', new Date().toISOString(), message).catch(() => undefined);
      this.log(`run ${runId} failed: ${message}`);
    } finally {
      // Child processes hold a projection of this run: let their memory go between runs.
      await this.closeExtra();
    }
  }
}
