/**
 * Hidden customer types. Each one is a shopping script (which products, how many, in what order)
 * plus usage rates. Types are never written to the main files, only to truth/user_types.csv, so
 * segmenting the graph (what users own, view and how they use it) has to recover them.
 */

export const CUSTOMER_TYPES = [
  'doorbell_only_renter',
  'full_security_homeowner',
  'diy_camera_enthusiast',
  'budget_starter',
  'subscriber_power_user',
  'outdoor_floodlight_owner',
  'browser_never_buys',
] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

/** One purchase intent: with probability `prob`, buy `qty` units of one of `options`. */
export interface BasketStep {
  readonly options: readonly string[];
  /** Relative weight per option; uniform when absent. */
  readonly weights?: readonly number[];
  readonly prob: number;
  readonly qty: readonly [min: number, max: number];
}

export interface CustomerProfile {
  /** Steps run in order; later steps are accessories of earlier ones, so order is meaningful. */
  readonly basket: readonly BasketStep[];
  /** Products this type browses between purchases (besides what it buys). */
  readonly interests: readonly string[];
  /** Extra browsing sessions over the whole period, inclusive range. */
  readonly browseSessions: readonly [number, number];
  /** Mean days between two shopping trips. */
  readonly tripGapDays: number;
  /** Per device and 30 days. */
  readonly alertsPerMonth: number;
  readonly liveViewsPerMonth: number;
  /** Chance a started subscription is cancelled before the period ends. */
  readonly cancelProb: number;
}

const step = (options: string[], prob: number, qty: [number, number] = [1, 1], weights?: number[]): BasketStep => ({
  options,
  prob,
  qty,
  weights,
});

