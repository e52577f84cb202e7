/**
 * Schedules: GRAPHREC_SCHEDULE is a cron expression (5 fields, or 6 with seconds; UTC). The
 * scheduler (`graphrec scheduler`) starts the flow at each slot, one run at a time through the
 * lease, and at its own start catches up once on the latest slot it missed (while it was down),
 * never on every missed slot. A slot is started at most once: the FlowRun records it.
 */
import { CronExpressionParser } from 'cron-parser';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Lease, withLease } from './lease';
import { FlowRunner } from './runner';
import { FlowStore } from './store';
import { FlowDefinition, FlowError } from './types';

function parse(expr: string, currentDate: Date) {
  try {
    return CronExpressionParser.parse(expr, { currentDate, tz: 'UTC' });
  } catch (error) {
    throw new FlowError('BAD_SCHEDULE', `GRAPHREC_SCHEDULE "${expr}" is not a cron expression: ${(error as Error).message}`);
  }
}

/** Throws BAD_SCHEDULE with the reason when `expr` is not a usable cron expression. */
export function checkSchedule(expr: string): string {
  parse(expr, new Date());
  return expr;
}

/** The first slot strictly after `after`. */
export function nextSlot(expr: string, after: Date): Date {
  return parse(expr, after).next().toDate();
}

/** The latest slot at or before `at`. */
export function lastSlot(expr: string, at: Date): Date {
  return parse(expr, new Date(at.getTime() + 1)).prev().toDate();
}

/**
 * The slot to catch up on at start, if any: the latest slot before now when no run of the flow
 * (scheduled or by hand) started at or after it. Only that one: a scheduler down for a week runs
 * the flow once, not seven times.
 */
export async function missedSlot(expr: string, now: Date, store: FlowStore, flow: string): Promise<Date | undefined> {
  const slot = lastSlot(expr, now);
  const [latest] = await store.listRuns({ flow, limit: 1 });
  if (latest && Date.parse(latest.startedAt) >= slot.getTime()) return undefined;
  if (await store.runForSlot(flow, slot.toISOString())) return undefined;
  return slot;
}

export interface SchedulerOptions {
  expr: string;
  flow: FlowDefinition;
  runner: FlowRunner;
  store: FlowStore;
  lease: Lease;
  leaseTtlMs?: number;
  log?: (line: string) => void;
  now?: () => Date;
}

/** setTimeout's limit is ~24.8 days; sleeping in hour-long pieces also survives clock changes. */
const MAX_SLEEP_MS = 3_600_000;

export class Scheduler {
  private stopped = false;
  private wake?: () => void;
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(private readonly options: SchedulerOptions) {
    checkSchedule(options.expr);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /** Starts the run for one slot unless it was started already or another run holds the lease. */
  async trigger(slot: Date): Promise<string | undefined> {
    const { flow, store, runner, lease } = this.options;
    const scheduledFor = slot.toISOString();
    try {
      return await withLease(
        lease,
        this.holder,
        async () => {
          if (await store.runForSlot(flow.name, scheduledFor)) {
            this.log(`slot ${scheduledFor} was started already`);
            return undefined;
          }
          const runId = await runner.start(flow, { scheduledFor });
          const run = await runner.wait(runId);
          this.log(`run ${runId} for slot ${scheduledFor}: ${run.status}${run.error ? ` (${run.error})` : ''}`);
          return runId;
        },
        { ttlMs: this.options.leaseTtlMs, log: (line) => this.log(line) },
      );
    } catch (error) {
      if (error instanceof FlowError && error.code === 'LOCKED') {
        this.log(`slot ${scheduledFor} skipped: ${error.message}`);
        return undefined;
      }
      throw error;
    }
  }

  /** Catches up on a missed slot once, then starts the flow at every slot until stop(). */
  async run(): Promise<void> {
    const missed = await missedSlot(this.options.expr, this.now(), this.options.store, this.options.flow.name);
    if (missed) {
      this.log(`missed slot ${missed.toISOString()}: starting it now`);
      await this.trigger(missed);
    }
    while (!this.stopped) {
      const slot = nextSlot(this.options.expr, this.now());
      this.log(`next run at ${slot.toISOString()}`);
      while (!this.stopped && this.now() < slot) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(MAX_SLEEP_MS, slot.getTime() - this.now().getTime()));
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      if (!this.stopped) await this.trigger(slot);
    }
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}
