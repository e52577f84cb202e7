import { IdSet, SET_LIMIT } from './id-set';

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
