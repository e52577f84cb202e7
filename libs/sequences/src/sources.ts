/**
 * Converters to session events: a generated world's events.csv (libs/datagen's columns
 * id,user_id,type,product_id,device_id,timestamp,value) and MovieLens 100K's u.data (user, item,
 * rating, epoch seconds, tab-separated: every rating is an event, the rating itself is ignored).
 * Unreadable rows are returned as rejections with line and reason, like the session log's.
 */
import { COLUMNS } from '@graphrec/graph-model';
import { CsvAssembler, Rejection, readLines } from '@graphrec/ingest';
import { parseTimestamp } from './session-log';
import type { SessionEvent } from './types';

export interface EventsRead {
  events: SessionEvent[];
  rejected: Rejection[];
}

/** A generated world's events.csv has the ingest schema's columns, in its order. */
const WORLD_COLUMNS = COLUMNS.events;

export async function readWorldEvents(file: string): Promise<EventsRead> {
  const assembler = new CsvAssembler();
  const events: SessionEvent[] = [];
  const rejected: Rejection[] = [];
  let header: string[] | undefined;
  const take = (items: ReturnType<CsvAssembler['push']>) => {
    for (const it of items) {
      if (!header) {
        header = it.fields ?? [];
        if (WORLD_COLUMNS.some((c, i) => header?.[i] !== c)) throw new Error(`${file}: not a generated world's events.csv (header ${WORLD_COLUMNS.join(',')})`);
        continue;
      }
      const f = it.fields;
      const reject = (reason: string) => rejected.push({ file, line: it.lineNo, raw: it.raw, reason });
      if (!f) reject(it.reason ?? 'unreadable row');
      else if (f.length !== WORLD_COLUMNS.length) reject(`expected ${WORLD_COLUMNS.length} fields, found ${f.length}`);
      else if (!f[1] || !f[3]) reject('empty user_id or product_id');
      else {
        const t = parseTimestamp(f[5]);
        if (typeof t === 'string') reject(t);
        else events.push({ user: f[1], item: f[3], type: f[2], t });
      }
    }
  };
  for await (const lines of readLines(file)) take(assembler.push(lines));
  take(assembler.end());
  return { events, rejected };
}

export async function readMovielensEvents(file: string): Promise<EventsRead> {
  const events: SessionEvent[] = [];
  const rejected: Rejection[] = [];
  for await (const lines of readLines(file)) {
    for (const line of lines) {
      const raw = line.bytes.toString('utf8');
      if (!raw.trim()) continue;
      const f = raw.split('\t');
      const t = f.length === 4 ? parseTimestamp(f[3].trim()) : `expected 4 tab-separated fields, found ${f.length}`;
      if (typeof t === 'string' || !f[0] || !f[1]) rejected.push({ file, line: line.lineNo, raw, reason: typeof t === 'string' ? t : 'empty user or item' });
      else events.push({ user: f[0], item: f[1], t, type: 'rating' });
    }
  }
  return { events, rejected };
}
