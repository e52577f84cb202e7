/**
 * The served slots (issue 11, docs/decide.md): named placements with their eligible products and
 * policy, read from GRAPHREC_SLOTS (a JSON list) or the defaults below, and the attribution
 * window and refresh period. Part of ApiConfig (config.ts), validated at start like every setting.
 */
import { DEFAULT_SERVED_POLICY, SERVED_POLICIES } from '@graphrec/decide';
import { ID_PATTERN, ID_RULE, PRODUCT_CATEGORIES } from '@graphrec/graph-model';
import { DECISION_WRITE_MODES, DEFAULT_DECISION_LINGER_MS, type DecisionWriteMode, type SlotDefinition } from '@graphrec/serving';
import { z } from 'zod';

export interface DecideConfig {
  slots: SlotDefinition[];
  /** A purchase up to this many days after a decision counts for it. */
  attributionWindowDays: number;
  /** How often each process re-reads the slots' shared counters (ms). */
  refreshMs: number;
  /** Users whose decision context (owned products…) each process holds; 0: a read per decision. */
  userCacheUsers: number;
  /** buffered: a decision is answered at once and committed in the next batch; commit: after its commit (libs/serving decision-writer.ts). */
  writeMode: DecisionWriteMode;
  /** buffered: decisions queued beyond which new ones wait for their commit. */
  maxPendingDecisions: number;
  /** buffered: how long a batch of decisions gathers before its write (ms); 0 writes each as it comes. */
  decisionLingerMs: number;
}

/** The demo world's placements: main devices on the app's home screen, add-ons by email and at checkout. */
export const DEFAULT_SLOTS: readonly SlotDefinition[] = [
  { id: 'app-home', policy: DEFAULT_SERVED_POLICY, productIds: [], categories: ['video_doorbell', 'indoor_camera', 'outdoor_camera', 'floodlight_camera', 'spotlight_camera', 'alarm_base_station'] },
  { id: 'email', policy: DEFAULT_SERVED_POLICY, productIds: [], categories: ['contact_sensor', 'motion_sensor', 'keypad', 'chime', 'solar_panel', 'battery', 'protection_plan'] },
  { id: 'checkout', policy: DEFAULT_SERVED_POLICY, productIds: [], categories: ['chime', 'solar_panel', 'battery', 'protection_plan'] },
];

export const DEFAULT_DECIDE: DecideConfig = { slots: [...DEFAULT_SLOTS], attributionWindowDays: 7, refreshMs: 1_000, userCacheUsers: 100_000, writeMode: 'buffered', maxPendingDecisions: 10_000, decisionLingerMs: DEFAULT_DECISION_LINGER_MS };

const MAX_SLOTS = 100;
const MAX_SLOT_PRODUCTS = 1_000;

const slotSchema = z
  .object({
    id: z.string().regex(ID_PATTERN, ID_RULE),
    policy: z.enum(SERVED_POLICIES).default(DEFAULT_SERVED_POLICY),
    products: z.array(z.string().regex(ID_PATTERN, ID_RULE)).max(MAX_SLOT_PRODUCTS).default([]),
    categories: z.array(z.enum(PRODUCT_CATEGORIES)).max(PRODUCT_CATEGORIES.length).default([]),
  })
  .strict()
  .refine((s) => s.products.length + s.categories.length > 0, 'a slot names its eligible products or categories')
  .transform((s): SlotDefinition => ({ id: s.id, policy: s.policy, productIds: s.products, categories: s.categories }));

const slotsSchema = z
  .array(slotSchema)
  .max(MAX_SLOTS)
  .refine((slots) => new Set(slots.map((s) => s.id)).size === slots.length, 'slot ids must be unique');

/** GRAPHREC_SLOTS: `[{"id": "app-home", "policy": "thompson", "categories": ["indoor_camera"], "products": ["P-001"]}, …]`. */
export function parseSlots(text: string | undefined): SlotDefinition[] {
  if (text === undefined || text.trim() === '') return [...DEFAULT_SLOTS];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('GRAPHREC_SLOTS must be a JSON list of slots');
  }
  const parsed = slotsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`GRAPHREC_SLOTS ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  return parsed.data;
}

/** GRAPHREC_DECISION_WRITE: buffered (default) or commit. */
export function parseWriteMode(text: string | undefined): DecisionWriteMode {
  const value = text?.trim() || DEFAULT_DECIDE.writeMode;
  if (!(DECISION_WRITE_MODES as readonly string[]).includes(value)) throw new Error(`GRAPHREC_DECISION_WRITE must be one of ${DECISION_WRITE_MODES.join(', ')}, got "${value}"`);
  return value as DecisionWriteMode;
}
