import { DeviceRecord, EntityKind, EventRecord, OwnershipRecord, ProductRecord, RecordOf, UserRecord } from '@graphrec/graph-model';
import { cypher } from '@graphrec/neo4j';
import { ManagedTransaction } from 'neo4j-driver';

export interface BatchOutcome {
  changed: number;
  unchanged: number;
  /** Reasons by index into the batch, for rows the database refused (unknown references). */
  rejected: Map<number, string>;
}

export interface WriteOptions {
  createMissingProducts?: boolean;
}

/** Parameters are plain maps with `null` for absent fields: Cypher's SET then removes them. */
const productParams = (p: ProductRecord) => ({
  id: p.id,
  name: p.name,
  category: p.category,
  price: p.price ?? null,
  compatible_with: p.compatible_with ?? null,
  genres: p.genres ?? null,
  release_date: p.release_date ?? null,
});
const userParams = (u: UserRecord) => ({
  id: u.id,
  home_type: u.home_type ?? null,
  region: u.region ?? null,
  signup_date: u.signup_date ?? null,
  age: u.age ?? null,
  gender: u.gender ?? null,
  occupation: u.occupation ?? null,
  zip: u.zip ?? null,
});
const deviceParams = (d: DeviceRecord) => ({ id: d.id, product_id: d.product_id, status: d.status ?? null, installed_at: d.installed_at ?? null });
const ownershipParams = (o: OwnershipRecord) => ({ user_id: o.user_id, device_id: o.device_id, since: o.since ?? null });

async function single<T>(tx: ManagedTransaction, query: string, params: Record<string, unknown>, key: string): Promise<T> {
  const result = await tx.run(query, params);
  return result.records[0].get(key) as T;
}

async function missing(tx: ManagedTransaction, what: 'products' | 'devices', ids: Iterable<string>): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Set();
  return new Set(await single<string[]>(tx, cypher(`ingest/missing-${what}`), { ids: unique }, 'missing'));
}

async function upsert(tx: ManagedTransaction, name: string, rows: object[]): Promise<number> {
  return rows.length ? single<number>(tx, cypher(`ingest/${name}`), { rows }, 'changed') : 0;
}

/** Writes rows whose references exist, rejects the others; returns counts. */
async function writeReferencing<T>(
  tx: ManagedTransaction,
  records: T[],
  reference: (r: T) => string,
  what: 'products' | 'devices',
  write: (rows: T[]) => Promise<number>,
): Promise<BatchOutcome> {
  const absent = await missing(tx, what, records.map(reference));
  const rejected = new Map<number, string>();
  const kept: T[] = [];
  records.forEach((r, i) => (absent.has(reference(r)) ? rejected.set(i, `unknown ${what.slice(0, -1)} "${reference(r)}"`) : kept.push(r)));
  const changed = await write(kept);
  return { changed, unchanged: kept.length - changed, rejected };
}

async function writeEvents(tx: ManagedTransaction, events: EventRecord[], options: WriteOptions): Promise<BatchOutcome> {
  if (options.createMissingProducts) {
    await tx.run(cypher('ingest/ensure-items'), { ids: [...new Set(events.map((e) => e.product_id))] });
  }
  // A repeated id later in the same batch is the same event: only its first row is sent.
  const seen = new Set<string>();
  const sent: number[] = [];
  events.forEach((e, i) => {
    if (!seen.has(e.id)) {
      seen.add(e.id);
      sent.push(i);
    }
  });
  const column = <T>(pick: (e: EventRecord) => T) => sent.map((i) => pick(events[i]));
  const result = await tx.run(cypher('ingest/events'), {
    ids: column((e) => e.id),
    users: column((e) => e.user_id),
    types: column((e) => e.type),
    products: column((e) => e.product_id),
    devices: column((e) => e.device_id ?? null),
    timestamps: column((e) => e.timestamp),
    values: column((e) => e.value ?? null),
  });
  const rejected = new Map<number, string>();
  let existing = 0;
  for (const record of result.records) {
    const index = sent[record.get('i') as number];
    const refused = record.get('refused') as string;
    if (refused === 'existing') existing++;
    else rejected.set(index, refused);
  }
  const duplicates = events.length - sent.length;
  return { changed: sent.length - existing - rejected.size, unchanged: existing + duplicates, rejected };
}

export async function writeBatch<K extends EntityKind>(
  tx: ManagedTransaction,
  kind: K,
  records: RecordOf[K][],
  options: WriteOptions = {},
): Promise<BatchOutcome> {
  switch (kind) {
    case 'products': {
      const changed = await upsert(tx, 'products', (records as ProductRecord[]).map(productParams));
      return { changed, unchanged: records.length - changed, rejected: new Map() };
    }
    case 'users': {
      const changed = await upsert(tx, 'users', (records as UserRecord[]).map(userParams));
      return { changed, unchanged: records.length - changed, rejected: new Map() };
    }
    case 'devices':
      return writeReferencing(tx, records as DeviceRecord[], (d) => d.product_id, 'products', (rows) =>
        upsert(tx, 'devices', rows.map(deviceParams)),
      );
    case 'ownerships':
      return writeReferencing(tx, records as OwnershipRecord[], (o) => o.device_id, 'devices', (rows) =>
        upsert(tx, 'ownerships', rows.map(ownershipParams)),
      );
    case 'events':
      return writeEvents(tx, records as EventRecord[], options);
    default:
      throw new Error(`no writer for ${String(kind)}`);
  }
}
