import { DeviceRecord, EntityKind, EventRecord, OwnershipRecord, ProductRecord, RecordOf, UserRecord } from '@graphrec/graph-model';
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { FileSummary } from '../ingest-file';
import { Rejection, boundRejection } from '../quarantine';
import { Source, SourceItem } from '../source';
import { ImporterFile, ImporterFileName, datetimeField, field, importerInputArgs, listField, openImporterFiles } from './importer-files';

/**
 * Validation for the bulk load, with the transactional path's outcome on an empty database:
 * the same row schemas (through the same sources), the same reference rules and reasons
 * (cypher/ingest/*.cypher), the same quarantine files. What the database decides row by row in
 * the transactional path is decided here from what earlier files held:
 * - products, users, devices, ownerships: a later row for the same key replaces the earlier one
 *   (MERGE + SET); an identical row is "unchanged";
 * - devices need a known product, ownerships a known device, events a known product and device;
 * - an event id is written once: a later row with the same id is "unchanged";
 * - users named by ownerships or events but by no users row become stubs ({stub: true});
 * - every user and product gets `changedAt` (all are new), as the serving change feed expects.
 */
export interface PrepareOptions {
  /** Where each source's `.rejected.jsonl` goes (the transactional path's quarantinePath). */
  quarantinePathOf: (source: Source) => string;
  /** The `changedAt` stamp (server ms in the transactional path). */
  stamp: number;
  onProgress?: (p: { path: string; kind: EntityKind; bytesDone: number; bytesTotal: number; rows: number }) => void;
  onFileStart?: (file: { path: string; kind: string; index: number; total: number; bytes: number }) => void;
}

export interface PreparedImport {
  files: FileSummary[];
  /** --nodes / --relationships arguments naming the files written. */
  inputArgs: string[];
  /** True when some field holds a line break (--multiline-fields=true). */
  multiline: boolean;
  nodes: number;
  relationships: number;
  events: number;
}

interface Held {
  products: Map<string, string>;
  users: Map<string, string>;
  devices: Map<string, { line: string; product: string }>;
  ownerships: Map<string, { user: string; device: string; since: string }>;
  events: Set<string>;
  stubs: Set<string>;
}

/** A row's fate: written (new or changed), unchanged, or refused with a reason. */
type Outcome = 'loaded' | 'unchanged' | string;

const productLine = (p: ProductRecord, stamp: number) =>
  [field(p.id), field(p.name), field(p.category), field(p.price), listField(p.compatible_with), listField(p.genres), field(p.release_date), stamp].join(',');
const userLine = (u: UserRecord, stamp: number) =>
  [field(u.id), field(u.home_type), field(u.region), field(u.signup_date), field(u.age), field(u.gender), field(u.occupation), field(u.zip), stamp].join(',');
const deviceLine = (d: DeviceRecord) => [field(d.id), field(d.status), datetimeField(d.installed_at)].join(',');

/** Keeps `value` under `key`, last row wins; says whether it changed anything. */
function replace<V>(map: Map<string, V>, key: string, value: V, same: (a: V, b: V) => boolean): Outcome {
  const before = map.get(key);
  map.set(key, value);
  return before !== undefined && same(before, value) ? 'unchanged' : 'loaded';
}

function decide<K extends EntityKind>(kind: K, record: RecordOf[K], held: Held, out: Record<ImporterFileName, ImporterFile>, stamp: number): Outcome {
  switch (kind) {
    case 'products': {
      const p = record as ProductRecord;
      return replace(held.products, p.id, productLine(p, stamp), (a, b) => a === b);
    }
    case 'users': {
      const u = record as UserRecord;
      return replace(held.users, u.id, userLine(u, stamp), (a, b) => a === b);
    }
    case 'devices': {
      const d = record as DeviceRecord;
      if (!held.products.has(d.product_id)) return `unknown product "${d.product_id}"`;
      return replace(held.devices, d.id, { line: deviceLine(d), product: d.product_id }, (a, b) => a.line === b.line && a.product === b.product);
    }
    case 'ownerships': {
      const o = record as OwnershipRecord;
      if (!held.devices.has(o.device_id)) return `unknown device "${o.device_id}"`;
      if (!held.users.has(o.user_id)) held.stubs.add(o.user_id);
      const value = { user: o.user_id, device: o.device_id, since: datetimeField(o.since) };
      return replace(held.ownerships, `${o.user_id}\u0000${o.device_id}`, value, (a, b) => a.since === b.since);
    }
    case 'events': {
      const e = record as EventRecord;
      if (!held.products.has(e.product_id)) return `unknown product "${e.product_id}"`;
      if (e.device_id !== undefined && !held.devices.has(e.device_id)) return `unknown device "${e.device_id}"`;
      if (held.events.has(e.id)) return 'unchanged';
      held.events.add(e.id);
      if (!held.users.has(e.user_id)) held.stubs.add(e.user_id);
      // Events are written once and never replaced, so they stream straight out.
      out.events.line([field(e.id), field(e.type), datetimeField(e.timestamp), field(e.value)].join(','));
      out.performed.line(`${field(e.user_id)},${field(e.id)}`);
      out.about.line(`${field(e.id)},${field(e.product_id)}`);
      if (e.device_id !== undefined) out.fromDevice.line(`${field(e.id)},${field(e.device_id)}`);
      return 'loaded';
    }
    default:
      throw new Error(`no bulk rule for ${String(kind)}`);
  }
}

