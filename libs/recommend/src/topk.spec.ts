import { TopK } from './topk';

describe('TopK', () => {
  it('keeps the k best, ties broken by lower item index, independent of push order', () => {
    const scores = [0.5, 0.9, 0.5, 0.1, 0.9, 0.5, NaN];
    const forward = new TopK(4);
    scores.forEach((s, i) => forward.push(i, s));
    const backward = new TopK(4);
    for (let i = scores.length - 1; i >= 0; i--) backward.push(i, scores[i]);
    expect(Array.from(forward.result().items)).toEqual([1, 4, 0, 2]);
    expect(Array.from(backward.result().items)).toEqual([1, 4, 0, 2]);
  });

  it('matches a full sort on random data', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const scores = Array.from({ length: 500 }, () => Math.floor(rand() * 20));
    const heap = new TopK(25);
    scores.forEach((s, i) => heap.push(i, s));
    const expected = scores.map((s, i) => [s, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 25).map((p) => p[1]);
    expect(Array.from(heap.result().items)).toEqual(expected);
  });

  it('returns fewer than k when fewer were pushed, and nothing for k = 0', () => {
    const heap = new TopK(5);
    heap.push(3, 1);
    expect(Array.from(heap.result().items)).toEqual([3]);
    const none = new TopK(0);
    none.push(1, 1);
    expect(none.result().items.length).toBe(0);
  });
});
