import { DeviceRecord, EntityKind, EventRecord, OwnershipRecord, ProductRecord, RecordOf, UserRecord } from '@graphrec/graph-model';
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@graphrec/neo4j';
import { EventsPartResult, PARALLEL_MIN_BYTES, planRanges, runEventsWorker } from './events-parallel';
import { validateEventsRange } from './events-lane';
import { readLines } from '../line-reader';
import { anyRepeatedHash, IdSet } from './id-set';
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
 *
 * Node ids: the importer runs with `--id-type=actual` (importer-files.ts), so every node's id is
 * chosen here, dense and in kind order: products, users and devices numbered in the order their
 * Maps hold them (first appearance) as each kind is flushed; the events of events file i at
 * `eventsStart + eventOffsets[i] + lineNo` (a line number is unique in its file, and a worker knows
 * it without hearing from the other ranges; header and refused lines leave small gaps); stubs last,
 * after the highest event id. A stub's id is known only at the end, so the relationships naming a
 * stub (OWNS, PERFORMED) wait for it: ownerships in memory, events in `*-stub-performed.jsonl`.
 */
export interface PrepareOptions {
  /** Where each source's `.rejected.jsonl` goes (the transactional path's quarantinePath). */
  quarantinePathOf: (source: Source) => string;
  /** The `changedAt` stamp (server ms in the transactional path). */
  stamp: number;
  onProgress?: (p: { path: string; kind: EntityKind; bytesDone: number; bytesTotal: number; rows: number }) => void;
  onFileStart?: (file: { path: string; kind: string; index: number; total: number; bytes: number }) => void;
  /** Worker threads for large events CSV files (default 1: the main thread only). */
  workers?: number;
  /** The sources' line limit, for the workers' readers. */
  maxLineBytes?: number;
  /** Events files at least this large are split over the workers (default PARALLEL_MIN_BYTES). */
  parallelMinBytes?: number;
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
  /** Events files validated by worker threads (the others ran on the main thread). */
  parallelFiles: number;
}

/** Node ids of the kinds that are referenced by later files (assigned when each kind is flushed). */
export interface NodeIds {
  products: Map<string, number>;
  users: Map<string, number>;
  devices: Map<string, number>;
}

interface Held {
  /** Each kind's lines, last row wins, until the kind is flushed (then emptied: `ids` has the keys). */
  products: Map<string, string>;
  users: Map<string, string>;
  devices: Map<string, { line: string; product: string }>;
  ownerships: Map<string, { user: string; device: string; since: string }>;
  events: IdSet;
  /** Events written by worker threads whose ids are not in `events` (only their hashes were checked). */
  eventsElsewhere: number;
  stubs: Set<string>;
  ids: NodeIds;
  /** The next node id to hand out (products, users and devices so far). */
  nextNode: number;
  /** The highest event node id written (-1: none). */
  maxEvent: number;
  /** Ownerships of stubs: their user's node id is assigned at the end. */
  stubOwns: { user: string; device: number; since: string }[];
  /** Files of [event node id, stub user id] lines (PERFORMED of a stub), resolved at the end. */
  stubPerformed: string[];
}

/** A row's fate: written (new or changed), unchanged, or refused with a reason. */
export type Outcome = 'loaded' | 'unchanged' | string;

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

/** What an event row is checked against: the node ids of the products, devices and users. */
export interface EventRefs {
  products: { get(id: string): number | undefined };
  devices: { get(id: string): number | undefined };
  users: { get(id: string): number | undefined };
  /** Event ids written so far (first row wins); more than one Set holds at 1M users. */
  events: IdSet;
  stubs: Set<string>;
  /** The node id of this file's events is `eventBase + lineNo` (see "Node ids" above). */
  eventBase: number;
  /** The highest event node id written so far (-1: none); updated as events are written. */
  maxEvent: number;
}

/** The events rule (cypher/ingest/events.cypher): references first, then "written once". */
export function acceptEvent(e: EventRecord, lineNo: number, refs: EventRefs, out: EventFiles): Outcome {
  return acceptEventValues(e.id, e.user_id, e.type, e.product_id, e.device_id, datetimeField(e.timestamp), e.value, lineNo, refs, out);
}

/** The events' importer files, and `stubPerformed`: [event node id, user id] JSON lines of events by stubs. */
export type EventFiles = Pick<Record<ImporterFileName, ImporterFile>, 'events' | 'performed' | 'about' | 'fromDevice'> & { stubPerformed: ImporterFile };

