import { parseSlotHash } from './redis-posterior-store';

describe('parseSlotHash', () => {
  it('reads shows, clicks, purchases and value per product; missing fields are 0; the seed mark and junk are ignored', () => {
    const counters = parseSlotHash({ _seeded: '1', 's:P-1': '10', 'c:P-1': '3', 'p:P-1': '1', 'v:P-1': '99.5', 's:P:2': '4', 'x:P-1': '7', 'c:P-3': 'NaN' });
    expect(counters.get('P-1')).toEqual({ shows: 10, clicks: 3, purchases: 1, value: 99.5 });
    // A product id may itself hold a colon: only the first one separates the counter.
    expect(counters.get('P:2')).toEqual({ shows: 4, clicks: 0, purchases: 0, value: 0 });
    expect(counters.has('P-3')).toBe(false);
    expect(counters.size).toBe(2);
  });
});
