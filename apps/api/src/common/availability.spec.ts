import type { GraphDb } from '@graphrec/neo4j';
import { Counter, Registry } from 'prom-client';
import { Availability, guardedDb } from './availability';
import { requestScope, Semaphore } from './request-scope';

/** A stand-in database that records nothing but answers; the guard's bookkeeping is what is tested. */
const fakeDb = { read: async () => [], write: async () => undefined, run: async () => undefined, config: {}, driver: {} } as unknown as GraphDb;
/** Availability while the database is up: runs the work. */
const up = { run: <T>(work: () => Promise<T>) => work() } as unknown as Availability;

describe('guardedDb', () => {
  it('counts and bounds the statements of a request, and neither for background work outside any request', async () => {
    const statements = new Counter({ name: 'test_statements_total', help: 'test', labelNames: ['kind'], registers: [new Registry()] });
    const db = guardedDb(fakeDb, up, statements);
    const total = async () => (await statements.get()).values.reduce((n, v) => n + v.value, 0);
    await db.read('RETURN 1');
    await db.run('RETURN 1');
    expect(await total()).toBe(0);
    const bound = new Semaphore(1);
    await requestScope.run({ db: bound }, async () => {
      await Promise.all([db.read('RETURN 1'), db.read('RETURN 2'), db.write(async () => undefined)]);
    });
    expect(await total()).toBe(3);
    expect(bound.peak).toBe(1);
  });
});