/**
 * acceptEvent on a record's values, the timestamp already in the importer's form (the events lane
 * has it without a Date); the one place the events rule and the events files' lines are written.
 */
export function acceptEventValues(
  id: string,
  userId: string,
  type: string,
  productId: string,
  deviceId: string | undefined,
  timestamp: string,
  value: number | undefined,
  lineNo: number,
  refs: EventRefs,
  out: EventFiles,
): Outcome {
  const product = refs.products.get(productId);
  if (product === undefined) return `unknown product "${productId}"`;
  const device = deviceId === undefined ? undefined : refs.devices.get(deviceId);
  if (deviceId !== undefined && device === undefined) return `unknown device "${deviceId}"`;
  if (!refs.events.addNew(id)) return 'unchanged';
  // Events are written once and never replaced, so they stream straight out.
  const node = refs.eventBase + lineNo;
  if (node > refs.maxEvent) refs.maxEvent = node;
  out.events.line(`${node},${field(id)},${field(type)},${timestamp},${field(value)}`);
  const user = refs.users.get(userId);
  if (user === undefined) {
    refs.stubs.add(userId);
    out.stubPerformed.line(JSON.stringify([node, userId]));
  } else out.performed.line(`${user},${node}`);
  out.about.line(`${node},${product}`);
  if (device !== undefined) out.fromDevice.line(`${node},${device}`);
  return 'loaded';
}

function decide<K extends EntityKind>(kind: K, record: RecordOf[K], lineNo: number, held: Held, out: MainFiles, stamp: number, refs: () => EventRefs): Outcome {
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
      if (!held.ids.products.has(d.product_id)) return `unknown product "${d.product_id}"`;
      return replace(held.devices, d.id, { line: deviceLine(d), product: d.product_id }, (a, b) => a.line === b.line && a.product === b.product);
    }
    case 'ownerships': {
      const o = record as OwnershipRecord;
      if (!held.ids.devices.has(o.device_id)) return `unknown device "${o.device_id}"`;
      if (!held.ids.users.has(o.user_id)) held.stubs.add(o.user_id);
      const value = { user: o.user_id, device: o.device_id, since: datetimeField(o.since) };
      return replace(held.ownerships, `${o.user_id}\u0000${o.device_id}`, value, (a, b) => a.since === b.since);
    }
    case 'events':
      return acceptEvent(record as EventRecord, lineNo, refs(), out);
    default:
      throw new Error(`no bulk rule for ${String(kind)}`);
  }
}

/** Streams one source's quarantine entries to `<path>.tmp`; renamed into place when complete. */
export class QuarantineStream {
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
  /** Appends a finished part (a worker's entries, already in line order). */
  addPart(path: string, count: number): void {
    if (!count) return;
    this.fd ??= openSync(`${this.path}.tmp`, 'w');
    writeSync(this.fd, readFileSync(path));
    rmSync(path, { force: true });
    this.count += count;
  }
  finish(): string | undefined {
    if (this.fd === undefined) return undefined;
    closeSync(this.fd);
    renameSync(`${this.path}.tmp`, this.path);
    return this.path;
  }
}

/** Numbers a flushed kind's keys from `held.nextNode` on, in the Map's order. */
function assignIds(keys: Iterable<string>, held: Held): Map<string, number> {
  const ids = new Map<string, number>();
  for (const key of keys) ids.set(key, held.nextNode++);
  return ids;
}

/**
 * Writes the kinds whose rows could still be replaced by later rows, once their files are all
 * read, and numbers their nodes; the held lines are dropped (the ids keep the keys).
 */
function flushHeld(kind: EntityKind, held: Held, out: MainFiles): void {
  if (kind === 'products') {
    held.ids.products = assignIds(held.products.keys(), held);
    for (const [id, line] of held.products) out.products.line(`${held.ids.products.get(id)},${line}`);
    held.products.clear();
  }
  if (kind === 'users') {
    held.ids.users = assignIds(held.users.keys(), held);
    for (const [id, line] of held.users) out.users.line(`${held.ids.users.get(id)},${line}`);
    held.users.clear();
  }
  if (kind === 'devices') {
    held.ids.devices = assignIds(held.devices.keys(), held);
    for (const [id, d] of held.devices) {
      const node = held.ids.devices.get(id);
      out.devices.line(`${node},${d.line}`);
      out.instanceOf.line(`${node},${held.ids.products.get(d.product)}`);
    }
    held.devices.clear();
  }
  if (kind === 'ownerships') {
    for (const o of held.ownerships.values()) {
      const user = held.ids.users.get(o.user);
      const device = held.ids.devices.get(o.device) as number; // checked when the row was accepted
      if (user === undefined) held.stubOwns.push({ user: o.user, device, since: o.since });
      else out.owns.line(`${user},${device},${o.since}`);
    }
    held.ownerships.clear();
  }
}

