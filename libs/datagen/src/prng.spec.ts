import { Rng, seedWords } from './prng';

describe('Rng', () => {
  it('is a pure function of its keys', () => {
    const a = new Rng(1, 2, 3);
    const b = new Rng(1, 2, 3);
    const c = new Rng(1, 2, 4);
    const seqA = Array.from({ length: 50 }, () => a.u32());
    expect(Array.from({ length: 50 }, () => b.u32())).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c.u32())).not.toEqual(seqA);
  });

  it('draws roughly uniform floats, ranges and Poisson means', () => {
    const rng = new Rng(42);
    let sum = 0;
    let poisson = 0;
    let bad = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      if (x < 0 || x >= 1) bad++;
      sum += x;
      const r = rng.range(3, 5);
      if (r !== 3 && r !== 4 && r !== 5) bad++;
      poisson += rng.poisson(2.5);
    }
    expect(bad).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(poisson / n).toBeCloseTo(2.5, 1);
  });

  it('keeps large seeds distinct and refuses unsafe ones', () => {
    expect(seedWords(2 ** 40 + 1)).not.toEqual(seedWords(1));
    expect(() => seedWords(1.5)).toThrow(/safe integer/);
  });
});
