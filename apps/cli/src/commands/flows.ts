/**
 * `graphrec run`, `graphrec worker`, `graphrec runs`, `graphrec scheduler`: the daily flow of
 * libs/flows. Without GRAPHREC_REDIS_URL the steps run in this process; with it they run on
 * `graphrec worker` processes (BullMQ) and `graphrec run` waits for them. One run at a time: the
 * process that starts a run holds the flow's lease while it lasts (docs/flows.md).
 */
import {
  BullmqRunner,
  bullmqSettingsFromEnv,
  envInt,
  FlowError,
  forkedExecutor,
  FlowRunner,
  formatRunsTable,
  InProcessRunner,
  Lease,
  Neo4jFlowStore,
  Neo4jLease,
  redisConnection,
  RedisLease,
  Scheduler,
  serveSteps,
  startFlowWorker,
  withLease,
} from '@graphrec/flows';
import { GraphDb, migrate } from '@graphrec/neo4j';
import { Command, Option } from 'commander';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { dailyFlow, dailySettingsFromEnv, FLOW_NAMES } from '../flows/daily';
import { DEFAULT_SEED, parseChoice, parseFlowRunId, parsePositiveInt, parseSeed } from '../options';
import { withDb } from '../with-db';

const log = (line: string) => process.stdout.write(`[flow] ${line}\n`);

/** Unusable input (unknown run, not resumable, bad schedule) is exit 2; a run held by another, or failed, exit 1. */
function exitCodeOf(error: FlowError): number {
  return ['UNKNOWN_RUN', 'NOT_RESUMABLE', 'BAD_SCHEDULE', 'BAD_FLOW'].includes(error.code) ? 2 : 1;
}

interface Engine {
  runner: FlowRunner;
  lease: Lease;
  store: Neo4jFlowStore;
  close(): Promise<void>;
}

/**
 * Steps the in-process runner runs at once (GRAPHREC_FLOW_PARALLEL, default 2): the daily flow's
 * two branches after embeddings, each on a child process (`graphrec flow-executor`; this process
 * only schedules), the second projecting the graph for itself — more memory (docs/flows.md), so 1
 * on a machine short of it (then every step runs in this process).
 */
export const DEFAULT_FLOW_PARALLEL = 2;

/** The CLI's own entry, which a child executor runs with `flow-executor`. */
const CLI_BIN = join(__dirname, '..', '..', 'bin', 'graphrec.js');

/** The runner and lease the environment asks for: BullMQ and a Redis lease with GRAPHREC_REDIS_URL, else in-process and a Neo4j lease. */
function engine(db: GraphDb, flowName: string): Engine {
  const store = new Neo4jFlowStore(db);
  const settings = bullmqSettingsFromEnv();
  if (!settings) {
    const parallel = envInt(process.env, 'GRAPHREC_FLOW_PARALLEL', DEFAULT_FLOW_PARALLEL);
    const runner = new InProcessRunner(store, log, { parallel, fork: () => forkedExecutor({ script: CLI_BIN, args: ['flow-executor'] }, store, log) });
    return { store, runner, lease: new Neo4jLease(db, `flow-${flowName}`), close: () => runner.close() };
  }
  const redis = redisConnection(settings.url);
  const runner = new BullmqRunner(store, settings, log);
  return {
    store,
    runner,
    lease: new RedisLease(redis, `flow-${flowName}`),
    async close() {
      await runner.close();
      redis.disconnect();
    },
  };
}

const holder = () => `${hostname()}:${process.pid}`;

export interface RunFlowOptions {
  flow: string;
  resume?: string;
  seed: number;
  epochs?: number;
  ranker: boolean;
  propensity: boolean;
}

export async function runFlow(db: GraphDb, options: RunFlowOptions): Promise<number> {
  await db.verify();
  await migrate(db);
  let made: Engine | undefined;
  try {
    // Inside the try: a bad GRAPHREC_FLOW_* setting is unusable input (exit 2), said in one line.
    made = engine(db, options.flow);
    const { store, runner, lease } = made;
    const flow = dailyFlow(db, store, dailySettingsFromEnv());
    return await withLease(
      lease,
      holder(),
      async () => {
        let runId = options.resume;
        if (runId) await runner.resume(flow, runId);
        else {
          const params = { seed: options.seed, ranker: options.ranker, propensity: options.propensity, ...(options.epochs === undefined ? {} : { epochs: options.epochs }) };
          runId = await runner.start(flow, { params });
        }
        if (runner.kind === 'bullmq') log('waiting for graphrec worker processes to run the steps');
        const run = await runner.wait(runId);
        process.stdout.write(formatRunsTable([run]));
        if (run.status !== 'complete') process.stderr.write(`graphrec run: ${run.id} failed (${run.error}); continue it with graphrec run --resume ${run.id}\n`);
        return run.status === 'complete' ? 0 : 1;
      },
      { log },
    );
  } catch (error) {
    if (!(error instanceof FlowError)) throw error;
    process.stderr.write(`graphrec run: ${error.message}\n`);
    return exitCodeOf(error);
  } finally {
    await made?.close();
  }
}

