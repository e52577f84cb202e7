import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { forkedExecutor, inProcessExecutor, StepExecutor } from './executor';
import { readySteps } from './execute';
import { InProcessRunner } from './in-process';
import { MemoryFlowStore } from './store';
import { tinyFlow, tinyStep } from './testing';
import { dependenciesOf, FlowDefinition, StepDefinition, validateFlow } from './types';

const after = (step: StepDefinition, names: string[]): StepDefinition => ({ ...step, after: names });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** root → (left-a → left-b) and (right) → join(left-b, right): a diamond with a longer left branch. */
function diamond(log: string[], stepMs = 30, broken?: string): FlowDefinition {
  const step = (name: string, inputs: string[]) =>
    after(
      tinyStep(name, async () => {
        log.push(`start ${name}`);
        await sleep(stepMs);
        if (name === broken) throw new Error(`${name} broke`);
        log.push(`end ${name}`);
        return {};
      }, { inputs, retry: { attempts: 1 } }),
      [],
    );
  return tinyFlow('d', [step('root', []), step('left-a', ['root']), step('right', ['root']), step('left-b', ['left-a']), step('join', ['left-b', 'right'])]);
}

describe('flow order: after and dependencies', () => {
  it('a step without `after` waits for every earlier step; with it, for its inputs and `after` only', () => {
    const flow = tinyFlow('o', [tinyStep('a', () => ({})), tinyStep('b', () => ({})), after(tinyStep('c', () => ({}), { inputs: ['a'] }), []), tinyStep('d', () => ({}))]);
    expect(dependenciesOf(flow, flow.steps[1])).toEqual(['a']);
    expect(dependenciesOf(flow, flow.steps[2])).toEqual(['a']);
    expect(dependenciesOf(flow, flow.steps[3])).toEqual(['a', 'b', 'c']);
  });

  it('refuses `after` naming a later or unknown step', () => {
    expect(() => validateFlow(tinyFlow('o', [after(tinyStep('a', () => ({})), ['b']), tinyStep('b', () => ({}))]))).toThrow(/waits for "b", which is not an earlier step/);
  });

  it('readySteps: pending steps whose waits are over, in flow order', () => {
    const flow = diamond([]);
    const run = (statuses: Record<string, string>) => ({
      id: 'r', flow: 'd', status: 'running' as const, startedAt: '', params: {}, resumes: 0,
      steps: flow.steps.map((s) => ({ step: s.name, status: (statuses[s.name] ?? 'pending') as 'pending', attempts: 0 })),
    });
    expect(readySteps(flow, run({})).map((s) => s.name)).toEqual(['root']);
    expect(readySteps(flow, run({ root: 'complete' })).map((s) => s.name)).toEqual(['left-a', 'right']);
    expect(readySteps(flow, run({ root: 'complete', 'left-a': 'running', right: 'skipped' })).map((s) => s.name)).toEqual([]);
    expect(readySteps(flow, run({ root: 'complete', 'left-a': 'failed', right: 'complete' })).map((s) => s.name)).toEqual([]);
    expect(readySteps(flow, run({ root: 'complete', 'left-a': 'complete', 'left-b': 'complete', right: 'complete' })).map((s) => s.name)).toEqual(['join']);
  });
});

