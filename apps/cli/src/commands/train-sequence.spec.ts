import type { Session } from '@graphrec/sequences';
import { recentUsers, SEQUENCE_PIPELINE, sampleSessionsByUser } from './train-sequence';

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

  it('the pipeline trains the configuration evaluated on test (docs/sequences.md "Session 11"), not a cheaper one', () => {
    expect(SEQUENCE_PIPELINE).toMatchObject({ kind: 'hrnn', epochs: 10, refit: true, emaEpochs: 2, hiddenDropout: 0.2 });
  });
});

describe('recentUsers (session states are seeded for the most recently active users only)', () => {
  const at = (id: string, user: string, end: number): Session => ({ id, user, items: ['p1', 'p2'], times: [end - 1, end] });
  // u0 last active at 100, u1 at 500 (its first session is older), u2 at 300, u3 at 300 (a tie with u2), u4 at 50.
  const byUser = new Map<string, Session[]>([
    ['u0', [at('a', 'u0', 100)]],
    ['u1', [at('b', 'u1', 20), at('c', 'u1', 500)]],
    ['u2', [at('d', 'u2', 300)]],
    ['u3', [at('e', 'u3', 300)]],
    ['u4', [at('f', 'u4', 50)]],
  ]);

  it('keeps every user when they fit, or when the bound is 0', () => {
    expect(recentUsers(byUser, 5)).toEqual(new Set(['u0', 'u1', 'u2', 'u3', 'u4']));
    expect(recentUsers(byUser, 0).size).toBe(5);
  });

  it('keeps the users whose latest event is newest, ties by id, whatever the map order', () => {
    expect(recentUsers(byUser, 2)).toEqual(new Set(['u1', 'u2']));
    expect(recentUsers(byUser, 3)).toEqual(new Set(['u1', 'u2', 'u3']));
    expect(recentUsers(new Map([...byUser].reverse()), 2)).toEqual(new Set(['u1', 'u2']));
  });

  it('is bounded in the pipeline above the 20k demo world (which seeds everyone)', () => {
    expect(SEQUENCE_PIPELINE.maxSeedUsers).toBeGreaterThanOrEqual(20_000);
  });
});