/** Resolves on SIGINT or SIGTERM: workers and the scheduler finish what they hold, then exit. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => resolve(signal);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

export async function runWorker(db: GraphDb): Promise<number> {
  const settings = bullmqSettingsFromEnv();
  if (!settings) {
    process.stderr.write('graphrec worker: set GRAPHREC_REDIS_URL (a Redis the runs share; npm run redis:start for a local one); without it graphrec run executes the steps itself\n');
    return 2;
  }
  await db.verify();
  await migrate(db);
  const store = new Neo4jFlowStore(db);
  const worker = startFlowWorker([dailyFlow(db, store, dailySettingsFromEnv())], store, settings, log);
  await worker.ready();
  log(`worker ${holder()} taking steps from queue ${settings.queue} (lock ${settings.lockDurationMs} ms, stalled check every ${settings.stalledIntervalMs} ms)`);
  const signal = await untilSignal();
  log(`${signal}: finishing the step in hand, then stopping`);
  await worker.close();
  return 0;
}

/** The child side of GRAPHREC_FLOW_PARALLEL: runs the steps its parent `graphrec run` sends until it disconnects. */
export async function runFlowExecutor(db: GraphDb): Promise<number> {
  const store = new Neo4jFlowStore(db);
  const childLog = (line: string) => process.stdout.write(`[flow ${process.pid}] ${line}\n`);
  try {
    await serveSteps([dailyFlow(db, store, dailySettingsFromEnv())], store, childLog);
  } catch (error) {
    if (!(error instanceof FlowError)) throw error;
    process.stderr.write(`graphrec flow-executor: ${error.message}\n`);
    return 2;
  }
  return 0;
}

export async function runScheduler(db: GraphDb, flowName: string): Promise<number> {
  const expr = process.env.GRAPHREC_SCHEDULE;
  if (!expr) {
    process.stderr.write('graphrec scheduler: set GRAPHREC_SCHEDULE to a cron expression (UTC), e.g. "0 3 * * *" for 03:00 every day\n');
    return 2;
  }
  await db.verify();
  await migrate(db);
  let made: Engine | undefined;
  try {
    made = engine(db, flowName);
    const { store, runner, lease } = made;
    const scheduler = new Scheduler({ expr, flow: dailyFlow(db, store, dailySettingsFromEnv()), runner, store, lease, log });
    void untilSignal().then((signal) => {
      log(`${signal}: stopping after the run in hand (if any)`);
      scheduler.stop();
    });
    await scheduler.run();
    return 0;
  } catch (error) {
    if (!(error instanceof FlowError)) throw error;
    process.stderr.write(`graphrec scheduler: ${error.message}\n`);
    return exitCodeOf(error);
  } finally {
    await made?.close();
  }
}

export async function listFlowRuns(db: GraphDb, options: { json?: boolean; limit: number; flow?: string }): Promise<number> {
  await db.verify();
  const runs = await new Neo4jFlowStore(db).listRuns({ flow: options.flow, limit: options.limit });
  process.stdout.write(options.json ? JSON.stringify(runs, null, 2) + '\n' : formatRunsTable(runs));
  return 0;
}

const flowOption = () => new Option('--flow <name>', 'the flow').argParser(parseChoice(FLOW_NAMES, '--flow')).default('daily');

export function runCommand(openDb: () => GraphDb): Command {
  return new Command('run')
    .description('run the daily flow (ingest deltas, embeddings, segments, ranker, propensity, export, drift checks) — in this process, or on graphrec workers when GRAPHREC_REDIS_URL is set')
    .addOption(flowOption())
    .option('--resume <run>', 'continue a failed run from its failed step (complete steps keep their outputs)', (v) => parseFlowRunId(v))
    .option('--seed <n>', 'seed of training and segmentation', (v) => parseSeed(v), DEFAULT_SEED)
    .option('--epochs <n>', 'training epochs at most', (v) => parsePositiveInt(v, '--epochs'))
    .option('--no-ranker', 'skip training the ranker')
    .option('--no-propensity', 'skip training the propensity models')
    .action((options: RunFlowOptions) => withDb(openDb, (db) => runFlow(db, options)));
}

export function workerCommand(openDb: () => GraphDb): Command {
  return new Command('worker')
    .description('execute flow steps from the queue in GRAPHREC_REDIS_URL until SIGINT/SIGTERM (run any number, on any machine)')
    .action(() => withDb(openDb, (db) => runWorker(db)));
}

/** Internal: started by `graphrec run` for a step that runs beside another (not listed in --help). */
export function flowExecutorCommand(openDb: () => GraphDb): Command {
  return new Command('flow-executor').description('run flow steps for a parent graphrec run (internal)').action(() => withDb(openDb, (db) => runFlowExecutor(db)));
}

export function schedulerCommand(openDb: () => GraphDb): Command {
  return new Command('scheduler')
    .description('start the flow at every GRAPHREC_SCHEDULE slot (cron, UTC), one run at a time; a slot missed while down runs once at start')
    .addOption(flowOption())
    .action((options: { flow: string }) => withDb(openDb, (db) => runScheduler(db, options.flow)));
}

export function runsCommand(openDb: () => GraphDb): Command {
  return new Command('runs')
    .description('list flow runs, newest first, with step timings, tries, outcomes, metrics and drift')
    .option('--json', 'print the runs as JSON')
    .option('--limit <n>', 'runs to list', (v) => parsePositiveInt(v, '--limit', 1000), 20)
    .addOption(new Option('--flow <name>', 'only runs of this flow').argParser(parseChoice(FLOW_NAMES, '--flow')))
    .action((options: { json?: boolean; limit: number; flow?: string }) => withDb(openDb, (db) => listFlowRuns(db, options)));
}
