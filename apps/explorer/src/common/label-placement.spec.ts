import { LabelBox, overlaps, placeLabels } from './label-placement';

const box = (id: string, x: number, y: number, priority = 0, width = 50, height = 14): LabelBox => ({ id, x, y, width, height, priority });

describe('label placement', () => {
  it('keeps every label when none touch', () => {
    expect([...placeLabels([box('a', 0, 0), box('b', 0, 20), box('c', 60, 0)])].sort()).toEqual(['a', 'b', 'c']);
  });

  it('drops the lower-priority label of two that overlap, ties by id', () => {
    expect([...placeLabels([box('low', 0, 0, 1), box('high', 10, 5, 5)])]).toEqual(['high']);
    expect([...placeLabels([box('b', 0, 0), box('a', 10, 5)])]).toEqual(['a']);
  });

  it('keeps the padding between labels', () => {
    expect(overlaps(box('a', 0, 0), box('b', 51, 0), 2)).toBe(true);
    expect(overlaps(box('a', 0, 0), box('b', 53, 0), 2)).toBe(false);
    expect(placeLabels([box('a', 0, 0, 1), box('b', 0, 15)]).has('b')).toBe(false);
    expect(placeLabels([box('a', 0, 0, 1), box('b', 0, 17)]).has('b')).toBe(true);
  });

  it('a dropped label does not block others: only placed labels count', () => {
    // a beats b; b would have blocked c, but b is not drawn, so c is.
    const placed = placeLabels([box('a', 0, 0, 3), box('b', 40, 0, 2), box('c', 95, 0, 1)]);
    expect([...placed].sort()).toEqual(['a', 'c']);
  });

  it('no two placed labels overlap in a dense random view, across grid cells', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const boxes = Array.from({ length: 600 }, (_, i) => box(`n${i}`, rnd() * 800, rnd() * 600, rnd(), 20 + rnd() * 120));
    const ids = placeLabels(boxes);
    const placed = boxes.filter((b) => ids.has(b.id));
    expect(placed.length).toBeGreaterThan(20);
    expect(placed.length).toBeLessThan(boxes.length);
    for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(overlaps(placed[i], placed[j])).toBe(false);
    // Greedy is maximal: every dropped label overlaps a placed one.
    for (const b of boxes) if (!placed.includes(b)) expect(placed.some((p) => overlaps(b, p))).toBe(true);
  });

  it('with bounds, leaves out a label that would be cut off at an edge', () => {
    const bounds = { width: 100, height: 50 };
    expect([...placeLabels([box('inside', 10, 10), box('right', 60, 10), box('below', 10, 40), box('left', -5, 20)], 2, bounds)]).toEqual(['inside']);
  });

  it('ignores boxes without a size or with non-finite coordinates', () => {
    expect([...placeLabels([box('a', NaN, 0), box('b', 0, 0, 0, 0), box('c', 0, 0)])]).toEqual(['c']);
  });
});
