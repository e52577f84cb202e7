/**
 * A sequence model on disk, like the embeddings' (libs/gnn/src/model-files.ts): `model.json`
 * (network config, training options, item vocabulary, epoch reports, weight manifest) and
 * `weights.bin` (little-endian float32 in manifest order), each written to a temporary name and
 * renamed so that a reader never sees half a model.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NeuralSessionModel } from './neural';
import type { EpochReport, NeuralOptions } from './neural';
import type { NetworkConfig } from './network';

export const SEQUENCE_MODEL_FILE = 'model.json';
export const SEQUENCE_WEIGHTS_FILE = 'weights.bin';

export interface SequenceModelJson {
  format: 'graphrec-sequence';
  version: 1;
  config: NetworkConfig;
  options: NeuralOptions;
  itemIds: string[];
  epochs: EpochReport[];
  chosenEpochs: number;
  weights: { name: string; shape: number[]; offset: number; length: number }[];
}

function writeAtomically(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function saveSequenceModel(dir: string, model: NeuralSessionModel, itemIds: readonly string[]): void {
  if (!model.net) throw new Error('saveSequenceModel: the model is not fitted');
  mkdirSync(dir, { recursive: true });
  const snapshot = model.net.snapshot();
  const names = Object.keys(snapshot).sort();
  let offset = 0;
  const weights = names.map((name) => {
    const entry = { name, shape: snapshot[name].shape, offset, length: snapshot[name].values.length };
    offset += entry.length;
    return entry;
  });
  const all = new Float32Array(offset);
  for (const w of weights) all.set(snapshot[w.name].values, w.offset);
  writeAtomically(join(dir, SEQUENCE_WEIGHTS_FILE), Buffer.from(all.buffer));
  const json: SequenceModelJson = { format: 'graphrec-sequence', version: 1, config: model.net.config, options: model.options, itemIds: [...itemIds], epochs: model.epochs, chosenEpochs: model.chosenEpochs, weights };
  writeAtomically(join(dir, SEQUENCE_MODEL_FILE), JSON.stringify(json, null, 1) + '\n');
}

/** Reads a saved model's manifest and weights (the network is rebuilt by the caller's SessionNetwork). */
export function readSequenceModel(dir: string): { json: SequenceModelJson; weights: Record<string, { shape: number[]; values: Float32Array }> } {
  const json = JSON.parse(readFileSync(join(dir, SEQUENCE_MODEL_FILE), 'utf8')) as SequenceModelJson;
  if (json.format !== 'graphrec-sequence' || json.version !== 1) throw new Error(`${dir}: not a graphrec sequence model`);
  const bytes = readFileSync(join(dir, SEQUENCE_WEIGHTS_FILE));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const weights = Object.fromEntries(json.weights.map((w) => [w.name, { shape: w.shape, values: all.slice(w.offset, w.offset + w.length) }]));
  return { json, weights };
}
