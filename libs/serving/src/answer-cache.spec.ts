import { AnswerCache, answerKey } from './answer-cache';
import type { UserAnswer } from './serving-types';

const answer = (userId: string, runId = 'r1'): UserAnswer => ({ userId, runId, strategy: 'ranker', items: [] });

describe('answerKey', () => {
  it('is the same for the same question asked differently', () => {
    expect(answerKey(10)).toBe(answerKey(10, { excludeOwned: true, excludePurchased: true }));
    expect(answerKey(10, { categories: ['b', 'a', 'a'] })).toBe(answerKey(10, { categories: ['a', 'b'] }));
    expect(answerKey(10, { categories: [] })).toBe(answerKey(10));
  });

  it('differs when the answer can differ', () => {
    const keys = [answerKey(10), answerKey(5), answerKey(10, { excludeOwned: false }), answerKey(10, { excludePurchased: false }), answerKey(10, { categories: ['alarm'] })];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('AnswerCache', () => {
  it('returns what was stored, and counts hits and misses', () => {
    const cache = new AnswerCache({ maxUsers: 10 });
    expect(cache.get('u1', 'k')).toBeUndefined();
    expect(cache.store(cache.begin('u1'), 'k', answer('u1'))).toBe(true);
    expect(cache.get('u1', 'k')).toEqual(answer('u1'));
    expect(cache.get('u1', 'other')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ users: 1, hits: 1, misses: 2 });
  });

  it('drops a user on invalidate, and refuses an answer read before the invalidation', () => {
    const cache = new AnswerCache({ maxUsers: 10 });
    cache.store(cache.begin('u1'), 'k', answer('u1'));
    const slowRead = cache.begin('u1'); // a request starts reading…
    cache.invalidate('u1'); // …an event for u1 arrives meanwhile…
    expect(cache.get('u1', 'k')).toBeUndefined();
    expect(cache.store(slowRead, 'k', answer('u1', 'stale'))).toBe(false); // …so its answer is not kept
    expect(cache.get('u1', 'k')).toBeUndefined();
    expect(cache.store(cache.begin('u1'), 'k', answer('u1', 'fresh'))).toBe(true);
    expect(cache.get('u1', 'k')?.runId).toBe('fresh');
    expect(cache.stats().discarded).toBe(1);
  });

  it('an invalidation of one user does not void another user’s read', () => {
    const cache = new AnswerCache({ maxUsers: 10 });
    const read = cache.begin('u2');
    cache.invalidate('u1');
    expect(cache.store(read, 'k', answer('u2'))).toBe(true);
  });

  it('a new generation flushes everything and voids reads in flight', () => {
    const cache = new AnswerCache({ maxUsers: 10 });
    expect(cache.setGeneration('run-1')).toBe(true);
    cache.store(cache.begin('u1'), 'k', answer('u1'));
    const inFlight = cache.begin('u2');
    expect(cache.setGeneration('run-1')).toBe(false);
    expect(cache.get('u1', 'k')).toBeDefined();
    expect(cache.setGeneration('run-2')).toBe(true);
    expect(cache.get('u1', 'k')).toBeUndefined();
    expect(cache.store(inFlight, 'k', answer('u2', 'run-1'))).toBe(false);
    expect(cache.generation).toBe('run-2');
  });

  it('keeps at most maxUsers users, least recently used out first', () => {
    const cache = new AnswerCache({ maxUsers: 2 });
    cache.store(cache.begin('a'), 'k', answer('a'));
    cache.store(cache.begin('b'), 'k', answer('b'));
    cache.get('a', 'k'); // a is now the most recent
    cache.store(cache.begin('c'), 'k', answer('c'));
    expect(cache.get('b', 'k')).toBeUndefined();
    expect(cache.get('a', 'k')).toBeDefined();
    expect(cache.get('c', 'k')).toBeDefined();
    expect(cache.stats().users).toBe(2);
  });

  it('keeps at most maxAnswersPerUser argument sets per user', () => {
    const cache = new AnswerCache({ maxUsers: 2, maxAnswersPerUser: 2 });
    for (const k of ['k1', 'k2', 'k3']) cache.store(cache.begin('a'), k, answer('a'));
    expect(cache.get('a', 'k1')).toBeUndefined();
    expect(cache.get('a', 'k3')).toBeDefined();
  });

  it('stores nothing when turned off', () => {
    const cache = new AnswerCache({ maxUsers: 0 });
    expect(cache.enabled).toBe(false);
    expect(cache.store(cache.begin('a'), 'k', answer('a'))).toBe(false);
    expect(cache.get('a', 'k')).toBeUndefined();
  });

  it('refuses a nonsensical size', () => {
    expect(() => new AnswerCache({ maxUsers: -1 })).toThrow(/maxUsers/);
    expect(() => new AnswerCache({ maxUsers: 1.5 })).toThrow(/maxUsers/);
  });

  it('tells listeners which users were dropped and why everything was', () => {
    const cache = new AnswerCache({ maxUsers: 10 });
    const heard: unknown[] = [];
    cache.listen((c) => heard.push(c));
    cache.invalidate('u1');
    cache.setGeneration('g1');
    cache.setGeneration('g1');
    cache.flush();
    expect(heard).toEqual([{ kind: 'invalidate', userId: 'u1' }, { kind: 'flush', reason: 'generation' }, { kind: 'flush', reason: 'external' }]);
  });
});
