/**
 * Row schemas for the ingest files (CSV and JSONL) and the records they become.
 * CSV cells arrive as strings and JSONL values may arrive typed, so every field accepts both;
 * an empty CSV cell has already been turned into `undefined` by the reader.
 */
import { z } from 'zod';
import { ID_PATTERN, ID_RULE } from './ids';
import { DEFAULT_LIMITS, ValidationLimits, timeOutOfRange, valueRange } from './limits';
import { DEVICE_EVENT_TYPES, DEVICE_STATUSES, EVENT_TYPES, HOME_TYPES, PRODUCT_CATEGORIES } from './vocabulary';

export const idSchema = z
  .union([z.string(), z.number().int()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(ID_PATTERN, ID_RULE));

/** Reasons quote the offending value, but a reason must stay short even when the value is not. */
const clip = (text: string | undefined, max = 80) => (text === undefined ? 'undefined' : text.length > max ? `${text.slice(0, max)}...` : text);

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export const numberSchema = z.unknown().transform((value, ctx) => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && NUMERIC.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${clip(JSON.stringify(value))}` });
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
  const plain = plainUtcMillis(text);
  if (plain !== undefined) return plain;
  if (/^\d{9,13}$/.test(text)) return toEpochMillis(Number(text));
  if (!ISO_DATE_TIME.test(text)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
  const normalised = text.replace(' ', 'T');
  const millis = Date.parse(hasZone || text.length === 10 ? normalised : `${normalised}Z`);
  if (!Number.isFinite(millis)) return undefined;
  // Date.parse rolls 2024-02-31 over to March; the written calendar date must exist. Checked on the
  // text's own year, month and day, so an offset (which moves the UTC date) does not skip the check.
  const [y, m, d] = [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
  return millis;
}

const DIGIT = (text: string, at: number, n: number): number => {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

/**
 * `YYYY-MM-DDTHH:MM:SSZ` (what exports and the generator write) read without regexes or
 * Date.parse, for the bulk load's millions of rows: a real calendar instant gives the very
 * milliseconds Date.parse gives (ECMAScript's date-time format is UTC for `Z`); anything else,
 * odd calendar days included, is undefined and takes the general path.
 */
/** Days in month `mo` (1-12) of Gregorian year `y`, as Date.UTC counts them (no Date per row). */
export function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

function plainUtcMillis(text: string): number | undefined {
  if (text.length !== 20 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[19] !== 'Z') return undefined;
  const y = DIGIT(text, 0, 4);
  const mo = DIGIT(text, 5, 2);
  const d = DIGIT(text, 8, 2);
  const h = DIGIT(text, 11, 2);
  const mi = DIGIT(text, 14, 2);
  const sec = DIGIT(text, 17, 2);
  // Years below 1000 stay on the general path (Date.UTC maps 0..99 to 1900..1999).
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  if (d > daysInMonth(y, mo)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, sec);
}

function toEpochMillis(n: number): number | undefined {
  if (!Number.isInteger(n) || n < 0) return undefined;
  // Ten digits or fewer is epoch seconds (until the year 2286).
  return n < 1e11 ? n * 1000 : n;
}

/** A timestamp inside the limits (see limits.ts), as epoch ms; `earliest` overrides the limits' floor. */
export function boundedTimestampSchema(limits: ValidationLimits, earliest = limits.earliest) {
  return z.unknown().transform((value, ctx) => {
    const millis = parseTimestamp(value);
    if (millis === undefined) {
      ctx.addIssue({ code: 'custom', message: `unparseable timestamp ${clip(JSON.stringify(value))}` });
      return z.NEVER;
    }
    const outside = timeOutOfRange(millis, limits, earliest);
    if (outside) {
      ctx.addIssue({ code: 'custom', message: `timestamp ${clip(JSON.stringify(value))} out of range: ${outside}` });
      return z.NEVER;
    }
    return millis;
  });
}

/** A calendar date (YYYY-MM-DD) inside the limits; bounded before formatting, so 1e20 is a reason, not a RangeError. */
export const boundedDateSchema = (limits: ValidationLimits, earliest = limits.earliest) =>
  boundedTimestampSchema(limits, earliest).transform((ms) => new Date(ms).toISOString().slice(0, 10));

/** A finite number in [min, max]. */
const boundedNumber = (min: number, max: number) =>
  numberSchema.superRefine((n, ctx) => {
    if (n < min || n > max) ctx.addIssue({ code: 'custom', message: `${n} out of range ${min}..${max}` });
  });

/** "a|b|c" in CSV, an array in JSONL. */
export const idListSchema = z
  .union([z.array(idSchema), z.string().transform((s) => s.split('|').map((x) => x.trim()).filter(Boolean))])
  .pipe(z.array(z.string().regex(ID_PATTERN)));

const stringList = z.union([z.array(z.string()), z.string().transform((s) => s.split('|').filter(Boolean))]);

/**
 * The row schemas under given limits. Built once per limits object (zod schemas are not free);
 * the clock is read at each parse through `limits.now`.
 */
export function rowSchemas(limits: ValidationLimits = DEFAULT_LIMITS) {
  const timestamp = boundedTimestampSchema(limits);
  const date = boundedDateSchema(limits);
  const products = z.object({
    id: idSchema,
    name: z.string().trim().min(1).max(200),
    category: z.enum(PRODUCT_CATEGORIES),
    price: boundedNumber(0, limits.maxPrice).optional(),
    compatible_with: idListSchema.optional(),
    genres: stringList.optional(),
    release_date: boundedDateSchema(limits, limits.earliestRelease).optional(),
  });
  const users = z.object({
    id: idSchema,
    home_type: z.enum(HOME_TYPES).optional(),
    region: z.string().trim().min(1).max(64).optional(),
    signup_date: date.optional(),
    age: numberSchema.pipe(z.number().int().min(0).max(130)).optional(),
    gender: z.string().trim().min(1).max(16).optional(),
    occupation: z.string().trim().min(1).max(64).optional(),
    zip: z.string().trim().min(1).max(16).optional(),
  });
  const devices = z.object({
    id: idSchema,
    product_id: idSchema,
    status: z.enum(DEVICE_STATUSES).optional(),
    installed_at: timestamp.optional(),
  });
  const ownerships = z.object({
    user_id: idSchema,
    device_id: idSchema,
    since: timestamp.optional(),
  });
  const events = z
    .object({
      id: idSchema,
      user_id: idSchema,
      type: z.enum(EVENT_TYPES),
      product_id: idSchema,
      device_id: idSchema.optional(),
      timestamp,
      value: numberSchema.optional(),
    })
    .superRefine((e, ctx) => {
      if (DEVICE_EVENT_TYPES.includes(e.type) && e.device_id === undefined) {
        ctx.addIssue({ code: 'custom', message: 'device events (install, motion_alert, live_view) need a device_id', path: ['device_id'] });
      }
      if (e.value !== undefined) {
        const range = valueRange(e.type, limits);
        if (e.value < range.min || e.value > range.max) {
          ctx.addIssue({ code: 'custom', message: `${e.value} out of range for ${range.what} (${e.type}): ${range.min}..${range.max}`, path: ['value'] });
        }
      }
    });
  return { products, users, devices, ownerships, events };
}
export type RowSchemas = ReturnType<typeof rowSchemas>;

/** The schemas under the default limits and the real clock. */
export const ROW_SCHEMAS: RowSchemas = rowSchemas(DEFAULT_LIMITS);
export const timestampSchema = boundedTimestampSchema(DEFAULT_LIMITS);
export const dateSchema = boundedDateSchema(DEFAULT_LIMITS);
export const productRowSchema = ROW_SCHEMAS.products;
export const userRowSchema = ROW_SCHEMAS.users;
export const deviceRowSchema = ROW_SCHEMAS.devices;
export const ownershipRowSchema = ROW_SCHEMAS.ownerships;
export const eventRowSchema = ROW_SCHEMAS.events;
export type ProductRecord = z.output<RowSchemas['products']>;
export type UserRecord = z.output<RowSchemas['users']>;
export type DeviceRecord = z.output<RowSchemas['devices']>;
export type OwnershipRecord = z.output<RowSchemas['ownerships']>;
export type EventRecord = z.output<RowSchemas['events']>;

export type EntityKind = keyof RowSchemas;
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

/** An id as idSchema gives it from a string cell; undefined where zod would have to decide. */
function plainId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim();
  return ID_PATTERN.test(id) ? id : undefined;
}

const EVENT_KEYS = ['id', 'user_id', 'type', 'product_id', 'device_id', 'timestamp', 'value'] as const;

/**
 * The events schema's accepting path without zod, for the bulk load's millions of rows (zod was
 * ~5 µs of a row's ~15): the same checks through the same functions (ID_PATTERN, EVENT_TYPES,
 * parseTimestamp, timeOutOfRange, NUMERIC, valueRange) give the same record, keys included, or
 * undefined for anything it does not accept, which then goes through the schema itself, so every
 * reason still comes from zod. `fastEventParser(limits)(row)` equals `rowSchemas(limits).events`'
 * output whenever it is defined (rows.spec.ts checks it on valid and broken rows).
 */
export function fastEventParser(limits: ValidationLimits): (row: unknown) => EventRecord | undefined {
  const plain = plainEventParser(limits);
  return (row) => {
    if (typeof row !== 'object' || row === null) return undefined;
    const r = row as Record<string, unknown>;
    const e = plain(r.id, r.user_id, r.type, r.product_id, r.device_id, r.timestamp, r.value);
    if (e === undefined) return undefined;
    // zod's object output: the shape's keys in order, an optional one only where the row has it.
    const parsed: Record<string, unknown> = { id: e.id, user_id: e.userId, type: e.type, product_id: e.productId, device_id: e.deviceId, timestamp: e.timestamp, value: e.value };
    const out: Record<string, unknown> = {};
    for (const key of EVENT_KEYS) if (parsed[key] !== undefined || key in r) out[key] = parsed[key];
    return out as EventRecord;
  };
}

/** A plain events row's values (what fastEventParser accepts), without zod's record shape. */
export interface PlainEvent {
  id: string;
  userId: string;
  type: EventRecord['type'];
  productId: string;
  deviceId: string | undefined;
  timestamp: number;
  value: number | undefined;
}

/**
 * The one owner of the plain-row rules: the cells of an events row (undefined for an empty or
 * missing cell) as a PlainEvent, or undefined where zod has to decide. fastEventParser (row
 * objects) and the bulk load's events lane (cells of a CSV line) both call it.
 */
export function plainEventParser(
  limits: ValidationLimits,
): (id: unknown, user: unknown, type: unknown, product: unknown, device: unknown, timestamp: unknown, value: unknown) => PlainEvent | undefined {
  return (rawId, rawUser, rawType, rawProduct, rawDevice, rawTimestamp, rawValue) => {
    const id = plainId(rawId);
    const userId = plainId(rawUser);
    const productId = plainId(rawProduct);
    const type = rawType as EventRecord['type'];
    if (id === undefined || userId === undefined || productId === undefined || typeof type !== 'string' || !EVENT_TYPES.includes(type)) return undefined;
    const deviceId = rawDevice === undefined ? undefined : plainId(rawDevice);
    if (deviceId === undefined && (rawDevice !== undefined || DEVICE_EVENT_TYPES.includes(type))) return undefined;
    const timestamp = parseTimestamp(rawTimestamp);
    if (timestamp === undefined || timeOutOfRange(timestamp, limits) !== undefined) return undefined;
    let value: number | undefined;
    if (rawValue !== undefined) {
      if (typeof rawValue !== 'string') return undefined;
      value = NUMERIC.test(rawValue.trim()) ? Number(rawValue) : NaN;
      if (!Number.isFinite(value)) return undefined;
      const range = valueRange(type, limits);
      if (value < range.min || value > range.max) return undefined;
    }
    return { id, userId, type, productId, deviceId, timestamp, value };
  };
}
