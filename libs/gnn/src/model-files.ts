/**
 * A model on disk: `model.json` (config, feature encoders, metrics, weight manifest) and
 * `weights.bin` (every weight as little-endian float32, in manifest order). Written to temporary
 * names and renamed, so a reader never sees half a model.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphSageConfig, TrainMetrics, TrainedModel, WeightArray } from './options';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

interface ManifestEntry {
  name: string;
  shape: number[];
  /** In float32 elements from the start of weights.bin. */
  offset: number;
  length: number;
}

interface ModelJson {
  format: 'graphrec-graphsage';
  version: 1;
  config: GraphSageConfig;
  encoders: TrainedModel['encoders'];
  metrics: TrainMetrics;
  weights: ManifestEntry[];
}

/** NaN and ±Infinity are not JSON: kept as strings so metrics survive a round trip. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

function reviveNumbers<T>(value: T): T {
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value) as T;
  if (Array.isArray(value)) return value.map(reviveNumbers) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveNumbers(v)])) as T;
  return value;
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

export function saveModel(dir: string, model: TrainedModel): void {
  if (!littleEndian()) throw new Error('saveModel: big-endian machines are not supported');
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(model.weights).sort();
  const manifest: ManifestEntry[] = [];
  let total = 0;
  for (const name of names) {
    const w = model.weights[name];
    manifest.push({ name, shape: w.shape, offset: total, length: w.values.length });
    total += w.values.length;
  }
  const data = new Float32Array(total);
  for (const m of manifest) data.set(model.weights[m.name].values, m.offset);
  const json: ModelJson = { format: 'graphrec-graphsage', version: 1, config: model.config, encoders: model.encoders, metrics: model.metrics, weights: manifest };
  const suffix = `.tmp-${process.pid}`;
  writeFileSync(join(dir, WEIGHTS_FILE + suffix), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  writeFileSync(join(dir, MODEL_FILE + suffix), JSON.stringify(json, replacer, 2) + '\n');
  renameSync(join(dir, WEIGHTS_FILE + suffix), join(dir, WEIGHTS_FILE));
  renameSync(join(dir, MODEL_FILE + suffix), join(dir, MODEL_FILE));
}

export function loadModel(dir: string): TrainedModel {
  const json = reviveNumbers(JSON.parse(readFileSync(join(dir, MODEL_FILE), 'utf8')) as ModelJson);
  if (json.format !== 'graphrec-graphsage' || json.version !== 1) throw new Error(`${dir}: not a graphrec GraphSAGE model (version 1)`);
  const bytes = readFileSync(join(dir, WEIGHTS_FILE));
  const expected = json.weights.reduce((n, m) => n + m.length, 0) * 4;
  if (bytes.byteLength !== expected) throw new Error(`${dir}/${WEIGHTS_FILE}: ${bytes.byteLength} bytes, the manifest says ${expected}`);
  // Copied into an aligned buffer: a Buffer from readFileSync may start at any byte offset.
  const data = new Float32Array(new Uint8Array(bytes).buffer);
  const weights: Record<string, WeightArray> = {};
  for (const m of json.weights) weights[m.name] = { shape: m.shape, values: data.slice(m.offset, m.offset + m.length) };
  return { config: json.config, weights, encoders: json.encoders, metrics: json.metrics };
}

/** The training graph's node ids, in its order: what `alignModel` (align.ts) maps a later graph by. */
export const IDS_FILE = 'ids.json';

export function saveNodeIds(dir: string, ids: Record<'User' | 'Product' | 'Device', readonly string[]>): void {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${IDS_FILE}.tmp-${process.pid}`);
  writeFileSync(tmp, JSON.stringify({ User: ids.User, Product: ids.Product, Device: ids.Device }) + '\n');
  renameSync(tmp, join(dir, IDS_FILE));
}

/** The ids saved by `saveNodeIds`, or undefined for a model saved without them (before they existed). */
export function loadNodeIds(dir: string): Record<'User' | 'Product' | 'Device', string[]> | undefined {
  const file = join(dir, IDS_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const list = (v: unknown): string[] => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${file}: not a list of ids per label`);
    return v as string[];
  };
  return { User: list(parsed.User), Product: list(parsed.Product), Device: list(parsed.Device ?? []) };
}