/** The main thread's files: the importer's, and where its events by stubs wait. */
type MainFiles = Record<ImporterFileName, ImporterFile> & { stubPerformed: ImporterFile };

/** Number of lines of a file (a last line without a line break counts). */
export function countLines(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(8 * 2 ** 20);
    let lines = 0;
    let last = 10;
    for (let got = readSync(fd, chunk); got > 0; got = readSync(fd, chunk)) {
      const buf = chunk.subarray(0, got);
      for (let at = buf.indexOf(10); at !== -1; at = buf.indexOf(10, at + 1)) lines++;
      last = buf[got - 1];
    }
    return last === 10 ? lines : lines + 1;
  } finally {
    closeSync(fd);
  }
}

interface FileCounts {
  loaded: number;
  unchanged: number;
}

/** Worker threads validating an events file; `undefined` results when the file cannot be split. */
interface EventsJobs {
  source: Source;
  /** The ids come back as text (other events files need them); otherwise only hashes. */
  returnIds: boolean;
  results: Promise<EventsPartResult[] | undefined>;
}

/**
 * Starts the worker threads of an events CSV file (events-parallel.ts). Events need only the
 * products, devices and users ids, so this can start once the devices are complete, while the main
 * thread still validates ownerships; `mergeEventsInParallel` then decides what they wrote.
 */
function startEventsInParallel(source: Source, dir: string, index: number, held: Held, options: PrepareOptions, returnIds: boolean, eventBase: number): EventsJobs {
  // Each kind's ids are consecutive from its first one, in the Map's order: keys and that first id say it all.
  const lookup = (ids: Map<string, number>) => ({ keys: [...ids.keys()], first: ids.values().next().value ?? 0 });
  const lookups = { products: lookup(held.ids.products), devices: lookup(held.ids.devices), users: lookup(held.ids.users), eventBase };
  const tsconfig = join(repoRoot(), 'tsconfig.base.json');
  const results = (async () => {
    const from = await source.start();
    const ranges = planRanges(source.path, from.offset, from.line, options.workers ?? 1);
    if (ranges.length < 2) return undefined;
    return Promise.all(
      ranges.map((range, r) =>
        runEventsWorker({ path: source.path, range, prefix: join(dir, `f${index}-r${r}`), quarantine: join(dir, `f${index}-r${r}.rejected.jsonl`), maxLineBytes: options.maxLineBytes, returnIds, ...lookups }, tsconfig),
      ),
    );
  })();
  // Awaited by the merge; a failure before then must not be an unhandled rejection.
  results.catch(() => undefined);
  return { source, results, returnIds };
}

/**
 * The outcome of an events file validated by worker threads; undefined when it could not be split
 * or an id repeats across ranges or earlier files (the caller then validates it sequentially).
 */
