import { IdIndex, isValidId } from './ids';

describe('isValidId', () => {
  it('takes 1-128 characters without whitespace or control characters', () => {
    expect(isValidId('P-VIDEO-DOORBELL-4')).toBe(true);
    expect(isValidId('x'.repeat(128))).toBe(true);
    for (const bad of ['', 'x'.repeat(129), 'a b', 'a\tb', 'a\u0000', 42, null]) expect(isValidId(bad)).toBe(false);
  });
});

describe('IdIndex', () => {
  it('numbers ids in first-seen order and keeps the same index for a repeat', () => {
    const index = new IdIndex();
    expect(['b', 'a', 'b', 'c'].map((id) => index.intern(id))).toEqual([0, 1, 0, 2]);
    expect(index.ids).toEqual(['b', 'a', 'c']);
    expect(index.get('c')).toBe(2);
    expect(index.get('z')).toBeUndefined();
    expect(index.size).toBe(3);
  });
});