describe('InProcessRunner with parallel steps (memory store)', () => {
  it('parallel 1 runs the diamond one step at a time, in flow order', async () => {
    const log: string[] = [];
    const runner = new InProcessRunner(new MemoryFlowStore());
    const run = await runner.wait(await runner.start(diamond(log)));
    expect(run.status).toBe('complete');
    expect(log).toEqual(['root', 'left-a', 'right', 'left-b', 'join'].flatMap((n) => [`start ${n}`, `end ${n}`]));
  });

  it('parallel 2 runs the branches side by side and the join after both', async () => {
    const log: string[] = [];
    const runner = new InProcessRunner(new MemoryFlowStore(), undefined, { parallel: 2 });
    const run = await runner.wait(await runner.start(diamond(log)));
    expect(run.status).toBe('complete');
    // right starts before left-a ends: the branches overlap.
    expect(log.indexOf('start right')).toBeLessThan(log.indexOf('end left-a'));
    expect(log.indexOf('start join')).toBeGreaterThan(Math.max(log.indexOf('end left-b'), log.indexOf('end right')));
    expect(log.filter((l) => l.startsWith('start'))).toHaveLength(5);
    await runner.close();
  });

  it('a step out of tries: nothing new starts, the step in flight finishes, the run fails; --resume does the rest', async () => {
    const log: string[] = [];
    const store = new MemoryFlowStore();
    const runner = new InProcessRunner(store, undefined, { parallel: 2 });
    // right fails at once (5 ms) while left-a (60 ms) is in flight.
    const flow = diamond(log, 60, 'right');
    const quickRight = flow.steps.map((s) => (s.name === 'right' ? { ...s, run: async () => (log.push('start right'), await sleep(5), Promise.reject(new Error('right broke'))) } : s));
    const id = await runner.start({ ...flow, steps: quickRight });
    const failed = await runner.wait(id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/step right: right broke/);
    expect(log).toContain('end left-a');
    expect(log).not.toContain('start left-b');
    expect(failed.steps.map((s) => s.status)).toEqual(['complete', 'complete', 'failed', 'pending', 'pending']);
    const fixed = diamond(log, 1);
    await runner.resume(fixed, id);
    const done = await runner.wait(id);
    expect(done.status).toBe('complete');
    expect(done.steps.map((s) => s.attempts)).toEqual([1, 1, 2, 1, 1]);
  });
});

describe('InProcessRunner with a fork factory', () => {
  /** Stand-in children: executors that run steps here but say which of them ran what. */
  function fakeChildren(store: MemoryFlowStore) {
    const ran: Array<[number, string]> = [];
    let made = 0;
    const fork = (): StepExecutor => {
      const id = ++made;
      const inner = inProcessExecutor(store, () => undefined);
      return { label: `fake ${id}`, execute: (flow, runId, step) => (ran.push([id, step]), inner.execute(flow, runId, step)), close: async () => undefined };
    };
    return { fork, ran, made: () => made };
  }

  it('parallel 2: every step runs on a child (this process only schedules), two children at most, a branch stays on its child', async () => {
    const store = new MemoryFlowStore();
    const children = fakeChildren(store);
    const log: string[] = [];
    const runner = new InProcessRunner(store, undefined, { parallel: 2, fork: children.fork });
    const run = await runner.wait(await runner.start(diamond(log)));
    expect(run.status).toBe('complete');
    expect(children.ran.map(([, step]) => step).sort()).toEqual(['join', 'left-a', 'left-b', 'right', 'root']);
    expect(children.made()).toBe(2);
    const on = new Map(children.ran.map(([id, step]) => [step, id]));
    expect(on.get('left-a')).toBe(on.get('root'));
    expect(on.get('right')).not.toBe(on.get('root'));
    expect(log.indexOf('start right')).toBeLessThan(log.indexOf('end left-a'));
  });

  it('parallel 1: the steps run in this process, no child is made', async () => {
    const store = new MemoryFlowStore();
    const children = fakeChildren(store);
    const runner = new InProcessRunner(store, undefined, { parallel: 1, fork: children.fork });
    const run = await runner.wait(await runner.start(diamond([])));
    expect(run.status).toBe('complete');
    expect(children.made()).toBe(0);
  });
});

describe('InProcessRunner: a step that ends while the scheduler reads the run', () => {
  /** A store whose next read, when asked, returns its snapshot late (as a slow Neo4j round trip would). */
  class SlowReadStore extends MemoryFlowStore {
    slowNext = false;
    override async getRun(id: string) {
      const snapshot = await super.getRun(id);
      if (this.slowNext) {
        this.slowNext = false;
        await sleep(60);
      }
      return snapshot;
    }
  }

  it('still starts what that step unlocked instead of failing the run', async () => {
    const store = new SlowReadStore();
    const flow = tinyFlow('race', [
      tinyStep('root', () => ({})),
      // x ends first and makes the scheduler's next read slow; y ends during that read.
      after(tinyStep('x', () => ((store.slowNext = true), {}), { inputs: ['root'] }), []),
      after(tinyStep('y', async () => (await sleep(25), {}), { inputs: ['root'] }), []),
      after(tinyStep('z', () => ({}), { inputs: ['y'] }), []),
    ]);
    const runner = new InProcessRunner(store, undefined, { parallel: 2 });
    const run = await runner.wait(await runner.start(flow));
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('complete');
    expect(run.steps.map((s) => s.status)).toEqual(['complete', 'complete', 'complete', 'complete']);
  });
});

