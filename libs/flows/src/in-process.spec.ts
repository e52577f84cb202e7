import { InProcessRunner } from './in-process';
import { MemoryFlowStore } from './store';
import { tinyFlow, tinyStep } from './testing';

describe('InProcessRunner (memory store)', () => {
  it('runs steps in order, hands outputs on and records metrics', async () => {
    const store = new MemoryFlowStore();
    const runner = new InProcessRunner(store);
    const flow = tinyFlow('t', [
      tinyStep('one', () => ({ outputs: { n: 2 }, metrics: { score: 0.5 } }), { outputs: ['n'] }),
      tinyStep('two', (ctx) => ({ outputs: { n: Number(ctx.inputs.one.n) * 10 } }), { inputs: ['one'], outputs: ['n'] }),
    ]);
    const run = await runner.wait(await runner.start(flow));
    expect(run.status).toBe('complete');
    expect(run.steps.map((s) => [s.step, s.status, s.attempts])).toEqual([['one', 'complete', 1], ['two', 'complete', 1]]);
    expect(run.steps[1].outputs).toEqual({ n: 20 });
    expect(run.steps[0].metrics).toEqual({ score: 0.5 });
  });

  it('retries a failing step with backoff and succeeds within its tries', async () => {
    const store = new MemoryFlowStore();
    const times: number[] = [];
    const flow = tinyFlow('t', [
      tinyStep('flaky', (ctx) => {
        times.push(Date.now());
        if (ctx.attempt < 3) throw new Error(`boom ${ctx.attempt}`);
        return {};
      }, { retry: { attempts: 3, backoffMs: 40, maxBackoffMs: 1000 } }),
    ]);
    const runner = new InProcessRunner(store);
    const run = await runner.wait(await runner.start(flow));
    expect(run.status).toBe('complete');
    expect(run.steps[0].attempts).toBe(3);
    // waits of at least 40 and 80 ms: exponential
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(38);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(78);
  });

  it('fails the run when a step is out of tries, and --resume continues from that step only', async () => {
    const store = new MemoryFlowStore();
    const calls: string[] = [];
    let broken = true;
    const flow = tinyFlow('t', [
      tinyStep('a', () => (calls.push('a'), { outputs: { v: 'x' } }), { outputs: ['v'] }),
      tinyStep('b', (ctx) => {
        calls.push('b');
        if (broken) throw new Error('down');
        return { outputs: { got: String(ctx.inputs.a.v) } };
      }, { inputs: ['a'], outputs: ['got'], retry: { attempts: 2 } }),
      tinyStep('c', () => (calls.push('c'), {})),
    ]);
    const runner = new InProcessRunner(store);
    const id = await runner.start(flow);
    const failed = await runner.wait(id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/step b: down/);
    expect(failed.steps.map((s) => s.status)).toEqual(['complete', 'failed', 'pending']);
    broken = false;
    await runner.resume(flow, id);
    const done = await runner.wait(id);
    expect(done.status).toBe('complete');
    expect(done.resumes).toBe(1);
    expect(calls).toEqual(['a', 'b', 'b', 'b', 'c']);
    expect(done.steps[1].outputs).toEqual({ got: 'x' });
    await expect(runner.resume(flow, id)).rejects.toThrow(/only a failed run/);
  });

  it('times a step out, records skipped steps, and refuses a step that forgets a declared output', async () => {
    const store = new MemoryFlowStore();
    const runner = new InProcessRunner(store);
    const slow = tinyFlow('t', [tinyStep('slow', () => new Promise((r) => setTimeout(() => r({}), 500)), { timeoutMs: 20, retry: { attempts: 1 } })]);
    const timedOut = await runner.wait(await runner.start(slow));
    expect(timedOut.steps[0].error).toMatch(/timed out after 20 ms/);
    const skipping = tinyFlow('s', [tinyStep('nothing', () => ({ skipped: 'no inbox' }), { outputs: ['x'] }), tinyStep('forgets', () => ({}), { outputs: ['y'], retry: { attempts: 1 } })]);
    const run = await runner.wait(await runner.start(skipping));
    expect(run.steps[0]).toMatchObject({ status: 'skipped', skipped: 'no inbox' });
    expect(run.steps[1].error).toMatch(/did not produce its declared output\(s\) y/);
  });
});
