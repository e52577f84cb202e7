import { PropValue } from './features';

/**
 * Node properties stored by column rather than as one object per node: strings are dictionary
 * coded (a million users share a handful of home types and regions), numbers are float64 with NaN
 * for "absent". A row can be written again (a later users row replaces the earlier one).
 */
export type ColumnKind = 'string' | 'number' | 'list';

export class PropertyTable {
  private readonly strings = new Map<string, { dictionary: string[]; codes: Map<string, number>; values: Int32Array }>();
  private readonly numbers = new Map<string, Float64Array>();
  private readonly lists = new Map<string, Array<readonly string[] | undefined>>();
  private capacity = 0;
  rows = 0;

  constructor(readonly schema: Readonly<Record<string, ColumnKind>>) {
    for (const [field, kind] of Object.entries(schema)) {
      if (kind === 'string') this.strings.set(field, { dictionary: [], codes: new Map(), values: new Int32Array(0) });
      else if (kind === 'number') this.numbers.set(field, new Float64Array(0));
      else this.lists.set(field, []);
    }
    this.ensure(1024);
  }

  /** Replaces every property of row `i` (absent fields become absent), growing the table as needed. */
  set(i: number, props: Readonly<Record<string, PropValue>>): void {
    this.ensure(i + 1);
    if (i >= this.rows) this.rows = i + 1;
    for (const [field, column] of this.strings) {
      const v = props[field];
      if (typeof v !== 'string') {
        column.values[i] = -1;
        continue;
      }
      let code = column.codes.get(v);
      if (code === undefined) {
        code = column.dictionary.length;
        column.dictionary.push(v);
        column.codes.set(v, code);
      }
      column.values[i] = code;
    }
    for (const [field, column] of this.numbers) {
      const v = props[field];
      column[i] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
    }
    for (const [field, column] of this.lists) {
      const v = props[field];
      column[i] = Array.isArray(v) ? [...v] : undefined;
    }
  }

  /** Makes row `i` exist with no properties (a stub), unless it already has some. */
  touch(i: number): void {
    while (this.rows <= i) this.set(this.rows, {});
  }

  get(i: number, field: string): PropValue {
    if (i >= this.rows) return undefined;
    const s = this.strings.get(field);
    if (s) return s.values[i] < 0 ? undefined : s.dictionary[s.values[i]];
    const n = this.numbers.get(field);
    if (n) return Number.isNaN(n[i]) ? undefined : n[i];
    return this.lists.get(field)?.[i];
  }

  bytes(): number {
    let total = 0;
    for (const s of this.strings.values()) total += s.values.byteLength;
    for (const n of this.numbers.values()) total += n.byteLength;
    return total;
  }

  private ensure(min: number): void {
    if (min <= this.capacity) return;
    const capacity = Math.max(min, Math.ceil(this.capacity * 1.5));
    for (const column of this.strings.values()) {
      const next = new Int32Array(capacity).fill(-1);
      next.set(column.values);
      column.values = next;
    }
    for (const [field, column] of this.numbers) {
      const next = new Float64Array(capacity).fill(NaN);
      next.set(column);
      this.numbers.set(field, next);
    }
    this.capacity = capacity;
  }
}

export const USER_COLUMNS = {
  home_type: 'string',
  region: 'string',
  signup_date: 'string',
  age: 'number',
  gender: 'string',
  occupation: 'string',
} as const satisfies Record<string, ColumnKind>;
export const PRODUCT_COLUMNS = { category: 'string', price: 'number', genres: 'list' } as const satisfies Record<string, ColumnKind>;
export const DEVICE_COLUMNS = { status: 'string' } as const satisfies Record<string, ColumnKind>;
