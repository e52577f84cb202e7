import { movielensDate } from './formats/movielens';
import { nativeKind } from './plan';

describe('file naming', () => {
  it('takes the kind from the first word of the name', () => {
    expect(nativeKind('/x/events.csv')).toEqual({ kind: 'events', format: 'csv' });
    expect(nativeKind('/x/events-2025-01.jsonl')).toEqual({ kind: 'events', format: 'jsonl' });
    expect(nativeKind('/x/users.csv.rejected.jsonl')).toBeUndefined();
    expect(nativeKind('/x/README.md')).toBeUndefined();
    expect(nativeKind('/x/customers.csv')).toBeUndefined();
  });
  it('reads MovieLens dates', () => {
    expect(movielensDate('01-Jan-1995')).toBe('1995-01-01');
    expect(movielensDate('15-Dec-1997')).toBe('1997-12-15');
    expect(movielensDate('4-Feb-1971')).toBe('1971-02-04');
    expect(movielensDate('unknown')).toBeUndefined();
  });
});
