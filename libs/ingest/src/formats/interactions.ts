import { createHash } from 'node:crypto';
import { readFirstLine } from '../line-reader';
import { FileFormatError, FileSourceOptions } from '../native-source';
import { Source } from '../source';
import { delimitedSource } from './line-source';

const COLUMNS = ['user_id', 'item_id', 'weight', 'timestamp'];

/**
 * Any implicit-feedback log `user_id,item_id[,weight][,timestamp]` (header row, plain CSV without
 * quoted fields): users and items are created as they appear, each row becomes an `interaction`
 * event whose id hashes (user, item, timestamp), so a repeated row is one event.
 */
export async function interactionsSource(path: string, options: FileSourceOptions = {}): Promise<Source> {
  const first = await readFirstLine(path, options.maxLineBytes);
  const header = first?.bytes.toString('utf8').replace(/^\uFEFF/, '').split(',').map((c) => c.trim());
  if (!header || header[0] !== 'user_id' || header[1] !== 'item_id' || header.some((c) => !COLUMNS.includes(c))) {
    throw new FileFormatError(`${path}: an interactions file starts with the header user_id,item_id[,weight][,timestamp]`);
  }
  const at = (name: string) => header.indexOf(name);
  return delimitedSource('events', path, {
    format: 'interactions',
    delimiter: ',',
    encoding: 'utf8',
    headerLines: 1,
    maxLineBytes: options.maxLineBytes,
    writeOptions: { createMissingProducts: true },
    toRow: (f) => {
      if (f.length !== header.length) return `expected ${header.length} fields, found ${f.length}`;
      const [user, item] = [f[0].trim(), f[1].trim()];
      const timestamp = at('timestamp') >= 0 ? f[at('timestamp')].trim() : '';
      const id = 'ix-' + createHash('sha1').update(`${user}\u0000${item}\u0000${timestamp}`).digest('hex').slice(0, 20);
      return {
        id,
        user_id: user,
        product_id: item,
        type: 'interaction',
        value: at('weight') >= 0 && f[at('weight')].trim() !== '' ? f[at('weight')] : undefined,
        // Without a timestamp the interaction is dated at the epoch: the log gives no order.
        timestamp: timestamp === '' ? 0 : timestamp,
      };
    },
  });
}