/** Streams one source's quarantine entries to `<path>.tmp`; renamed into place when complete. */
class QuarantineStream {
  private fd: number | undefined;
  count = 0;
  constructor(readonly path: string) {
    rmSync(path, { force: true });
  }
  add(r: Rejection): void {
    this.fd ??= openSync(`${this.path}.tmp`, 'w');
    writeSync(this.fd, JSON.stringify(boundRejection(r)) + '\n');
    this.count++;
  }
  finish(): string | undefined {
    if (this.fd === undefined) return undefined;
    closeSync(this.fd);
    renameSync(`${this.path}.tmp`, this.path);
    return this.path;
  }
}

/** Writes the kinds whose rows could still be replaced by later rows, once their files are all read. */
function flushHeld(kind: EntityKind, held: Held, out: Record<ImporterFileName, ImporterFile>): void {
  if (kind === 'products') for (const line of held.products.values()) out.products.line(line);
  if (kind === 'users') for (const line of held.users.values()) out.users.line(line);
  if (kind === 'devices') {
    for (const [id, d] of held.devices) {
      out.devices.line(d.line);
      out.instanceOf.line(`${field(id)},${field(d.product)}`);
    }
  }
  if (kind === 'ownerships') for (const o of held.ownerships.values()) out.owns.line(`${field(o.user)},${field(o.device)},${o.since}`);
}

/**
 * Reads every source (in load order), validates, quarantines, and writes the importer's files into
 * `dir`. Nothing touches the database.
 */
export async function prepareImport(sources: Source[], dir: string, options: PrepareOptions): Promise<PreparedImport> {
  const out = openImporterFiles(dir);
  const held: Held = { products: new Map(), users: new Map(), devices: new Map(), ownerships: new Map(), events: new Set(), stubs: new Set() };
  const files: FileSummary[] = [];
  try {
    for (const [index, source] of sources.entries()) {
      const started = Date.now();
      const bytesTotal = statSync(source.path).size;
      options.onFileStart?.({ path: source.path, kind: source.kind, index, total: sources.length, bytes: bytesTotal });
      const quarantine = new QuarantineStream(options.quarantinePathOf(source));
      let loaded = 0;
      let unchanged = 0;
      let rows = 0;
      for await (const chunk of source.read(await source.start())) {
        for (const item of chunk as SourceItem[]) {
          rows++;
          const outcome = item.record === undefined ? (item.reason ?? 'invalid row') : decide(source.kind, item.record, held, out, options.stamp);
          if (outcome === 'loaded') loaded++;
          else if (outcome === 'unchanged') unchanged++;
          else {
            quarantine.add({ file: source.path, line: item.lineNo, raw: item.raw, reason: outcome, ...(item.rawBytes !== undefined ? { rawBytes: item.rawBytes } : {}) });
          }
        }
        const last = chunk[chunk.length - 1];
        if (last) options.onProgress?.({ path: source.path, kind: source.kind, bytesDone: last.end, bytesTotal, rows });
      }
      const next = sources[index + 1];
      if (next?.kind !== source.kind) flushHeld(source.kind, held, out);
      const rejectedFile = quarantine.finish();
      files.push({
        path: source.path,
        kind: source.kind,
        format: source.format,
        loaded,
        unchanged,
        rejected: quarantine.count,
        rejectedFile,
        skipped: false,
        resumed: false,
        seconds: (Date.now() - started) / 1000,
      });
    }
    const stamp = String(options.stamp);
    for (const id of held.stubs) out.stubs.line(`${field(id)},true,${stamp}`);
  } finally {
    Object.values(out).forEach((f) => f.close());
  }
  const all = Object.values(out);
  const nodes = all.filter((f) => ['products', 'users', 'stubs', 'devices', 'events'].includes(f.name)).reduce((n, f) => n + f.rows, 0);
  return {
    files,
    inputArgs: importerInputArgs(out),
    multiline: all.some((f) => f.multiline),
    nodes,
    relationships: all.reduce((n, f) => n + f.rows, 0) - nodes,
    events: out.events.rows,
  };
}
