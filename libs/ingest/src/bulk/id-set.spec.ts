import { anyRepeatedHash, hashIds, IdSet, SET_LIMIT } from './id-set';

describe('IdSet', () => {
  it('holds more ids than one Set may, each once, in insertion order', () => {
    const ids = new IdSet(3);
    for (const id of ['a', 'b', 'c', 'd', 'b', 'e', 'f', 'g', 'a']) ids.add(id);
    expect(ids.size).toBe(7);
    expect([...ids]).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(ids.has('g')).toBe(true);
    expect(ids.has('a')).toBe(true);
    expect(ids.has('z')).toBe(false);
  });

  it('chains below V8 s per-Set limit by default', () => {
    expect(SET_LIMIT).toBeLessThan(2 ** 24);
    const ids = new IdSet();
    ids.add('x');
    expect([ids.size, ids.has('x')]).toEqual([1, true]);
  });

  it('addNew says whether the id was new, across the chain', () => {
    const ids = new IdSet(2);
    expect(['a', 'b', 'a', 'c', 'b', 'c', 'd', 'a'].map((id) => ids.addNew(id))).toEqual([true, true, false, true, false, false, true, false]);
    expect([...ids]).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('hashed repeat check across parts', () => {
  const part = (ids: string[]) => hashIds(ids, ids.length);
  it('finds an id repeated across parts and nothing in distinct ids', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `E${i}`);
    const b = Array.from({ length: 5000 }, (_, i) => `E${i + 5000}`);
    expect(anyRepeatedHash([part(a), part(b)])).toBe(false);
    expect(anyRepeatedHash([part(a), part([...b, 'E17'])])).toBe(true);
    expect(anyRepeatedHash([part([]), part(['x'])])).toBe(false);
  });
  it('hashes an id the same way every time, and near ids apart', () => {
    const h = (id: string) => new BigUint64Array(part([id]))[0];
    expect(h('E000000001')).toBe(h('E000000001'));
    expect(h('E000000001')).not.toBe(h('E000000010'));
    expect(h('ab')).not.toBe(h('ba'));
  });
});
