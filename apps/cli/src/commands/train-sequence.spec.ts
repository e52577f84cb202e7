import type { Session } from '@graphrec/sequences';
import { SEQUENCE_PIPELINE, sampleSessionsByUser } from './train-sequence';

const session = (id: string, user: string | undefined): Session => ({ id, user, items: ['p1', 'p2'], times: [1, 2] });

describe('sampleSessionsByUser (the sequence model trains on a sample of users, with all their sessions)', () => {
  // 40 users with three sessions each, plus two anonymous sessions.
  const sessions: Session[] = [];
  for (let u = 0; u < 40; u++) for (let k = 0; k < 3; k++) sessions.push(session(`s${u}-${k}`, `u${u}`));
  sessions.push(session('anon-1', undefined), session('anon-2', undefined));

  it('keeps every session when the users fit, or when the bound is 0', () => {
    expect(sampleSessionsByUser(sessions, 40, 1)).toBe(sessions);
    expect(sampleSessionsByUser(sessions, 0, 1)).toBe(sessions);
  });

  it('keeps all the sessions of exactly maxUsers users, the same ones for the same seed', () => {
    const a = sampleSessionsByUser(sessions, 10, 7);
    const users = new Set(a.map((s) => s.user));
    expect(users.size).toBe(10);
    expect(users.has(undefined)).toBe(false);
    expect(a).toHaveLength(30);
    for (const u of users) expect(a.filter((s) => s.user === u)).toHaveLength(3);
    expect(sampleSessionsByUser(sessions, 10, 7)).toEqual(a);
    // The sample does not depend on the order the sessions come in.
    expect(new Set(sampleSessionsByUser([...sessions].reverse(), 10, 7).map((s) => s.user))).toEqual(users);
    expect(new Set(sampleSessionsByUser(sessions, 10, 8).map((s) => s.user))).not.toEqual(users);
  });

  it('is bounded in the pipeline (the 20k demo world still trains on everyone)', () => {
    expect(SEQUENCE_PIPELINE.maxUsers).toBeGreaterThanOrEqual(20_000);
  });
});
