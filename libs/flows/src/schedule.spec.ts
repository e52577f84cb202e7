import { InProcessRunner } from './in-process';
import { Lease } from './lease';
import { checkSchedule, lastSlot, missedSlot, nextSlot, Scheduler } from './schedule';
import { MemoryFlowStore } from './store';
import { tinyFlow, tinyStep } from './testing';

/** A lease in memory with a clock, to test expiry without waiting. */
class MemoryLease implements Lease {
  readonly name = 'daily';
  holder?: string;
  expiresAt = 0;
  constructor(private readonly now: () => number) {}
  async acquire(holder: string, ttlMs: number) {
    if (this.holder && this.holder !== holder && this.expiresAt >= this.now()) return false;
    this.holder = holder;
    this.expiresAt = this.now() + ttlMs;
    return true;
  }
  async renew(holder: string, ttlMs: number) {
    if (this.holder !== holder) return false;
    this.expiresAt = this.now() + ttlMs;
    return true;
  }
  async release(holder: string) {
    if (this.holder === holder) this.holder = undefined;
  }
}

describe('schedules', () => {
  it('computes slots in UTC and rejects a bad expression with the reason', () => {
    const at = new Date('2026-12-03T07:00:00Z');
    expect(nextSlot('0 3 * * *', at).toISOString()).toBe('2026-12-04T03:00:00.000Z');
    expect(lastSlot('0 3 * * *', at).toISOString()).toBe('2026-12-03T03:00:00.000Z');
    expect(lastSlot('0 3 * * *', new Date('2026-12-03T03:00:00Z')).toISOString()).toBe('2026-12-03T03:00:00.000Z');
    expect(() => checkSchedule('every day')).toThrow(/GRAPHREC_SCHEDULE "every day" is not a cron expression/);
  });

  it('catches up once on the latest missed slot, not on one that ran', async () => {
    const store = new MemoryFlowStore();
    const now = new Date('2026-12-03T07:00:00Z');
    expect((await missedSlot('0 3 * * *', now, store, 'f'))?.toISOString()).toBe('2026-12-03T03:00:00.000Z');
    await store.createRun({ id: 'r1', flow: 'f', steps: ['a'], startedAt: '2026-12-03T03:00:01.000Z', scheduledFor: '2026-12-03T03:00:00.000Z' });
    expect(await missedSlot('0 3 * * *', now, store, 'f')).toBeUndefined();
  });

  it('starts a slot once, skips it while another holder has the lease, takes an expired lease over', async () => {
    let clock = Date.parse('2026-12-03T07:00:00Z');
    const store = new MemoryFlowStore();
    const lease = new MemoryLease(() => clock);
    const flow = tinyFlow('f', [tinyStep('a', () => ({}))]);
    const scheduler = new Scheduler({ expr: '0 3 * * *', flow, runner: new InProcessRunner(store), store, lease, now: () => new Date(clock) });
    // a dead process holds the lease
    await lease.acquire('dead-process', 60_000);
    expect(await scheduler.trigger(new Date('2026-12-03T03:00:00Z'))).toBeUndefined();
    expect(await store.listRuns()).toHaveLength(0);
    clock += 61_000; // its lease expires: nobody renewed it
    const id = await scheduler.trigger(new Date('2026-12-03T03:00:00Z'));
    expect(id).toBeDefined();
    expect((await store.getRun(id!))?.status).toBe('complete');
    expect(lease.holder).toBeUndefined(); // released after the run
    expect(await scheduler.trigger(new Date('2026-12-03T03:00:00Z'))).toBeUndefined(); // slot started once
    expect(await store.listRuns()).toHaveLength(1);
  });
});
