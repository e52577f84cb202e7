import { driftThresholdsFromEnv, evaluateDrift, neighbourhoodDrift } from './drift';

describe('drift checks', () => {
  it('breaches each check on its own side of its threshold; null never breaches', () => {
    const t = { minCoverage: 0.9, maxChurn: 0.2, maxEmbeddingDrift: 0.5 };
    expect(evaluateDrift({ coverage: 0.95, churn: 0.1, embeddingDrift: 0.4 }, t).breached).toEqual([]);
    expect(evaluateDrift({ coverage: 0.85, churn: 0.3, embeddingDrift: 0.6 }, t).breached).toEqual(['coverage', 'churn', 'embeddingDrift']);
    const first = evaluateDrift({ coverage: 1, churn: null, embeddingDrift: null }, t);
    expect(first.breached).toEqual([]);
    expect(first.checks.churn.note).toMatch(/no previous run/);
  });

  it('measures neighbourhood drift as 1 − mean Jaccard overlap', () => {
    const a = new Map([['p1', ['x', 'y']], ['p2', ['x']]]);
    expect(neighbourhoodDrift(a, a)).toBe(0);
    const b = new Map([['p1', ['x', 'z']], ['p2', ['q']]]);
    expect(neighbourhoodDrift(a, b)).toBeCloseTo(1 - (1 / 3 + 0) / 2);
    expect(neighbourhoodDrift(new Map(), new Map())).toBeNull();
  });

  it('reads thresholds from the environment and refuses nonsense', () => {
    expect(driftThresholdsFromEnv({ GRAPHREC_DRIFT_MAX_CHURN: '0.4' }).maxChurn).toBe(0.4);
    expect(() => driftThresholdsFromEnv({ GRAPHREC_DRIFT_MIN_COVERAGE: '7' })).toThrow(/\[0, 1\]/);
  });
});
