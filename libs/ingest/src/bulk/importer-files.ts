import { csvField } from '@graphrec/graph-model';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The CSV files Neo4j's importer reads (`neo4j-admin database import full`), one per node label
 * and relationship type, each with the importer's typed header. The property names and types are
 * the ones cypher/ingest/*.cypher writes: JS numbers reach Neo4j as floats through the driver, so
 * they are `double` here too; epoch-ms timestamps are `datetime` in UTC; dates are `date`.
 *
 * Every node's first column is its node id (`:ID`, not stored as a property) and relationships
 * name their ends by node id: the validation assigns them (prepare.ts, "Node ids"), so the importer
 * runs with `--id-type=actual` and maps no id at all. With string ids, mapping them (encoding,
 * sorting, collision checks, then looking every relationship's ends up) was ~40% of the importer's
 * CPU at 200k users (docs/batch.md "Node ids for the importer"). The key stays a string `id` property.
 */
export const IMPORTER_FILES = {
  products: { label: 'Product', header: ':ID,id,name,category,price:double,compatible_with:string[],genres:string[],release_date:date,changedAt:long' },
  users: { label: 'User', header: ':ID,id,home_type,region,signup_date:date,age:double,gender,occupation,zip,changedAt:long' },
  stubs: { label: 'User', header: ':ID,id,stub:boolean,changedAt:long' },
  devices: { label: 'Device', header: ':ID,id,status,installed_at:datetime' },
  events: { label: 'Event', header: ':ID,id,type,timestamp:datetime,value:double' },
  instanceOf: { type: 'INSTANCE_OF', header: ':START_ID,:END_ID' },
  owns: { type: 'OWNS', header: ':START_ID,:END_ID,since:datetime' },
  performed: { type: 'PERFORMED', header: ':START_ID,:END_ID' },
  about: { type: 'ABOUT', header: ':START_ID,:END_ID' },
  fromDevice: { type: 'FROM_DEVICE', header: ':START_ID,:END_ID' },
} as const;
/** The importer's --id-type for IMPORTER_FILES: the `:ID` columns are node ids. */
export const IMPORTER_ID_TYPE = 'actual';
export type ImporterFileName = keyof typeof IMPORTER_FILES;

/**
 * Between the elements of a list property (the importer's --array-delimiter). The unit separator
 * never occurs in real names; a value that holds it is refused rather than silently split.
 */
export const ARRAY_DELIMITER = '\u001f';

export class ImporterValueError extends Error {
  override name = 'ImporterValueError';
}

/** One field: `undefined`/`null` is an empty cell (no property), the way SET x = null leaves none. */
export function field(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? csvField(value) : String(value);
}

export const datetimeField = (ms: number | undefined): string => (ms === undefined ? '' : isoOfMillis(ms));

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()` without a Date per value (a profile of the bulk validation had the
 * Date objects of devices', ownerships' and events' timestamps at 7% of its CPU): days to a civil
 * date by Hinnant's algorithm, for the years 1000 to 9999 (four digits, as toISOString writes
 * them); any other instant goes through Date.
 */
export function isoOfMillis(ms: number): string {
  if (!Number.isInteger(ms) || ms < -30610224000000 || ms > 253402300799999) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86400000);
  let rest = ms - days * 86400000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const h = Math.floor(rest / 3600000);
  rest -= h * 3600000;
  const mi = Math.floor(rest / 60000);
  rest -= mi * 60000;
  const sec = Math.floor(rest / 1000);
  return `${y}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}.${pad3(rest - sec * 1000)}Z`;
}

export function listField(values: readonly string[] | undefined): string {
  if (values === undefined) return '';
  for (const v of values) {
    if (v.includes(ARRAY_DELIMITER)) throw new ImporterValueError(`a list value holds the importer's array delimiter U+001F: ${JSON.stringify(v.slice(0, 80))}`);
  }
  return csvField(values.join(ARRAY_DELIMITER));
}

/**
 * A buffered writer of one importer file: writes the header, then lines; remembers whether a
 * field held a line break (the importer must then be told to read multi-line fields).
 */
/** Bytes an ImporterFile buffers before writing. */
const BUFFER_BYTES = 1 << 20;

export class ImporterFile {
  private fd: number;
  // Lines are encoded straight into one reused buffer: no array of strings and no joined 1 MiB
  // string per write (the events lane writes four lines per event, millions of them).
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  rows = 0;
  multiline = false;
  private closed = false;

  /** `header: false` for a further part of a group (the importer reads the header from the first file only). */
  constructor(
    readonly name: ImporterFileName,
    readonly path: string,
    header = true,
  ) {
    this.fd = openSync(path, 'w');
    if (header) this.append(IMPORTER_FILES[name].header);
  }

  line(text: string): void {
    if (!this.multiline && (text.includes('\n') || text.includes('\r'))) this.multiline = true;
    this.append(text);
    this.rows++;
  }

  private append(text: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
    const most = 3 * text.length + 1;
    if (this.used + most > BUFFER_BYTES) this.flush();
    if (most > BUFFER_BYTES) {
      writeSync(this.fd, `${text}\n`);
      return;
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
    this.buffer[this.used++] = 10;
  }

  private flush(): void {
    if (!this.used) return;
    writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }

  /** Idempotent: a file closed early (to be read back) is closed again with the others. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    closeSync(this.fd);
  }
}

/** Opens every importer file in `dir`. */
export function openImporterFiles(dir: string): Record<ImporterFileName, ImporterFile> {
  const names = Object.keys(IMPORTER_FILES) as ImporterFileName[];
  return Object.fromEntries(names.map((n) => [n, new ImporterFile(n, join(dir, `${n}.csv`))])) as Record<ImporterFileName, ImporterFile>;
}

/** The importer's --nodes/--relationships arguments for the files written, each group's header file first. */
export function importerInputArgs(files: Record<ImporterFileName, ImporterFile>, parts: Partial<Record<ImporterFileName, string[]>> = {}): string[] {
  return (Object.keys(IMPORTER_FILES) as ImporterFileName[]).map((n) => {
    const spec = IMPORTER_FILES[n];
    const paths = [files[n].path, ...(parts[n] ?? [])].join(',');
    return 'label' in spec ? `--nodes=${spec.label}=${paths}` : `--relationships=${spec.type}=${paths}`;
  });
}
