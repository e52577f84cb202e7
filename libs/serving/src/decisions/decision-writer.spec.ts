import { DecisionWriter } from './decision-writer';
import type { StoredDecision } from './types';

const decision = (id: string): StoredDecision => ({ id, slot: 's', userId: 'u', productId: 'p', actions: ['p'], context: {}, propensity: 1, policy: 'thompson', policyVersion: 'thompson@0', createdAt: 0 });

describe('DecisionWriter (group commit)', () => {
  it('writes the first decision at once and batches those that arrive during a write', async () => {
    const batches: string[][] = [];
    let release: () => void = () => undefined;
    const writer = new DecisionWriter(async (ds) => {
      batches.push(ds.map((d) => d.id));
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = writer.add(decision('a'));
    const rest = ['b', 'c', 'd'].map((id) => writer.add(decision(id)));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([['a']]);
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('rejects every decision of a failed batch and carries on with the next', async () => {
    let calls = 0;
    const writer = new DecisionWriter(async () => {
      if (calls++ === 0) throw new Error('database down');
    });
    await expect(writer.add(decision('a'))).rejects.toThrow('database down');
    await expect(writer.add(decision('b'))).resolves.toBeUndefined();
  });

  it('caps a batch at maxBatch', async () => {
    const sizes: number[] = [];
    const writer = new DecisionWriter(async (ds) => void sizes.push(ds.length), 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => writer.add(decision(id))));
    expect(sizes).toEqual([1, 2, 2]);
  });
});
