/**
 * Files → HeteroGraph without Neo4j (evaluation, MovieLens), through the same sources and row
 * validation as ingest, and with ingest's rules, so that a folder gives the graph that loading it
 * into Neo4j and projecting would give: later node rows replace earlier ones, an event id counts
 * once (first valid row wins), references to unknown products or devices are skipped, unknown
 * users become stubs, interaction logs create their items.
 */
import { DeviceRecord, EventRecord, OwnershipRecord, ProductRecord, RecordOf, UserRecord } from '@graphrec/graph-model';
import { IngestFormat, Source, planSources } from '@graphrec/ingest';
import { ProjectionOptions } from './assemble';
import { GraphBuilder } from './builder';
import { HeteroGraph } from './graph';

export interface FilesProjectionOptions extends ProjectionOptions {
  /** Called after each batch of rows read from a file, and once when it ends. */
  onProgress?: (progress: { file: string; kind: string; rows: number; skipped: number; done: boolean }) => void;
}

/**
 * A set of ids past V8's limit of 2^24 entries per Set (a 1M-user demo world has ~20M events):
 * entries go to the last of several Sets, a lookup asks each (one or two at these sizes).
 */
export class IdSet {
  private readonly shards: Set<string>[] = [new Set()];

  /** Entries per Set before the next one starts (below V8's 2^24; smaller in tests). */
  constructor(private readonly shard = 1 << 23) {}

  has(id: string): boolean {
    for (const shard of this.shards) if (shard.has(id)) return true;
    return false;
  }

  add(id: string): void {
    let last = this.shards[this.shards.length - 1];
    if (last.size >= this.shard) this.shards.push((last = new Set()));
    last.add(id);
  }

  get size(): number {
    return this.shards.reduce((n, s) => n + s.size, 0);
  }
}

function apply(builder: GraphBuilder, seenEvents: IdSet, source: Source, record: RecordOf[keyof RecordOf]): boolean {
  switch (source.kind) {
    case 'products': {
      const p = record as ProductRecord;
      builder.setNode('Product', p.id, { category: p.category, price: p.price, genres: p.genres });
      return true;
    }
    case 'users': {
      const u = record as UserRecord;
      const { home_type, region, signup_date, age, gender, occupation } = u;
      builder.setNode('User', u.id, { home_type, region, signup_date, age, gender, occupation });
      return true;
    }
    case 'devices': {
      const d = record as DeviceRecord;
      if (!builder.has('Product', d.product_id)) return false;
      builder.setDevice(d.id, d.product_id, { status: d.status });
      return true;
    }
    case 'ownerships': {
      const o = record as OwnershipRecord;
      if (!builder.has('Device', o.device_id)) return false;
      builder.addOwnership(o.user_id, o.device_id);
      return true;
    }
    case 'events': {
      const e = record as EventRecord;
      if (!builder.has('Product', e.product_id)) {
        if (!source.writeOptions?.createMissingProducts) return false;
        builder.setNode('Product', e.product_id, { category: 'item' });
      }
      if (e.device_id !== undefined && !builder.has('Device', e.device_id)) return false;
      // Ingest writes an event once: a repeated id is "unchanged", not a second event.
      if (seenEvents.has(e.id)) return true;
      seenEvents.add(e.id);
      builder.addEvent(e.user_id, e.product_id, e.type, e.timestamp, e.value);
      return true;
    }
  }
}

export async function projectFromFiles(paths: string[], format: IngestFormat = 'native', options: FilesProjectionOptions = {}): Promise<HeteroGraph> {
  const started = performance.now();
  const sources = await planSources(paths, format);
  const builder = new GraphBuilder();
  const seenEvents = new IdSet();
  const rows: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  const seconds: Record<string, number> = {};
  for (const source of sources) {
    const t0 = performance.now();
    let read = 0;
    let bad = 0;
    for await (const batch of source.read(await source.start())) {
      for (const item of batch) {
        read++;
        if (!item.record || !apply(builder, seenEvents, source, item.record)) bad++;
      }
      options.onProgress?.({ file: source.path, kind: source.kind, rows: read, skipped: bad, done: false });
    }
    options.onProgress?.({ file: source.path, kind: source.kind, rows: read, skipped: bad, done: true });
    rows[source.path] = read;
    skipped[source.path] = bad;
    seconds[source.path] = (performance.now() - t0) / 1000;
  }
  seconds.read = (performance.now() - started) / 1000;
  return builder.build(options, { source: 'files', rows, skipped, seconds });
}
