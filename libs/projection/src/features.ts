/**
 * Node features from properties, and the encoders that make them. An encoder is fitted once on the
 * projected nodes (vocabularies, means, standard deviations) and serialised with a model, so that a
 * node seen later is encoded with exactly the same columns (inductive use).
 */
import { DEVICE_STATUSES, HOME_TYPES, PRODUCT_CATEGORIES } from '@graphrec/graph-model';

export type PropValue = string | number | readonly string[] | null | undefined;
export type NodeProps = Readonly<Record<string, PropValue>>;
/** Property `field` of node `i`: lets fitting and encoding read columnar storage without an object per node. */
export type PropertyAccessor = (i: number, field: string) => PropValue;
/** Relation degree by key `"<relation>.<out|in>"`, e.g. `interacted.out`. */
export type Degrees = Readonly<Record<string, number>>;

export type FeatureBlock =
  /** One column per value, plus `fallback` for a missing value or one outside the vocabulary. */
  | { kind: 'oneHot'; field: string; values: string[]; fallback: string }
  | { kind: 'multiHot'; field: string; values: string[] }
  /** Standardised number; missing → 0 with a 1 in `<field>_missing` when the fit data had gaps. */
  | { kind: 'number'; field: string; transform: NumberTransform; mean: number; std: number; missingFlag: boolean; asOf?: number }
  | { kind: 'degree'; key: string };

export type NumberTransform = 'none' | 'log1p' | 'yearsBeforeAsOf';

export interface FeatureEncoderJSON {
  version: 1;
  label: string;
  blocks: FeatureBlock[];
}

export interface Features {
  columns: string[];
  /** rows × cols, row-major. */
  data: Float32Array;
  rows: number;
  cols: number;
}

const YEAR_MS = 365.25 * 86_400_000;

function blockColumns(b: FeatureBlock): string[] {
  switch (b.kind) {
    case 'oneHot':
      return [...b.values, b.fallback].map((v) => `${b.field}=${v}`);
    case 'multiHot':
      return b.values.map((v) => `${b.field}~${v}`);
    case 'number': {
      const name = b.transform === 'log1p' ? `log1p(${b.field})` : b.transform === 'yearsBeforeAsOf' ? `${b.field}:years` : b.field;
      return b.missingFlag ? [name, `${b.field}_missing`] : [name];
    }
    case 'degree':
      return [`log1p_degree:${b.key}`];
  }
}

/** A number from a property, after the block's transform; NaN when absent or unusable. */
function numberOf(value: PropValue, transform: NumberTransform, asOf = 0): number {
  if (value === null || value === undefined || Array.isArray(value)) return NaN;
  if (transform === 'yearsBeforeAsOf') {
    const ms = typeof value === 'number' ? value : Date.parse(String(value));
    return Number.isFinite(ms) ? (asOf - ms) / YEAR_MS : NaN;
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return NaN;
  return transform === 'log1p' ? Math.log1p(Math.max(0, n)) : n;
}

export class FeatureEncoder {
  readonly columns: string[];
  private readonly indexes: Array<Map<string, number> | undefined>;

  constructor(
    readonly label: string,
    readonly blocks: readonly FeatureBlock[],
  ) {
    this.columns = blocks.flatMap(blockColumns);
    this.indexes = blocks.map((b) => (b.kind === 'oneHot' || b.kind === 'multiHot' ? new Map(b.values.map((v, i) => [v, i])) : undefined));
  }

  get cols(): number {
    return this.columns.length;
  }

  /** Encodes one node given as a plain object (a new node, say); writes into `out` at `offset` when given. */
  encode(props: NodeProps, degrees: Degrees = {}, out = new Float32Array(this.cols), offset = 0): Float32Array {
    this.encodeInto((_, field) => props[field], 0, (key) => degrees[key] ?? 0, out, offset);
    return out;
  }

  /** The row of node `i` into `out[offset..offset+cols)`; the array must be zeroed. */
  encodeInto(get: PropertyAccessor, i: number, degree: (key: string) => number, out: Float32Array, offset: number): void {
    let c = offset;
    this.blocks.forEach((b, bi) => {
      switch (b.kind) {
        case 'oneHot': {
          const v = get(i, b.field);
          const at = typeof v === 'string' ? this.indexes[bi]?.get(v) : undefined;
          out[c + (at ?? b.values.length)] = 1;
          c += b.values.length + 1;
          break;
        }
        case 'multiHot': {
          const v = get(i, b.field);
          for (const item of Array.isArray(v) ? v : []) {
            const at = this.indexes[bi]?.get(item);
            if (at !== undefined) out[c + at] = 1;
          }
          c += b.values.length;
          break;
        }
        case 'number': {
          const n = numberOf(get(i, b.field), b.transform, b.asOf);
          if (Number.isNaN(n)) {
            if (b.missingFlag) out[c + 1] = 1;
          } else {
            out[c] = (n - b.mean) / b.std;
          }
          c += b.missingFlag ? 2 : 1;
          break;
        }
        case 'degree':
          out[c++] = Math.log1p(degree(b.key));
          break;
      }
    });
  }

  /** The feature matrix of `rows` nodes. */
  encodeAll(rows: number, get: PropertyAccessor, degree: (i: number, key: string) => number): Features {
    const cols = this.cols;
    const data = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) this.encodeInto(get, i, (key) => degree(i, key), data, i * cols);
    return { columns: [...this.columns], data, rows, cols };
  }

  toJSON(): FeatureEncoderJSON {
    return { version: 1, label: this.label, blocks: this.blocks.map((b) => ({ ...b })) };
  }

  static fromJSON(json: FeatureEncoderJSON | string): FeatureEncoder {
    const parsed: FeatureEncoderJSON = typeof json === 'string' ? JSON.parse(json) : json;
    if (parsed.version !== 1 || !Array.isArray(parsed.blocks)) throw new Error('not a feature encoder (version 1)');
    return new FeatureEncoder(parsed.label, parsed.blocks);
  }
}

