import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { InteractionsFormatError } from './errors';
import { Interactions, InteractionsBuilder } from './interactions';

/** MovieLens 100K `u.data`: tab-separated `user item rating timestamp`, no header. */
export function parseMovielensData(text: string): Interactions {
  const builder = new InteractionsBuilder();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split('\t');
    if (fields.length !== 4) throw new InteractionsFormatError(`expected 4 tab-separated fields, got ${fields.length}`, i + 1);
    builder.add(fields[0], fields[1], toNumber(fields[2], 'rating', i + 1), toNumber(fields[3], 'timestamp', i + 1));
  }
  return builder.build();
}

export function readMovielensData(path: string): Interactions {
  return parseMovielensData(readFileSync(path, 'utf8'));
}

/**
 * CSV with a header naming `user_id`, `item_id` and optionally `weight` and `timestamp`, in any
 * column order. Missing weight is 1; missing timestamp is 0 (a temporal split then falls back to
 * row order, since it breaks timestamp ties by position). Plain comma-separated values only: ids
 * with commas or quotes are not supported.
 */
export function parseInteractionsCsv(text: string): Interactions {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const column = (name: string): number => header.indexOf(name);
  const userCol = column('user_id');
  const itemCol = column('item_id');
  const weightCol = column('weight');
  const timeCol = column('timestamp');
  if (userCol < 0 || itemCol < 0) throw new InteractionsFormatError('header must name user_id and item_id', 1);
  const builder = new InteractionsBuilder();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== header.length) {
      throw new InteractionsFormatError(`expected ${header.length} fields, got ${fields.length}`, i + 1);
    }
    const user = fields[userCol];
    const item = fields[itemCol];
    if (user === '' || item === '') throw new InteractionsFormatError('empty user_id or item_id', i + 1);
    const weight = weightCol < 0 ? 1 : toNumber(fields[weightCol], 'weight', i + 1);
    const timestamp = timeCol < 0 ? 0 : toNumber(fields[timeCol], 'timestamp', i + 1);
    builder.add(user, item, weight, timestamp);
  }
  return builder.build();
}

export function readInteractionsCsv(path: string): Interactions {
  return parseInteractionsCsv(readFileSync(path, 'utf8'));
}

function toNumber(field: string, what: string, line: number): number {
  const value = Number(field);
  if (field.trim() === '' || !Number.isFinite(value)) throw new InteractionsFormatError(`${what} "${field}" is not a number`, line);
  return value;
}

/** The CSV `parseInteractionsCsv` reads (user_id,item_id,weight,timestamp), written atomically. */
export function writeInteractionsCsv(data: Interactions, path: string): void {
  const lines = ['user_id,item_id,weight,timestamp'];
  for (let r = 0; r < data.users.length; r++) lines.push(`${data.userIds[data.users[r]]},${data.itemIds[data.items[r]]},${data.weights[r]},${data.timestamps[r]}`);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, lines.join('\n') + '\n');
  renameSync(tmp, path);
}
