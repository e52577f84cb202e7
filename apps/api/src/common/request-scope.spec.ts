import { requestScope, Semaphore, withinRequestBound } from './request-scope';

const tick = () => new Promise((r) => setImmediate(r));

describe('per-request database bound', () => {
  it('runs at most `size` tasks at once, in arrival order, and remembers the peak', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      order.push(i);
      running--;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => semaphore.run(task(i))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(2);
    expect(semaphore.peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('releases its slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
  });

  it('applies the bound of the request the statement belongs to, through callbacks and timers', async () => {
    const a = new Semaphore(3);
    let inFlight = 0;
    let most = 0;
    const statement = () =>
      withinRequestBound(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await tick();
        inFlight--;
      });
    await requestScope.run({ db: a }, async () => {
      // As DataLoader does: statements started from a later tick still belong to this request.
      await new Promise<void>((resolve) => setImmediate(() => void Promise.all(Array.from({ length: 20 }, statement)).then(() => resolve())));
    });
    expect(most).toBe(3);
    expect(a.peak).toBe(3);
    // Outside any request (start-up, the probe) nothing is queued.
    await Promise.all(Array.from({ length: 5 }, statement));
    expect(most).toBe(5);
  });
});
