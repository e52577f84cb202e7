import { buildCsr, reverseCsr, row } from '@graphrec/graph-model';

const i32 = (xs: number[]) => Int32Array.from(xs);

describe('buildCsr', () => {
  it('sorts targets within a row and merges duplicates, summing weights and keeping the latest time', () => {
    const { csr, times } = buildCsr(
      3,
      4,
      i32([2, 0, 0, 2, 0, 2]),
      i32([1, 3, 1, 1, 3, 0]),
      Float32Array.from([1, 2, 3, 4, 5, 6]),
      Float64Array.from([10, 20, 30, 40, 15, 60]),
    );
    expect(Array.from(csr.offsets)).toEqual([0, 2, 2, 4]);
    expect(Array.from(csr.targets)).toEqual([1, 3, 0, 1]);
    expect(Array.from(csr.weights)).toEqual([3, 7, 6, 5]);
    expect(Array.from(times ?? [])).toEqual([30, 20, 60, 40]);
    expect(Array.from(row(csr, 2).targets)).toEqual([0, 1]);
  });

  it('handles empty input and rows without edges', () => {
    const { csr } = buildCsr(2, 2, i32([]), i32([]), new Float32Array(0));
    expect(Array.from(csr.offsets)).toEqual([0, 0, 0]);
    expect(csr.targets.length).toBe(0);
  });

  it('refuses indexes outside the node sets', () => {
    expect(() => buildCsr(2, 2, i32([2]), i32([0]), new Float32Array(1))).toThrow(RangeError);
    expect(() => buildCsr(2, 2, i32([0]), i32([-1]), new Float32Array(1))).toThrow(RangeError);
  });
});

describe('reverseCsr', () => {
  it('holds the same edges seen from the target side, sources sorted, with a map back to out-positions', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const m = 500;
    const [nr, nc] = [37, 23];
    const rows = Int32Array.from({ length: m }, () => rand(nr));
    const cols = Int32Array.from({ length: m }, () => rand(nc));
    const weights = Float32Array.from({ length: m }, () => 1 + rand(5));
    const { csr } = buildCsr(nr, nc, rows, cols, weights);
    const back = reverseCsr(csr, nc);
    expect(back.csr.targets.length).toBe(csr.targets.length);

    const outEdges = new Map<string, number>();
    for (let r = 0; r < nr; r++) for (let k = csr.offsets[r]; k < csr.offsets[r + 1]; k++) outEdges.set(`${r},${csr.targets[k]}`, csr.weights[k]);
    let total = 0;
    for (let c = 0; c < nc; c++) {
      const { targets, weights: w } = row(back.csr, c);
      for (let k = 0; k < targets.length; k++) {
        expect(outEdges.get(`${targets[k]},${c}`)).toBe(w[k]);
        if (k > 0) expect(targets[k]).toBeGreaterThan(targets[k - 1]);
        const outPos = back.outIndex[back.csr.offsets[c] + k];
        expect(csr.targets[outPos]).toBe(c);
        total += w[k];
      }
    }
    // Duplicates were merged but no weight was lost.
    expect(total).toBe(weights.reduce((a, b) => a + b, 0));
  });
});
