import { AsyncLocalStorage } from 'node:async_hooks';
import { DecisionWriter } from './decision-writer';
import type { StoredDecision } from './types';

const decision = (id: string): StoredDecision => ({ id, slot: 's', userId: 'u', productId: 'p', actions: ['p'], context: {}, propensity: 1, policy: 'thompson', policyVersion: 'thompson@0', createdAt: 0 });

/** A write that holds each batch until released. */
function heldWrites() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const write = async (ds: readonly StoredDecision[]) => {
    batches.push(ds.map((d) => d.id));
    await new Promise<void>((r) => releases.push(r));
  };
  return { batches, releases, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('DecisionWriter (group commit)', () => {
  it('commit mode: answers after the commit; decisions arriving during a write go in the next batch', async () => {
    const { batches, releases, write } = heldWrites();
    const writer = new DecisionWriter(write, { mode: 'commit' });
    let firstDone = false;
    const first = writer.add(decision('a')).then(() => (firstDone = true));
    const rest = ['b', 'c', 'd'].map((id) => writer.add(decision(id)));
    await tick();
    expect(batches).toEqual([['a']]);
    expect(firstDone).toBe(false);
    releases[0]();
    await first;
    await tick();
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    releases[1]();
    await Promise.all(rest);
  });

  it('buffered mode: answers at once, outcomes wait for the commit, backpressure beyond maxPending, drain writes everything', async () => {
    const { batches, releases, write } = heldWrites();
    const writer = new DecisionWriter(write, { mode: 'buffered', maxPending: 2, lingerMs: 0 });
    await writer.add(decision('a')); // answered before its commit
    await writer.add(decision('b'));
    let settled = false;
    const waiting = writer.settled('a').then(() => (settled = true));
    let thirdAnswered = false;
    const third = writer.add(decision('c')).then(() => (thirdAnswered = true)); // 3 pending > 2: waits
    await tick();
    expect(settled).toBe(false);
    expect(thirdAnswered).toBe(false);
    releases[0]();
    await waiting;
    await tick();
    expect(batches).toEqual([['a'], ['b', 'c']]);
    releases[1]();
    await third;
    await writer.drain();
    expect(writer.pending).toBe(0);
  });

  it('a failed batch rejects in commit mode, is reported in buffered mode, and the writer carries on', async () => {
    let calls = 0;
    const failing = async () => {
      if (calls++ === 0) throw new Error('database down');
    };
    const strict = new DecisionWriter(failing, { mode: 'commit' });
    await expect(strict.add(decision('a'))).rejects.toThrow('database down');
    await expect(strict.add(decision('b'))).resolves.toBeUndefined();
    calls = 0;
    const lost: string[] = [];
    const buffered = new DecisionWriter(failing, { mode: 'buffered', lingerMs: 0, onError: (e) => lost.push((e as Error).message) });
    await buffered.add(decision('c'));
    await buffered.drain();
    await tick();
    expect(lost).toEqual(['database down']);
    // A failed batch is one report with its size, not one line per decision.
    const reports: number[] = [];
    const down = new DecisionWriter(async () => { throw new Error('down'); }, { mode: 'buffered', lingerMs: 5, onError: (_e, n) => reports.push(n) });
    for (const id of ['d', 'e', 'f']) await down.add(decision(id));
    await down.drain();
    await tick();
    expect(reports).toEqual([3]);
  });

  it('buffered mode lingers before a write, so decisions close together share one transaction', async () => {
    const sizes: number[] = [];
    const writer = new DecisionWriter(async (ds) => void sizes.push(ds.length), { mode: 'buffered', lingerMs: 20 });
    for (const id of ['a', 'b', 'c']) await writer.add(decision(id));
    expect(sizes).toEqual([]);
    await writer.drain();
    expect(sizes).toEqual([3]);
  });

  it('caps a batch at maxBatch', async () => {
    const sizes: number[] = [];
    const writer = new DecisionWriter(async (ds) => void sizes.push(ds.length), { mode: 'commit', maxBatch: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => writer.add(decision(id))));
    expect(sizes).toEqual([1, 2, 2]);
  });

  it('writes outside the async context of the request that started the flush (its bounds and counters)', async () => {
    const request = new AsyncLocalStorage<string>();
    for (const mode of ['buffered', 'commit'] as const) {
      const seen: (string | undefined)[] = [];
      const writer = new DecisionWriter(async () => void seen.push(request.getStore()), { mode, lingerMs: 1 });
      await request.run('request-1', () => writer.add(decision('a')));
      await request.run('request-2', () => writer.add(decision('b')));
      await writer.drain();
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((store) => store === undefined)).toBe(true);
    }
  });

  it('an outcome waiting on a lingering decision has its batch written at once, not after the linger', async () => {
    const sizes: number[] = [];
    const writer = new DecisionWriter(async (ds) => void sizes.push(ds.length), { mode: 'buffered', lingerMs: 60_000 });
    await writer.add(decision('a'));
    await writer.add(decision('b'));
    expect(sizes).toEqual([]);
    const started = Date.now();
    await writer.settled('b');
    expect(sizes).toEqual([2]);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(writer.pending).toBe(0);
    // Settled on a decision already written (or never queued here): at once.
    await writer.settled('a');
    await writer.settled('zzz');
  });

  it('a full batch is written without lingering, and a batch filling during a write lingers again (batches stay large under steady load)', async () => {
    const { batches, releases, write } = heldWrites();
    const writer = new DecisionWriter(write, { mode: 'buffered', lingerMs: 40, maxBatch: 3 });
    for (const id of ['a', 'b', 'c']) await writer.add(decision(id));
    await tick();
    expect(batches).toEqual([['a', 'b', 'c']]); // full: no linger
    await writer.add(decision('d')); // arrives during the write
    releases[0]();
    await tick();
    await tick();
    expect(batches.length).toBe(1); // 'd' alone lingers for company
    await writer.add(decision('e'));
    await new Promise((r) => setTimeout(r, 80));
    expect(batches).toEqual([['a', 'b', 'c'], ['d', 'e']]);
    releases[1]();
    await writer.drain();
    expect(writer.pending).toBe(0);
  });

  it('drain writes a lingering batch at once (a clean stop loses nothing)', async () => {
    const written: string[] = [];
    const writer = new DecisionWriter(async (ds) => void written.push(...ds.map((d) => d.id)), { mode: 'buffered', lingerMs: 60_000 });
    for (const id of ['a', 'b', 'c']) await writer.add(decision(id));
    await writer.drain();
    expect(written).toEqual(['a', 'b', 'c']);
  });
});
