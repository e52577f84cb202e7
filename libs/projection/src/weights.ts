import { EVENT_TYPES, EventType } from '@graphrec/graph-model';

/**
 * How events fold into the weight of a user–product edge:
 * `weight = typeWeight(type, value) * 0.5 ** (ageDays / halfLifeDays)`, summed over the events of the pair.
 */
export interface WeightOptions {
  /** Weight of one event of each type. A type weighted 0 is ignored (makes no edge), even one in `valueTypes`. */
  typeWeights: Record<EventType, number>;
  /** Types whose weight is the event's own value (ratings, interaction-log weights); the type weight is the fallback when it has none. */
  valueTypes: readonly EventType[];
  halfLifeDays: number;
  /** `false`: no recency decay, every event counts fully whatever its age. */
  decay: boolean;
  /** The instant ages are measured from (epoch ms). Default: the latest event time in the data, capped at the real clock. */
  asOf?: number;
}

export const DEFAULT_WEIGHTS: Readonly<WeightOptions> = Object.freeze({
  typeWeights: Object.freeze({
    product_view: 1,
    add_to_cart: 3,
    purchase: 10,
    install: 4,
    subscription_start: 8,
    live_view: 0.5,
    motion_alert: 0.2,
    // A cancellation is a signal against, not a weaker "for": it does not add to the edge.
    subscription_cancel: 0,
    // Ratings are 1-5 in MovieLens: the value is the weight (5 when absent).
    rating: 5,
    interaction: 1,
  }),
  valueTypes: Object.freeze(['rating', 'interaction'] as EventType[]),
  halfLifeDays: 180,
  decay: true,
});

export function resolveWeights(options: Partial<WeightOptions> = {}): WeightOptions {
  return {
    ...DEFAULT_WEIGHTS,
    ...options,
    typeWeights: { ...DEFAULT_WEIGHTS.typeWeights, ...options.typeWeights },
  };
}

/** Event types as small integers (index into EVENT_TYPES), so an event log is a Uint8Array. */
export const EVENT_TYPE_CODE: Readonly<Record<EventType, number>> = Object.freeze(
  Object.fromEntries(EVENT_TYPES.map((t, i) => [t, i])) as Record<EventType, number>,
);
export const PURCHASE_CODE = EVENT_TYPE_CODE.purchase;

export function eventTypeCode(type: string): number {
  const code = (EVENT_TYPE_CODE as Record<string, number | undefined>)[type];
  if (code === undefined) throw new Error(`unknown event type "${type}"; known: ${EVENT_TYPES.join(', ')}`);
  return code;
}

const DAY_MS = 86_400_000;

/** 1 at `asOf`, 0.5 one half-life earlier; events after `asOf` count as fresh (no boost above 1). */
export function decayFactor(timestamp: number, asOf: number, halfLifeDays: number): number {
  const ageDays = Math.max(0, asOf - timestamp) / DAY_MS;
  return 0.5 ** (ageDays / halfLifeDays);
}

/**
 * The weight of one event before decay, per type code; NaN `value` means "no value".
 * Returns 0 for events that should not count (so callers can skip them).
 */
export function baseWeights(options: WeightOptions): { weight: Float64Array; usesValue: Uint8Array } {
  const weight = new Float64Array(EVENT_TYPES.length);
  const usesValue = new Uint8Array(EVENT_TYPES.length);
  EVENT_TYPES.forEach((t, i) => {
    weight[i] = options.typeWeights[t] ?? 0;
    usesValue[i] = options.valueTypes.includes(t) ? 1 : 0;
  });
  return { weight, usesValue };
}

/** Weight of one event, decay included; 0 or less means the event adds nothing. */
export function eventWeight(
  code: number,
  value: number,
  timestamp: number,
  asOf: number,
  options: WeightOptions,
  table = baseWeights(options),
): number {
  if (table.weight[code] === 0) return 0;
  const base = table.usesValue[code] && !Number.isNaN(value) ? value : table.weight[code];
  if (!(base > 0)) return 0;
  const w = options.decay ? base * decayFactor(timestamp, asOf, options.halfLifeDays) : base;
  // Non-finite weights (an infinite value, a missing timestamp) would poison every sum they join.
  return Number.isFinite(w) ? w : 0;
}
