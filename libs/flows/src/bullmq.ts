/**
 * The distributed runner: the same flow definition on BullMQ over Redis. One queue, one job per
 * step of a run, sequenced by us rather than by a FlowProducer tree (docs/flows.md says why: a
 * resume is just "enqueue the failed step again", and a tree's failed child would block its
 * parent for good). Each job carries its step's retry policy (attempts, capped exponential
 * backoff); the worker that completes a step enqueues every step that is now ready (types.ts:
 * independent branches go to different workers at once) under deterministic job ids, so a step
 * completed twice (a stalled job that was in fact alive), or two branches ending together, enqueue
 * a successor once.
 *
 * A worker killed mid-step (SIGKILL: no chance to say so) stops renewing its job lock; after
 * lockDurationMs another worker's stalled-job check (every stalledIntervalMs) moves the job back
 * to the queue and a live worker runs the step again (its StepRun counts the attempt).
 */
import { Job, MinimalJob, Queue, UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { allFinished, executeStep, readySteps, stepOf } from './execute';
import { createFlowRun, FlowRunner, pollUntilFinished, reopenForResume, StartOptions } from './runner';
import { FlowStore } from './store';
import { backoffDelay, FlowDefinition, FlowError, FlowRunRecord, RetryPolicy, validateFlow } from './types';

export const FLOW_QUEUE = 'graphrec-flows';

export interface BullmqSettings {
  url: string;
  queue: string;
  /**
   * How long a worker's claim on a step lasts without renewal (BullMQ renews it every half of
   * this while the event loop is free). A killed worker's step is taken over after about
   * lockDurationMs + stalledIntervalMs. Too short and a step that blocks the event loop longer
   * (a big Louvain pass) looks stalled and runs twice; steps are idempotent, so that costs time
   * only. Default 60 s.
   */
  lockDurationMs: number;
  /** How often each worker looks for stalled steps. Default 15 s. */
  stalledIntervalMs: number;
  /** Stalls a step may have before it is failed (a step that kills its worker every time). */
  maxStalledCount: number;
  /** Steps one worker runs at once. Steps are CPU-heavy: 1. */
  concurrency: number;
}

/** An integer setting from the environment (unset or empty: `fallback`), positive (or, with min 0, non-negative); anything else is refused. */
export function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: 0 | 1 = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new FlowError('BAD_FLOW', `${name} must be a ${min === 0 ? 'non-negative' : 'positive'} integer, got "${raw}"`);
  return value;
}

/** Settings from GRAPHREC_REDIS_URL and GRAPHREC_FLOW_* (docs/flows.md), or undefined without Redis. */
export function bullmqSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): BullmqSettings | undefined {
  const url = env.GRAPHREC_REDIS_URL;
  if (!url) return undefined;
  return {
    url,
    queue: env.GRAPHREC_FLOW_QUEUE || FLOW_QUEUE,
    lockDurationMs: envInt(env, 'GRAPHREC_FLOW_LOCK_MS', 60_000),
    stalledIntervalMs: envInt(env, 'GRAPHREC_FLOW_STALLED_MS', 15_000),
    maxStalledCount: envInt(env, 'GRAPHREC_FLOW_MAX_STALLS', 2),
    concurrency: envInt(env, 'GRAPHREC_FLOW_CONCURRENCY', 1),
  };
}

/** BullMQ's blocking commands need maxRetriesPerRequest: null. The URL (with its password) is never logged. */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

interface StepJob {
  runId: string;
  flow: string;
  step: string;
  retry: RetryPolicy;
}

const jobId = (runId: string, step: string, resumes: number) => `${runId}__${step}__r${resumes}`;

/** Enqueues every step of the run that may start now (each once: deterministic job ids). */
async function enqueueReady(queue: Queue, flow: FlowDefinition, run: FlowRunRecord): Promise<void> {
  for (const step of readySteps(flow, run)) await enqueue(queue, flow, run.id, step.name, run.resumes);
}

async function enqueue(queue: Queue, flow: FlowDefinition, runId: string, stepName: string, resumes: number): Promise<void> {
  const step = stepOf(flow, stepName);
  const data: StepJob = { runId, flow: flow.name, step: stepName, retry: step.retry };
  await queue.add(stepName, data, {
    jobId: jobId(runId, stepName, resumes),
    attempts: step.retry.attempts,
    backoff: { type: 'flow' },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 1000 },
  });
}