export const PROFILES: { readonly [T in CustomerType]: CustomerProfile } = {
  doorbell_only_renter: {
    basket: [
      step(['P-PEEPHOLE-CAM', 'P-DOORBELL-BATTERY', 'P-DOORBELL-WIRED'], 1, [1, 1], [45, 40, 15]),
      step(['P-CHIME', 'P-CHIME-PRO'], 0.75, [1, 1], [80, 20]),
      step(['P-BATTERY-PACK'], 0.25),
      step(['P-PLAN-BASIC'], 0.12),
    ],
    interests: ['P-PEEPHOLE-CAM', 'P-DOORBELL-BATTERY', 'P-DOORBELL-WIRED', 'P-CHIME', 'P-INDOOR-CAM-MINI'],
    browseSessions: [0, 2],
    tripGapDays: 40,
    alertsPerMonth: 0.125,
    liveViewsPerMonth: 0.05,
    cancelProb: 0.4,
  },
  full_security_homeowner: {
    basket: [
      step(['P-ALARM-BASE', 'P-ALARM-PRO-BASE'], 1, [1, 1], [60, 40]),
      step(['P-CONTACT-SENSOR'], 1, [2, 4]),
      step(['P-MOTION-SENSOR', 'P-MOTION-SENSOR-PET'], 0.8, [1, 2], [75, 25]),
      step(['P-KEYPAD'], 0.85),
      step(['P-CONTACT-SENSOR-OUTDOOR'], 0.3),
      step(['P-DOORBELL-PRO', 'P-DOORBELL-WIRED'], 0.5),
      step(['P-OUTDOOR-CAM-PRO', 'P-FLOODLIGHT-CAM'], 0.4, [1, 1], [60, 40]),
      step(['P-PLAN-PRO', 'P-PLAN-PLUS'], 0.8, [1, 1], [55, 45]),
    ],
    interests: ['P-ALARM-BASE', 'P-ALARM-PRO-BASE', 'P-CONTACT-SENSOR', 'P-MOTION-SENSOR', 'P-KEYPAD', 'P-PLAN-PRO'],
    browseSessions: [0, 1],
    tripGapDays: 14,
    alertsPerMonth: 0.1,
    liveViewsPerMonth: 0.05,
    cancelProb: 0.08,
  },
  diy_camera_enthusiast: {
    basket: [
      step(['P-OUTDOOR-CAM-BATTERY', 'P-SPOTLIGHT-CAM-BATTERY'], 1, [1, 2]),
      step(['P-INDOOR-CAM', 'P-INDOOR-CAM-PAN'], 0.7),
      step(['P-SOLAR-PANEL'], 0.8),
      step(['P-BATTERY-PACK', 'P-BATTERY-PACK-2'], 0.7, [1, 2]),
      step(['P-OUTDOOR-CAM-BATTERY', 'P-SPOTLIGHT-CAM-BATTERY'], 0.45),
      step(['P-DOORBELL-PLUS', 'P-DOORBELL-BATTERY'], 0.4, [1, 1], [70, 30]),
      step(['P-SOLAR-CHARGER-DOORBELL'], 0.35),
      step(['P-PLAN-BASIC'], 0.25),
    ],
    interests: ['P-OUTDOOR-CAM-BATTERY', 'P-SPOTLIGHT-CAM-BATTERY', 'P-SOLAR-PANEL', 'P-BATTERY-PACK-2', 'P-INDOOR-CAM-PAN'],
    browseSessions: [0, 2],
    tripGapDays: 30,
    alertsPerMonth: 0.075,
    liveViewsPerMonth: 0.15,
    cancelProb: 0.3,
  },
  budget_starter: {
    basket: [step(['P-INDOOR-CAM-MINI', 'P-INDOOR-CAM'], 1, [1, 1], [75, 25]), step(['P-PLAN-BASIC'], 0.08)],
    interests: ['P-INDOOR-CAM-MINI', 'P-INDOOR-CAM', 'P-DOORBELL-WIRED'],
    browseSessions: [0, 1],
    tripGapDays: 60,
    alertsPerMonth: 0.1,
    liveViewsPerMonth: 0.05,
    cancelProb: 0.5,
  },
  subscriber_power_user: {
    basket: [
      step(['P-DOORBELL-PLUS', 'P-DOORBELL-PRO', 'P-DOORBELL-BATTERY'], 0.85, [1, 1], [40, 35, 25]),
      step(['P-INDOOR-CAM', 'P-INDOOR-CAM-PAN'], 0.65, [1, 2]),
      step(['P-PLAN-PLUS', 'P-PLAN-BASIC'], 1, [1, 1], [75, 25]),
      step(['P-OUTDOOR-CAM-PRO', 'P-SPOTLIGHT-CAM-WIRED'], 0.4),
      step(['P-CHIME-PRO'], 0.3),
    ],
    interests: ['P-PLAN-PLUS', 'P-PLAN-BASIC', 'P-DOORBELL-PRO', 'P-INDOOR-CAM-PAN', 'P-OUTDOOR-CAM-PRO'],
    browseSessions: [0, 2],
    tripGapDays: 25,
    alertsPerMonth: 0.4,
    liveViewsPerMonth: 0.3,
    cancelProb: 0.04,
  },
  outdoor_floodlight_owner: {
    basket: [
      step(['P-FLOODLIGHT-CAM', 'P-FLOODLIGHT-CAM-PRO'], 1, [1, 2]),
      step(['P-SPOTLIGHT-CAM-WIRED', 'P-OUTDOOR-CAM-PRO'], 0.7, [1, 2], [70, 30]),
      step(['P-DOORBELL-PRO', 'P-DOORBELL-WIRED'], 0.4),
      step(['P-CHIME-PRO'], 0.3),
      step(['P-PLAN-BASIC', 'P-PLAN-PLUS'], 0.45, [1, 1], [60, 40]),
    ],
    interests: ['P-FLOODLIGHT-CAM', 'P-FLOODLIGHT-CAM-PRO', 'P-SPOTLIGHT-CAM-WIRED', 'P-OUTDOOR-CAM-PRO'],
    browseSessions: [0, 2],
    tripGapDays: 35,
    alertsPerMonth: 0.175,
    liveViewsPerMonth: 0.05,
    cancelProb: 0.25,
  },
  browser_never_buys: {
    basket: [],
    // Window-shops the flagship products without committing.
    interests: ['P-DOORBELL-PRO', 'P-FLOODLIGHT-CAM-PRO', 'P-ALARM-PRO-BASE', 'P-SPOTLIGHT-CAM-BATTERY', 'P-INDOOR-CAM-PAN', 'P-PLAN-PLUS'],
    browseSessions: [2, 4],
    tripGapDays: 45,
    alertsPerMonth: 0,
    liveViewsPerMonth: 0,
    cancelProb: 0,
  },
};
