/**
 * The availability probe against a real Neo4j whose serving pool is exhausted: a busy pool is
 * not an outage. (On the shared pool the probe queued behind the busy connections, timed out
 * after 2 s and marked Neo4j down, so every client got SERVICE_UNAVAILABLE.)
 */
import { Availability, guardedDb } from '../../apps/api/src/common/availability';
import { GraphDb } from '@graphrec/neo4j';
import type { Session, Transaction } from 'neo4j-driver';
import { testDb } from '../support/db';

jest.setTimeout(60_000);

const enabled = process.env.GRAPHREC_TEST_DB === '1';
(enabled ? describe : describe.skip)('Availability with a busy connection pool', () => {
  let db: GraphDb;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('reports the database up while every pooled connection is taken, and serving recovers after', async () => {
    const availability = new Availability(db, { probeTimeoutMs: 2000 });
    const sessions: Session[] = [];
    const held: Transaction[] = [];
    try {
      // GraphDb's pool holds 20 connections: an open transaction keeps one each.
      for (let i = 0; i < 20; i++) {
        const session = db.driver.session({ database: db.config.database });
        sessions.push(session);
        const tx = session.beginTransaction();
        await tx.run('RETURN 1');
        held.push(tx);
      }
      expect(await availability.check()).toBe(true);
      expect(availability.isUp).toBe(true);
    } finally {
      for (const tx of held) await tx.rollback();
      for (const s of sessions) await s.close();
    }
    const guarded = guardedDb(db, availability);
    expect(await guarded.read<{ one: number }>('RETURN 1 AS one')).toEqual([{ one: 1 }]);
    await availability.stop();
  });
});