async function mergeEventsInParallel(
  jobs: EventsJobs,
  held: Held,
  parts: Partial<Record<ImporterFileName, string[]>>,
  quarantine: QuarantineStream,
): Promise<(FileCounts & { multiline: boolean; nodes: number; relationships: number }) | undefined> {
  const results = await jobs.results;
  if (!results) return undefined;
  const discard = () => results.forEach((res) => [...Object.values(res.parts), res.quarantine ?? ''].forEach((f) => f && rmSync(f, { force: true })));
  // "First row wins" across ranges and earlier files: any id seen twice sends the file back to one thread.
  let written = 0;
  if (!jobs.returnIds) {
    // The only events file: a repeat can only be across its ranges, found among the ids' hashes.
    if (anyRepeatedHash(results.map((r) => r.hashes))) {
      discard();
      return undefined;
    }
    written = results.reduce((n, r) => n + r.written, 0);
    held.eventsElsewhere += written;
  } else {
    const added = new IdSet();
    const first = held.events.size === 0;
    for (const res of results) {
      for (const id of (res.ids ?? '').split('\n')) {
        if (!id) continue;
        if ((!first && held.events.has(id)) || !added.addNew(id)) {
          discard();
          return undefined;
        }
      }
    }
    // The first events file: its ids become the held ones (no second copy of the strings).
    if (first) held.events = added;
    else for (const id of added) held.events.add(id);
    written = added.size;
  }
  for (const res of results) {
    res.stubs.forEach((u) => held.stubs.add(u));
    if (res.maxEvent > held.maxEvent) held.maxEvent = res.maxEvent;
    if (res.stubPerformedRows) held.stubPerformed.push(res.parts.stubPerformed);
    else rmSync(res.parts.stubPerformed, { force: true });
    (['events', 'performed', 'about', 'fromDevice'] as const).forEach((n) => (parts[n] = [...(parts[n] ?? []), res.parts[n]]));
    if (res.quarantine) quarantine.addPart(res.quarantine, res.rejected);
  }
  return {
    loaded: results.reduce((n, r) => n + r.loaded, 0),
    unchanged: results.reduce((n, r) => n + r.unchanged, 0),
    multiline: results.some((r) => r.multiline),
    // Per event: its node, PERFORMED and ABOUT, and FROM_DEVICE where it names a device; the
    // PERFORMED of stubs' events are written (and counted) with the stubs at the end.
    nodes: written,
    relationships: 2 * written + results.reduce((n, r) => n + r.fromDeviceRows - r.stubPerformedRows, 0),
  };
}

/**
 * The stubs' nodes, numbered after every other node, and the relationships that waited for their
 * ids (OWNS held in memory, PERFORMED in the stub-performed files), in the order they were found.
 */
async function writeStubs(held: Held, out: MainFiles, stamp: string): Promise<void> {
  let next = Math.max(held.nextNode, held.maxEvent + 1);
  const stubIds = new Map<string, number>();
  for (const id of held.stubs) {
    stubIds.set(id, next);
    out.stubs.line(`${next++},${field(id)},true,${stamp}`);
  }
  for (const o of held.stubOwns) out.owns.line(`${stubIds.get(o.user)},${o.device},${o.since}`);
  out.stubPerformed.close();
  for (const file of [out.stubPerformed.path, ...held.stubPerformed]) {
    if (!existsSync(file)) continue;
    // Line by line: every event of a large file could be a stub's.
    for await (const lines of readLines(file)) {
      for (const line of lines) {
        if (!line.bytes.length) continue;
        const [event, user] = JSON.parse(line.bytes.toString('utf8')) as [number, string];
        out.performed.line(`${stubIds.get(user)},${event}`);
      }
    }
  }
}

/**
 * Reads every source (in load order), validates, quarantines, and writes the importer's files into
 * `dir`. Nothing touches the database.
 */