/** What to encode for one label; vocabularies and statistics are learned by `fitEncoder`. */
export type FieldSpec =
  | { kind: 'category'; field: string; vocabulary: readonly string[] }
  | { kind: 'learnedCategory'; field: string; maxValues: number }
  | { kind: 'multi'; field: string; maxValues: number }
  | { kind: 'number'; field: string; transform: NumberTransform }
  | { kind: 'degree'; key: string };

export const FEATURE_SPECS: Readonly<Record<'User' | 'Product' | 'Device', readonly FieldSpec[]>> = {
  User: [
    { kind: 'category', field: 'home_type', vocabulary: HOME_TYPES },
    { kind: 'learnedCategory', field: 'region', maxValues: 20 },
    { kind: 'number', field: 'signup_date', transform: 'yearsBeforeAsOf' },
    { kind: 'number', field: 'age', transform: 'none' },
    { kind: 'learnedCategory', field: 'gender', maxValues: 20 },
    { kind: 'learnedCategory', field: 'occupation', maxValues: 32 },
    { kind: 'degree', key: 'interacted.out' },
    { kind: 'degree', key: 'purchased.out' },
    { kind: 'degree', key: 'owns.out' },
  ],
  Product: [
    { kind: 'category', field: 'category', vocabulary: PRODUCT_CATEGORIES },
    { kind: 'number', field: 'price', transform: 'log1p' },
    { kind: 'multi', field: 'genres', maxValues: 32 },
    { kind: 'degree', key: 'interacted.in' },
    { kind: 'degree', key: 'purchased.in' },
    { kind: 'degree', key: 'instanceOf.in' },
  ],
  Device: [
    { kind: 'category', field: 'status', vocabulary: DEVICE_STATUSES },
    { kind: 'category', field: 'product_category', vocabulary: PRODUCT_CATEGORIES },
    { kind: 'degree', key: 'owns.in' },
  ],
};

/** Most frequent first, ties by value, so the vocabulary does not depend on the order nodes came in. */
function topValues(counts: Map<string, number>, max: number): string[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, max)
    .map(([v]) => v);
}

/** Bracketed so it cannot be mistaken for a real value ("other" is a home type and a MovieLens occupation). */
function fallbackName(name: string, values: readonly string[]): string {
  let fallback = name;
  while (values.includes(fallback)) fallback = `<${fallback}>`;
  return fallback;
}

/**
 * Learns vocabularies and statistics from `rows` nodes. Fields that no node has are left out (no
 * home_type columns for MovieLens users), as are degrees of relations without edges.
 */
export function fitEncoder(
  label: string,
  specs: readonly FieldSpec[],
  rows: number,
  get: PropertyAccessor,
  relationEdges: (key: string) => number,
  asOf: number,
): FeatureEncoder {
  const blocks: FeatureBlock[] = [];
  for (const spec of specs) {
    if (spec.kind === 'degree') {
      if (relationEdges(spec.key) > 0) blocks.push({ kind: 'degree', key: spec.key });
      continue;
    }
    if (spec.kind === 'number') {
      let n = 0;
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < rows; i++) {
        const x = numberOf(get(i, spec.field), spec.transform, asOf);
        if (Number.isNaN(x)) continue;
        n++;
        sum += x;
        sumSq += x * x;
      }
      if (n === 0) continue;
      const mean = sum / n;
      const std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
      const block: FeatureBlock = { kind: 'number', field: spec.field, transform: spec.transform, mean, std: std > 1e-9 ? std : 1, missingFlag: n < rows };
      blocks.push(spec.transform === 'yearsBeforeAsOf' ? { ...block, asOf } : block);
      continue;
    }
    const counts = new Map<string, number>();
    for (let i = 0; i < rows; i++) {
      const v = get(i, spec.field);
      for (const item of Array.isArray(v) ? v : typeof v === 'string' ? [v] : []) counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    if (counts.size === 0) continue;
    if (spec.kind === 'category') {
      const values = spec.vocabulary.filter((v) => counts.has(v));
      blocks.push({ kind: 'oneHot', field: spec.field, values, fallback: fallbackName('<unknown>', values) });
    } else if (spec.kind === 'learnedCategory') {
      const values = topValues(counts, spec.maxValues);
      blocks.push({ kind: 'oneHot', field: spec.field, values, fallback: fallbackName('<other>', values) });
    } else {
      blocks.push({ kind: 'multiHot', field: spec.field, values: topValues(counts, spec.maxValues) });
    }
  }
  return new FeatureEncoder(label, blocks);
}
