import { defaultAsOf, fromInteractions } from './assemble';
import { DEFAULT_WEIGHTS, EVENT_TYPE_CODE, decayFactor, eventWeight, resolveWeights } from './weights';

const DAY = 86_400_000;

describe('decay and event weights', () => {
  it('halves a weight every half-life and does not boost events after asOf', () => {
    expect(decayFactor(0, 180 * DAY, 180)).toBeCloseTo(0.5, 12);
    expect(decayFactor(0, 360 * DAY, 180)).toBeCloseTo(0.25, 12);
    expect(decayFactor(10 * DAY, 0, 180)).toBe(1);
  });

  it('weights by type, uses the value for ratings and interactions, ignores weight-0 types', () => {
    const w = resolveWeights({ decay: false });
    expect(eventWeight(EVENT_TYPE_CODE.purchase, NaN, 0, 0, w)).toBe(10);
    expect(eventWeight(EVENT_TYPE_CODE.rating, 4, 0, 0, w)).toBe(4);
    expect(eventWeight(EVENT_TYPE_CODE.interaction, NaN, 0, 0, w)).toBe(1);
    expect(eventWeight(EVENT_TYPE_CODE.interaction, 2.5, 0, 0, w)).toBe(2.5);
    expect(eventWeight(EVENT_TYPE_CODE.subscription_cancel, NaN, 0, 0, w)).toBe(0);
    const noRatings = resolveWeights({ decay: false, typeWeights: { ...DEFAULT_WEIGHTS.typeWeights, rating: 0 } });
    expect(eventWeight(EVENT_TYPE_CODE.rating, 5, 0, 0, noRatings)).toBe(0);
  });

  it('folds events into one interacted edge, counts purchases, dates edges, with asOf defaulting to the latest event', () => {
    const T = Date.UTC(2025, 0, 1);
    const code = EVENT_TYPE_CODE;
    const g = fromInteractions({
      ids: { User: ['u0', 'u1'], Product: ['p0', 'p1'] },
      events: {
        user: Int32Array.from([0, 0, 0, 1, 1]),
        product: Int32Array.from([1, 1, 1, 0, 0]),
        type: Uint8Array.from([code.product_view, code.purchase, code.purchase, code.subscription_cancel, code.add_to_cart]),
        timestamp: Float64Array.from([T - 180 * DAY, T - 360 * DAY, T, T - 5 * DAY, T - 180 * DAY]),
      },
    });
    expect(g.asOf).toBe(T);
    const i = g.relations.interacted;
    expect(Array.from(i.out.offsets)).toEqual([0, 1, 2]);
    expect(Array.from(i.out.targets)).toEqual([1, 0]);
    expect(i.out.weights[0]).toBeCloseTo(1 * 0.5 + 10 * 0.25 + 10, 5);
    expect(i.out.weights[1]).toBeCloseTo(3 * 0.5, 5);
    // The cancellation adds nothing, not even its (later) time.
    expect(Array.from(i.lastTime ?? [])).toEqual([T, T - 180 * DAY]);
    expect(g.report.ignoredEvents).toBe(1);
    expect(Array.from(g.relations.purchased.out.weights)).toEqual([2]);
    expect(Array.from(g.relations.purchased.in.offsets)).toEqual([0, 0, 1]);

    const undecayed = fromInteractions(
      { ids: { User: ['u'], Product: ['p'] }, events: { user: Int32Array.of(0), product: Int32Array.of(0), type: Uint8Array.of(code.purchase), timestamp: Float64Array.of(0) } },
      { weights: { decay: false, asOf: 1000 * DAY } },
    );
    expect(undecayed.relations.interacted.out.weights[0]).toBe(10);
    expect(undecayed.asOf).toBe(1000 * DAY);
  });

  it('never measures ages from a time later than the real clock, and skips non-finite weights', () => {
    const code = EVENT_TYPE_CODE;
    const T = Date.UTC(2025, 0, 1);
    const future = Date.UTC(9999, 0, 1);
    expect(defaultAsOf(Float64Array.of(T, future, NaN, Infinity))).toBeLessThanOrEqual(Date.now());
    expect(defaultAsOf(Float64Array.of(T, NaN, Infinity))).toBe(T);
    expect(defaultAsOf(Float64Array.of(T, future), T + DAY)).toBe(T + DAY);
    const g = fromInteractions({
      ids: { User: ['u0', 'u1', 'u2'], Product: ['p0', 'p1'] },
      events: {
        user: Int32Array.of(0, 1, 2, 2),
        product: Int32Array.of(0, 1, 0, 1),
        type: Uint8Array.of(code.purchase, code.purchase, code.interaction, code.rating),
        timestamp: Float64Array.of(T, future, T, NaN),
        // 1e308 is Infinity once stored as float32; the rating has no timestamp.
        value: Float32Array.of(NaN, NaN, 1e308, 4),
      },
    });
    expect(g.asOf).toBeLessThanOrEqual(Date.now());
    const w = Array.from(g.relations.interacted.out.weights);
    expect(w.every(Number.isFinite)).toBe(true);
    // The purchase a year or more before the capped asOf still counts (decayed, not zeroed by year 9999).
    expect(w[0]).toBeGreaterThan(0);
    expect(g.relations.interacted.edgeCount).toBe(2);
    expect(g.report.ignoredEvents).toBe(2);
  });
});