export async function prepareImport(sources: Source[], dir: string, options: PrepareOptions): Promise<PreparedImport> {
  const out: MainFiles = { ...openImporterFiles(dir), stubPerformed: new ImporterFile('performed', join(dir, 'stub-performed.jsonl'), false) };
  const held: Held = {
    products: new Map(),
    users: new Map(),
    devices: new Map(),
    ownerships: new Map(),
    events: new IdSet(),
    eventsElsewhere: 0,
    stubs: new Set(),
    ids: { products: new Map(), users: new Map(), devices: new Map() },
    nextNode: 0,
    maxEvent: -1,
    stubOwns: [],
    stubPerformed: [],
  };
  // Where each events file's node ids start, past the products, users and devices (all flushed
  // before any event is read: load order) and the earlier events files' lines.
  const eventOffsets = new Map<Source, number>();
  let linesBefore = 0;
  const eventsSources = sources.filter((s) => s.kind === 'events');
  for (const [i, s] of eventsSources.entries()) {
    eventOffsets.set(s, linesBefore);
    if (i + 1 < eventsSources.length) linesBefore += countLines(s.path) + 1;
  }
  const eventBase = (source: Source) => held.nextNode + (eventOffsets.get(source) ?? 0);
  const eventRefs = (source: Source): EventRefs => ({ ...held.ids, events: held.events, stubs: held.stubs, eventBase: eventBase(source), maxEvent: held.maxEvent });
  const files: FileSummary[] = [];
  const parts: Partial<Record<ImporterFileName, string[]>> = {};
  let multiline = false;
  let parallelFiles = 0;
  let partNodes = 0;
  let partRelationships = 0;
  const splittable = (source: Source) =>
    source.kind === 'events' && source.format === 'csv' && (options.workers ?? 1) > 1 && statSync(source.path).size >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES);
  let early: EventsJobs | undefined;
  const eventsFiles = sources.filter((s) => s.kind === 'events').length;
  try {
    for (const [index, source] of sources.entries()) {
      const started = Date.now();
      const bytesTotal = statSync(source.path).size;
      options.onFileStart?.({ path: source.path, kind: source.kind, index, total: sources.length, bytes: bytesTotal });
      const quarantine = new QuarantineStream(options.quarantinePathOf(source));
      let loaded = 0;
      let unchanged = 0;
      let rows = 0;
      // The first large events file starts on worker threads as soon as devices are complete (below).
      if (!early && (source.kind === 'ownerships' || source.kind === 'events')) {
        const at = sources.findIndex((s, i) => i >= index && splittable(s));
        if (at >= 0) early = startEventsInParallel(sources[at], dir, at, held, options, eventsFiles > 1, eventBase(sources[at]));
      }
      const jobs = early?.source === source ? early : splittable(source) ? startEventsInParallel(source, dir, index, held, options, eventsFiles > 1, eventBase(source)) : undefined;
      const parallel = jobs ? await mergeEventsInParallel(jobs, held, parts, quarantine) : undefined;
      if (parallel) {
        ({ loaded, unchanged } = parallel);
        multiline ||= parallel.multiline;
        partNodes += parallel.nodes;
        partRelationships += parallel.relationships;
        parallelFiles++;
        options.onProgress?.({ path: source.path, kind: source.kind, bytesDone: bytesTotal, bytesTotal, rows: loaded + unchanged + quarantine.count });
      } else if (source.kind === 'events' && source.format === 'csv') {
        // One thread: the same events lane the workers run, over the whole file.
        const from = await source.start();
        const refs = eventRefs(source);
        const counts = await validateEventsRange(source.path, { start: from.offset, end: Infinity, line: from.line }, refs, out, (row, reason) => quarantine.add({ file: source.path, line: row.lineNo, raw: row.raw, reason, ...(row.rawBytes !== undefined ? { rawBytes: row.rawBytes } : {}) }), options.maxLineBytes, (bytesDone, rows) => options.onProgress?.({ path: source.path, kind: source.kind, bytesDone, bytesTotal, rows }));
        ({ loaded, unchanged } = counts);
        held.maxEvent = refs.maxEvent;
      } else {
        let refs: EventRefs | undefined;
        const refsOnce = () => (refs ??= eventRefs(source));
        for await (const chunk of source.read(await source.start())) {
          for (const item of chunk as SourceItem[]) {
            rows++;
            const outcome = item.record === undefined ? (item.reason ?? 'invalid row') : decide(source.kind, item.record, item.lineNo, held, out, options.stamp, refsOnce);
            if (outcome === 'loaded') loaded++;
            else if (outcome === 'unchanged') unchanged++;
            else {
              quarantine.add({ file: source.path, line: item.lineNo, raw: item.raw, reason: outcome, ...(item.rawBytes !== undefined ? { rawBytes: item.rawBytes } : {}) });
            }
          }
          const last = chunk[chunk.length - 1];
          if (last) options.onProgress?.({ path: source.path, kind: source.kind, bytesDone: last.end, bytesTotal, rows });
        }
        if (refs) held.maxEvent = refs.maxEvent;
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
    await writeStubs(held, out, String(options.stamp));
  } finally {
    Object.values(out).forEach((f) => f.close());
    rmSync(out.stubPerformed.path, { force: true });
    held.stubPerformed.forEach((f) => rmSync(f, { force: true }));
  }
  const { stubPerformed: _deferred, ...importerFiles } = out;
  const all = Object.values(importerFiles);
  const nodes = all.filter((f) => ['products', 'users', 'stubs', 'devices', 'events'].includes(f.name)).reduce((n, f) => n + f.rows, 0);
  return {
    files,
    inputArgs: importerInputArgs(importerFiles, parts),
    multiline: multiline || all.some((f) => f.multiline),
    nodes: nodes + partNodes,
    relationships: all.reduce((n, f) => n + f.rows, 0) - nodes + partRelationships,
    events: held.events.size + held.eventsElsewhere,
    parallelFiles,
  };
}
