import { backoffDelay, FlowError, validateFlow } from './types';
import { tinyFlow, tinyStep } from './testing';

describe('flow definitions', () => {
  it('doubles the backoff per try and caps it', () => {
    const policy = { attempts: 5, backoffMs: 100, maxBackoffMs: 500 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n))).toEqual([100, 200, 400, 500, 500]);
  });

  it('rejects inputs from later steps, duplicate names and unusable policies', () => {
    const ok = tinyStep('a', () => ({}));
    expect(() => validateFlow(tinyFlow('f', [tinyStep('b', () => ({}), { inputs: ['a'] }), ok]))).toThrow(/not an earlier step/);
    expect(() => validateFlow(tinyFlow('f', [ok, ok]))).toThrow(/twice/);
    expect(() => validateFlow(tinyFlow('f', [tinyStep('a', () => ({}), { retry: { attempts: 0 } })]))).toThrow(FlowError);
    expect(() => validateFlow(tinyFlow('Bad Name', [ok]))).toThrow(/must match/);
    expect(validateFlow(tinyFlow('f', [ok])).name).toBe('f');
  });
});
