import type { HeteroGraph, Neo4jProjectionOptions } from '@graphrec/projection';
import { releaseSharedProjection, sharedProjection, withSharedProjection } from './projection-scope';

/** A stand-in projector: counts its calls and records the options it was asked for (no database: pure logic). */
function projector() {
  const calls: Neo4jProjectionOptions[] = [];
  const project = async (options: Neo4jProjectionOptions) => {
    calls.push(options);
    return { tag: calls.length } as unknown as HeteroGraph;
  };
  return { calls, project };
}

describe('one projection per flow run (projection-scope)', () => {
  afterEach(() => releaseSharedProjection());

  it('projects once per key, keeping events, for calls with and without keepEvents', async () => {
    const p = projector();
    const [a, b] = await withSharedProjection('run-1', async () => [await sharedProjection({}, p.project), await sharedProjection({ keepEvents: true }, p.project)]);
    expect(a).toBe(b);
    expect(p.calls).toEqual([{ keepEvents: true }]);
    // A later step of the same run (another scope with the same key) gets the same graph.
    expect(await withSharedProjection('run-1', async () => sharedProjection({}, p.project))).toBe(a);
    expect(p.calls).toHaveLength(1);
  });

  it('shares nothing outside a scope, for calls with their own encoders or weights, or across runs', async () => {
    const p = projector();
    expect(sharedProjection({}, p.project)).toBeUndefined();
    await withSharedProjection('run-1', async () => {
      expect(sharedProjection({ weights: { decay: false } }, p.project)).toBeUndefined();
      expect(sharedProjection({ encoders: {} }, p.project)).toBeUndefined();
      await sharedProjection({}, p.project);
    });
    const other = await withSharedProjection('run-2', async () => sharedProjection({}, p.project));
    expect((other as unknown as { tag: number }).tag).toBe(2);
  });

  it('drops a failed projection (a retry projects again) and lets go when released', async () => {
    let fail = true;
    let calls = 0;
    const project = async () => {
      calls++;
      if (fail) throw new Error('server restarting');
      return {} as HeteroGraph;
    };
    await expect(withSharedProjection('run-1', async () => sharedProjection({}, project))).rejects.toThrow(/restarting/);
    fail = false;
    const first = await withSharedProjection('run-1', async () => sharedProjection({}, project));
    expect(calls).toBe(2);
    releaseSharedProjection('another-run');
    expect(await withSharedProjection('run-1', async () => sharedProjection({}, project))).toBe(first);
    releaseSharedProjection('run-1');
    await withSharedProjection('run-1', async () => sharedProjection({}, project));
    expect(calls).toBe(3);
  });
});