describe('forkedExecutor (a real child process, scripted)', () => {
  const script = join(__dirname, 'fixtures', 'scripted-executor.js');
  const flow = tinyFlow('f', [tinyStep('ok', () => ({})), tinyStep('fail', () => ({})), tinyStep('crash', () => ({}))]);

  it('keeps one child for successive steps, replaces it after a failed or lost step, and records a lost step as failed', async () => {
    const store = new MemoryFlowStore();
    await store.createRun({ id: 'r1', flow: 'f', steps: ['ok', 'fail', 'crash'], startedAt: new Date().toISOString() });
    const executor = forkedExecutor({ script, args: [] }, store, () => undefined);
    try {
      const first = await executor.execute(flow, 'r1', 'ok');
      const second = await executor.execute(flow, 'r1', 'ok');
      expect(first.error).toBeUndefined();
      expect(second.result?.outputs?.pid).toBe(first.result?.outputs?.pid);
      const failed = await executor.execute(flow, 'r1', 'fail');
      expect(failed.error?.message).toBe('scripted failure');
      // At once, as a runner's retry would: the failed child is on its way out, never reused.
      const after = await executor.execute(flow, 'r1', 'ok');
      expect(after.error).toBeUndefined();
      expect(after.result?.outputs?.pid).not.toBe(first.result?.outputs?.pid);
      // The stand-in does not record starts; a real child's step would be 'running' when it died.
      await store.stepStarted('r1', 'crash', new Date().toISOString());
      const lost = await executor.execute(flow, 'r1', 'crash');
      expect(lost.error?.message).toMatch(/exited \(code 9\) before it finished/);
      expect((await store.getRun('r1'))?.steps[2]).toMatchObject({ status: 'failed', attempts: 1 });
      const again = await executor.execute(flow, 'r1', 'ok');
      expect(again.error).toBeUndefined();
    } finally {
      await executor.close();
    }
  });
});

describe('serveSteps (a real child running it)', () => {
  const start = (): ChildProcess => fork(join(__dirname, 'fixtures', 'serving-child.ts'), [], { execArgv: ['--require', require.resolve('tsx/cjs')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const outcomeOf = (child: ChildProcess) => new Promise<{ attempt: number; result?: { outputs?: { pid?: number } }; error?: string }>((resolve) => child.once('message', resolve as (m: unknown) => void));

  it('answers a step with its outcome, and leaves quietly when its parent disconnects between steps', async () => {
    const child = start();
    const exit = exitOf(child);
    const answer = outcomeOf(child);
    child.send({ kind: 'step', flow: 'f', runId: 'r', step: 'quick' });
    expect(await answer).toMatchObject({ attempt: 1, result: { outputs: { pid: child.pid } } });
    const unknown = outcomeOf(child);
    child.send({ kind: 'step', flow: 'nope', runId: 'r', step: 'quick' });
    expect((await unknown).error).toMatch(/does not know flow "nope"/);
    child.disconnect();
    expect(await exit).toBe(0);
  });

  it('stops (exit 1) when its parent goes away mid-step instead of working on for nobody', async () => {
    const child = start();
    const exit = exitOf(child);
    const answer = outcomeOf(child);
    child.send({ kind: 'step', flow: 'f', runId: 'r', step: 'quick' });
    await answer;
    child.send({ kind: 'step', flow: 'f', runId: 'r', step: 'endless' });
    // No wait: the step message is read before the channel's end, so the child has the step in hand.
    child.disconnect();
    expect(await exit).toBe(1);
  });
});
