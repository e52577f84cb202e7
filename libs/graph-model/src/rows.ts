/**
 * Row schemas for the ingest files (CSV and JSONL) and the records they become.
 * CSV cells arrive as strings and JSONL values may arrive typed, so every field accepts both;
 * an empty CSV cell has already been turned into `undefined` by the reader.
 */
import { z } from 'zod';
import { ID_PATTERN, ID_RULE } from './ids';
import { DEVICE_EVENT_TYPES, DEVICE_STATUSES, EVENT_TYPES, HOME_TYPES, PRODUCT_CATEGORIES } from './vocabulary';

export const idSchema = z
  .union([z.string(), z.number().int()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(ID_PATTERN, ID_RULE));

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export const numberSchema = z.unknown().transform((value, ctx) => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && NUMERIC.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return n;
});

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses ISO 8601 (date or date-time; no zone means UTC) or epoch seconds/milliseconds into epoch ms. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return toEpochMillis(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{9,13}$/.test(text)) return toEpochMillis(Number(text));
  if (!ISO_DATE_TIME.test(text)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
  const normalised = text.replace(' ', 'T');
  const millis = Date.parse(hasZone || text.length === 10 ? normalised : `${normalised}Z`);
  if (!Number.isFinite(millis)) return undefined;
  // Date.parse rolls 2024-02-31 over to March; a real calendar date must round-trip.
  if (new Date(millis).toISOString().slice(0, 10) !== normalised.slice(0, 10) && !hasZone) return undefined;
  return millis;
}

function toEpochMillis(n: number): number | undefined {
  if (!Number.isInteger(n) || n < 0) return undefined;
  // Ten digits or fewer is epoch seconds (until the year 2286).
  return n < 1e11 ? n * 1000 : n;
}

export const timestampSchema = z.unknown().transform((value, ctx) => {
  const millis = parseTimestamp(value);
  if (millis === undefined) {
    ctx.addIssue({ code: 'custom', message: `unparseable timestamp ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return millis;
});

export const dateSchema = timestampSchema.transform((ms) => new Date(ms).toISOString().slice(0, 10));

/** "a|b|c" in CSV, an array in JSONL. */
export const idListSchema = z
  .union([z.array(idSchema), z.string().transform((s) => s.split('|').map((x) => x.trim()).filter(Boolean))])
  .pipe(z.array(z.string().regex(ID_PATTERN)));

const stringList = z.union([z.array(z.string()), z.string().transform((s) => s.split('|').filter(Boolean))]);

export const productRowSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(200),
  category: z.enum(PRODUCT_CATEGORIES),
  price: numberSchema.pipe(z.number().min(0)).optional(),
  compatible_with: idListSchema.optional(),
  genres: stringList.optional(),
  release_date: dateSchema.optional(),
});
export type ProductRecord = z.output<typeof productRowSchema>;

export const userRowSchema = z.object({
  id: idSchema,
  home_type: z.enum(HOME_TYPES).optional(),
  region: z.string().trim().min(1).max(64).optional(),
  signup_date: dateSchema.optional(),
  age: numberSchema.pipe(z.number().int().min(0).max(130)).optional(),
  gender: z.string().trim().min(1).max(16).optional(),
  occupation: z.string().trim().min(1).max(64).optional(),
  zip: z.string().trim().min(1).max(16).optional(),
});
export type UserRecord = z.output<typeof userRowSchema>;

export const deviceRowSchema = z.object({
  id: idSchema,
  product_id: idSchema,
  status: z.enum(DEVICE_STATUSES).optional(),
  installed_at: timestampSchema.optional(),
});
export type DeviceRecord = z.output<typeof deviceRowSchema>;

export const ownershipRowSchema = z.object({
  user_id: idSchema,
  device_id: idSchema,
  since: timestampSchema.optional(),
});
export type OwnershipRecord = z.output<typeof ownershipRowSchema>;

export const eventRowSchema = z
  .object({
    id: idSchema,
    user_id: idSchema,
    type: z.enum(EVENT_TYPES),
    product_id: idSchema,
    device_id: idSchema.optional(),
    timestamp: timestampSchema,
    value: numberSchema.optional(),
  })
  .refine((e) => !DEVICE_EVENT_TYPES.includes(e.type) || e.device_id !== undefined, {
    message: 'device events (install, motion_alert, live_view) need a device_id',
    path: ['device_id'],
  });
export type EventRecord = z.output<typeof eventRowSchema>;

export const ROW_SCHEMAS = {
  products: productRowSchema,
  users: userRowSchema,
  devices: deviceRowSchema,
  ownerships: ownershipRowSchema,
  events: eventRowSchema,
} as const;
export type EntityKind = keyof typeof ROW_SCHEMAS;
/** Load order: every kind only references kinds loaded before it. */
export const ENTITY_KINDS: readonly EntityKind[] = ['products', 'users', 'devices', 'ownerships', 'events'];

export interface RecordOf {
  products: ProductRecord;
  users: UserRecord;
  devices: DeviceRecord;
  ownerships: OwnershipRecord;
  events: EventRecord;
}

/** Columns of each file, in the order the generator writes them (documented in the README). */
export const COLUMNS: { [K in EntityKind]: readonly string[] } = {
  products: ['id', 'name', 'category', 'price', 'compatible_with'],
  users: ['id', 'home_type', 'region', 'signup_date'],
  devices: ['id', 'product_id', 'status', 'installed_at'],
  ownerships: ['user_id', 'device_id', 'since'],
  events: ['id', 'user_id', 'type', 'product_id', 'device_id', 'timestamp', 'value'],
};

/** Turns zod's issues into one readable reason, e.g. `category: invalid option; expected one of ...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      return `${where}${issue.message}`;
    })
    .join('; ');
}
