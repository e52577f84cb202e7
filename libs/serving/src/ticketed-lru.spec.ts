import { TicketedLru } from './ticketed-lru';

describe('TicketedLru', () => {
  it('keeps at most max entries, least recently used out first', () => {
    const lru = new TicketedLru<string, number>({ max: 2 });
    lru.store(lru.begin('a'), 1);
    lru.store(lru.begin('b'), 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.store(lru.begin('c'), 3);
    expect(lru.get('b')).toBeUndefined();
    expect([...lru.keys()]).toEqual(['a', 'c']);
    expect(lru.peek('a')).toBe(1);
  });

  it('refuses a value whose key was invalidated, or everything flushed, after its ticket', () => {
    const lru = new TicketedLru<string, string>({ max: 10 });
    const a = lru.begin('a');
    const b = lru.begin('b');
    lru.invalidate('a');
    expect(lru.store(a, 'stale')).toBe(false);
    expect(lru.store(b, 'fine')).toBe(true); // another key's invalidation voids nothing here
    const c = lru.begin('c');
    lru.flush();
    expect(lru.get('b')).toBeUndefined();
    expect(lru.store(c, 'stale')).toBe(false);
    expect(lru.store(lru.begin('a'), 'fresh')).toBe(true);
  });

  it('bounds its invalidation marks: past maxMarks they are reset and older tickets refused, values kept', () => {
    const lru = new TicketedLru<string, string>({ max: 10, maxMarks: 2 });
    lru.store(lru.begin('kept'), 'v');
    const old = lru.begin('x');
    lru.invalidate('u1');
    lru.invalidate('u2');
    lru.invalidate('u3'); // marks full: reset
    expect(lru.store(old, 'stale')).toBe(false);
    expect(lru.get('kept')).toBe('v');
    const fresh = lru.begin('u1');
    lru.invalidate('u1');
    expect(lru.store(fresh, 'stale')).toBe(false);
  });

  it('holds nothing with max 0, and refuses a nonsensical max', () => {
    const lru = new TicketedLru<string, number>({ max: 0 });
    expect(lru.store(lru.begin('a'), 1)).toBe(false);
    expect(() => new TicketedLru({ max: -1 })).toThrow(/max/);
  });
});
