/**
 * The default runner: the steps run one after another in this process, nothing to install. A
 * failed try is retried after its backoff; a step out of tries fails the run, which
 * `graphrec run --resume` continues later from that step.
 */
import { executeStep, nextStep } from './execute';
import { createFlowRun, FlowRunner, reopenForResume, StartOptions } from './runner';
import { FlowStore } from './store';
import { backoffDelay, FlowDefinition, FlowError, FlowRunRecord, validateFlow } from './types';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class InProcessRunner implements FlowRunner {
  readonly kind = 'in-process' as const;
  private readonly driving = new Map<string, Promise<void>>();

  constructor(
    private readonly store: FlowStore,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async start(flow: FlowDefinition, options?: StartOptions): Promise<string> {
    validateFlow(flow);
    const runId = await createFlowRun(this.store, flow, options);
    this.log(`run ${runId} started (${flow.name}, in-process)`);
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
  }

  private async drive(flow: FlowDefinition, runId: string): Promise<void> {
    try {
      for (;;) {
        const run = await this.store.getRun(runId);
        if (!run) throw new FlowError('UNKNOWN_RUN', `flow run "${runId}" disappeared`);
        const step = nextStep(flow, run);
        if (!step) {
          await this.store.finishRun(runId, 'complete', new Date().toISOString());
          this.log(`run ${runId} complete`);
          return;
        }
        for (let tries = 1; ; tries++) {
          const outcome = await executeStep(flow, this.store, runId, step.name, this.log);
          if (!outcome.error) break;
          if (tries >= step.retry.attempts) {
            await this.store.finishRun(runId, 'failed', new Date().toISOString(), `step ${step.name}: ${outcome.error.message}`);
            this.log(`run ${runId} failed at step ${step.name} after ${tries} tries (graphrec run --resume ${runId})`);
            return;
          }
          const wait = backoffDelay(step.retry, tries);
          this.log(`${step.name}: retrying in ${wait} ms`);
          await sleep(wait);
        }
      }
    } catch (error) {
      // The store itself failed (Neo4j down): record it if we can, so the run is not left 'running'.
      const message = error instanceof Error ? error.message : String(error);
      await this.store.finishRun(runId, 'failed', new Date().toISOString(), message).catch(() => undefined);
      this.log(`run ${runId} failed: ${message}`);
    }
  }
}
