import { EarlyStopping, stoppingPoint } from './early-stop';

describe('early stopping', () => {
  it('plain rule: keeps the best check and stops after `patience` checks without a better one', () => {
    expect(stoppingPoint([0.1, 0.3, 0.2, 0.25, 0.29, 0.5], 3)).toEqual({ kept: 2, run: 5 });
    expect(stoppingPoint([0.1, 0.3, 0.2, 0.25, 0.29, 0.5], 0)).toEqual({ kept: 6, run: 6 });
  });

  it('smoothed rule: one lucky check does not end training early', () => {
    // A spike at check 2, then a steady rise: the plain rule with patience 2 stops at check 4 and keeps 2.
    const figures = [0.1, 0.4, 0.2, 0.25, 0.3, 0.32, 0.35, 0.34, 0.33, 0.32];
    expect(stoppingPoint(figures, 2)).toEqual({ kept: 2, run: 4 });
    // Means of three: 0.1, 0.25, 0.233, 0.283, 0.25, 0.29, 0.323, 0.337, 0.34, 0.33.
    expect(stoppingPoint(figures, 2, 3)).toEqual({ kept: 9, run: 10 });
  });

  it('NaN figures (no validation data) keep the latest weights and never stop', () => {
    const rule = new EarlyStopping(1);
    expect(rule.push(NaN)).toBe(true);
    expect(rule.push(NaN)).toBe(true);
    expect(rule.kept).toBe(2);
    expect(rule.shouldStop).toBe(false);
  });

  it('rejects a window that is not a positive integer', () => {
    expect(() => new EarlyStopping(3, 0)).toThrow(RangeError);
  });
});
