import { formatTable, ModelResult, summarise } from './report';

const run = (map: number, seconds: number): ModelResult => ({
  map,
  ndcg: 0.4,
  precision: 0.35,
  recall: 0.2,
  coverage: 0.5,
  train_seconds: seconds,
});

describe('summarise', () => {
  it('gives the mean and sample std of every field', () => {
    const s = summarise([run(0.1, 1), run(0.2, 3), run(0.3, 5)]);
    expect(s.runs).toBe(3);
    expect(s.mean.map).toBeCloseTo(0.2, 12);
    expect(s.std.map).toBeCloseTo(0.1, 12);
    expect(s.mean.train_seconds).toBeCloseTo(3, 12);
    expect(s.std.train_seconds).toBeCloseTo(2, 12);
    expect(s.std.ndcg).toBeCloseTo(0, 12);
  });

  it('has std 0 for one run and rejects none', () => {
    expect(summarise([run(0.1, 1)]).std.map).toBe(0);
    expect(() => summarise([])).toThrow(RangeError);
  });
});

describe('formatTable', () => {
  it('prints one aligned row per model, summaries as mean ± std', () => {
    const table = formatTable({ popularity: run(0.0512, 0.04), sar: summarise([run(0.1, 2), run(0.12, 4)]) });
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^model\s+MAP\s+nDCG\s+Precision\s+Recall\s+Coverage\s+Train s$/);
    expect(lines[2]).toMatch(/^popularity\s+0\.0512\s+0\.4000/);
    expect(lines[3]).toContain('0.1100 ± 0.0141');
    expect(lines[3]).toContain('3.0 ± 1.4');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
