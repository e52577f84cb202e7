import { CrmWorld, UNSUBSCRIBE_AFTER_IGNORED, type CrmPolicyFn } from './crm-world';

const uniform: CrmPolicyFn = Object.assign((_o: unknown, actions: readonly string[]) => new Float64Array(actions.length).fill(1 / actions.length), { observesIgnored: false });
/** Always the first eligible product (catalogue order). */
const first: CrmPolicyFn = (_o, actions) => Float64Array.from(actions, (_, k) => (k === 0 ? 1 : 0));

describe('CrmWorld', () => {
  const world = new CrmWorld({ users: 300, seed: 7, weeks: 12 });

  it("one week's exact value is the slot's truth: Σ π·p(click)·p(purchase | click)·price over the users' eligible products", () => {
    const oneWeek = new CrmWorld(world.bandit);
    const short = new CrmWorld({ users: 400, seed: 7, weeks: 1 });
    let byHand = 0;
    for (const u of short.bandit.users) {
      for (let k = 0; k < u.actions.length; k++) byHand += (u.click[k] * u.purchaseGivenClick[k] * u.prices[k]) / u.actions.length;
    }
    expect(short.trueValue(uniform).value).toBeCloseTo(byHand / short.bandit.users.length, 10);
    expect(oneWeek.weeks).toBe(12);
  });

  it('the pruned states of a deterministic policy bound a negligible error; later weeks are worth less as users unsubscribe', () => {
    const truth = world.trueValue(first);
    expect(truth.errorBound).toBeLessThan(1e-3 * truth.value);
    expect(truth.byWeek).toHaveLength(12);
    expect(truth.byWeek[11]).toBeLessThan(truth.byWeek[0]);
    expect(truth.value).toBeCloseTo(truth.byWeek.reduce((s, v) => s + v, 0), 12);
    const exact = world.trueValue(first, { pruneMass: 0 });
    expect(exact.prunedMass).toBe(0);
    expect(Math.abs(exact.value - truth.value)).toBeLessThanOrEqual(truth.errorBound);
  });

  it("the episodes' mean value agrees with the exact value (within 4 standard errors), and the log is consistent", () => {
    const steps = world.episodes(uniform);
    const perUser = new Float64Array(world.bandit.users.length);
    for (const s of steps) perUser[s.episode] += s.value;
    const n = perUser.length;
    const mean = perUser.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(perUser.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const truth = world.trueValue(uniform);
    expect(Math.abs(mean - truth.value)).toBeLessThan(4 * (sd / Math.sqrt(n)) + truth.errorBound);
    for (const s of steps) {
      expect(s.actions).toContain(s.action);
      expect(s.propensity).toBeCloseTo(1 / s.actions.length, 12);
      expect(s.observation.owned).not.toContain(s.action);
      if (s.value > 0 && s.next) expect(s.next.observation.owned).toContain(s.action);
      // No next week: only after an ignored promotion (the user unsubscribed).
      if (!s.next) expect(s.clicked).toBe(false);
    }
    // Every user that ignored a promotion unsubscribed at about the documented rate.
    const ignored = steps.filter((s) => !s.clicked && s.week < 11);
    const stopped = ignored.filter((s) => !s.next).length / ignored.length;
    expect(stopped).toBeGreaterThan(UNSUBSCRIBE_AFTER_IGNORED / 2);
    expect(stopped).toBeLessThan(UNSUBSCRIBE_AFTER_IGNORED * 2);
    // Same seed, same log.
    expect(world.episodes(uniform)).toEqual(steps);
  });

  it('refuses a policy that does not return a distribution', () => {
    expect(() => world.trueValue(() => [0.5])).toThrow(/sum to|probability/);
  });
});