export class BullmqRunner implements FlowRunner {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly queue: Queue;

  constructor(
    private readonly store: FlowStore,
    settings: BullmqSettings,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.connection = redisConnection(settings.url);
    this.queue = new Queue(settings.queue, { connection: this.connection });
  }

  async start(flow: FlowDefinition, options?: StartOptions): Promise<string> {
    validateFlow(flow);
    const runId = await createFlowRun(this.store, flow, options);
    const run = await this.store.getRun(runId);
    if (!run) throw new FlowError('UNKNOWN_RUN', `flow run "${runId}" was not created`);
    await enqueueReady(this.queue, flow, run);
    this.log(`run ${runId} started (${flow.name}, on BullMQ: graphrec worker processes run the steps)`);
    return runId;
  }

  async resume(flow: FlowDefinition, runId: string): Promise<void> {
    validateFlow(flow);
    const from = await reopenForResume(this.store, flow, runId);
    const run = await this.store.getRun(runId);
    if (!run) throw new FlowError('UNKNOWN_RUN', `flow run "${runId}" disappeared`);
    await enqueueReady(this.queue, flow, run);
    this.log(`run ${runId} resumed at step ${from}`);
  }

  wait(runId: string): Promise<FlowRunRecord> {
    return pollUntilFinished(this.store, runId);
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}

export interface FlowWorker {
  /** Resolves once the worker is connected and taking jobs. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A worker executing steps of the given flows. Marks a run failed when a step is out of tries (or
 * stalled more than maxStalledCount times) and complete after its last step.
 */
export function startFlowWorker(flows: FlowDefinition[], store: FlowStore, settings: BullmqSettings, log: (line: string) => void = () => undefined): FlowWorker {
  const byName = new Map(flows.map((f) => [validateFlow(f).name, f]));
  const queueConnection = redisConnection(settings.url);
  const queue = new Queue(settings.queue, { connection: queueConnection });
  const workerConnection = redisConnection(settings.url);

  const processor = async (job: Job<StepJob>): Promise<void> => {
    const flow = byName.get(job.data.flow);
    if (!flow) throw new UnrecoverableError(`this worker does not know flow "${job.data.flow}"`);
    const outcome = await executeStep(flow, store, job.data.runId, job.data.step, log);
    if (outcome.error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await store.finishRun(job.data.runId, 'failed', new Date().toISOString(), `step ${job.data.step}: ${outcome.error.message}`);
        log(`run ${job.data.runId} failed at step ${job.data.step} (graphrec run --resume ${job.data.runId})`);
      }
      // Booked: the 'failed' handler below must not finish the run again (a resume may have reopened it by then).
      throw Object.assign(outcome.error, { flowBooked: true });
    }
    const run = await store.getRun(job.data.runId);
    if (!run) throw new FlowError('UNKNOWN_RUN', `flow run "${job.data.runId}" disappeared`);
    // A run failed by another branch starts nothing new (its resume enqueues what is ready then).
    if (run.status !== 'running') return;
    if (allFinished(flow, run)) {
      await store.finishRun(run.id, 'complete', new Date().toISOString());
      log(`run ${run.id} complete`);
    } else await enqueueReady(queue, flow, run);
  };

  const worker = new Worker<StepJob>(settings.queue, processor, {
    connection: workerConnection,
    concurrency: settings.concurrency,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: settings.maxStalledCount,
    settings: { backoffStrategy: (attemptsMade: number, _type?: string, _error?: Error, job?: MinimalJob) => backoffDelay((job?.data as StepJob).retry, attemptsMade) },
  });
  worker.on('failed', (job, error) => {
    // A step failed for good outside the processor's bookkeeping: by the stalled-job check, as
    // unrecoverable (a flow this worker does not know), or out of tries because the store itself failed.
    const booked = (error as Error & { flowBooked?: boolean }).flowBooked === true;
    const final = job && (job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError' || /stalled/i.test(error.message));
    if (job && final && !booked) {
      void store.finishRun(job.data.runId, 'failed', new Date().toISOString(), `step ${job.data.step}: ${error.message}`).catch(() => undefined);
    }
  });
  worker.on('error', (error) => log(`worker: ${error.message}`));
  return {
    ready: () => worker.waitUntilReady().then(() => undefined),
    async close() {
      await worker.close();
      await queue.close();
      workerConnection.disconnect();
      queueConnection.disconnect();
    },
  };
}
