/**
 * Neo4j → HeteroGraph in one streamed pass: each query's records are pulled `fetchSize` at a time
 * and folded into the builder's typed arrays as they arrive, so no query's result is ever held whole.
 */
import { GraphDb, cypher } from '@graphrec/neo4j';
import { ProjectionOptions } from './assemble';
import { GraphBuilder } from './builder';
import { HeteroGraph } from './graph';

export const PROJECTION_QUERIES = ['products', 'users', 'devices', 'ownerships', 'events'] as const;
export type ProjectionQuery = (typeof PROJECTION_QUERIES)[number];

export interface ProjectionProgress {
  query: ProjectionQuery;
  rows: number;
  done: boolean;
}

export interface Neo4jProjectionOptions extends ProjectionOptions {
  /** Records per pull from the server (default 10,000). */
  fetchSize?: number;
  /** Called every `fetchSize` rows and once at the end of each query. */
  onProgress?: (progress: ProjectionProgress) => void;
}

type Row = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strList = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

export async function projectFromNeo4j(db: GraphDb, options: Neo4jProjectionOptions = {}): Promise<HeteroGraph> {
  const fetchSize = options.fetchSize ?? 10_000;
  const builder = new GraphBuilder();
  const rows: Record<string, number> = {};
  const seconds: Record<string, number> = {};
  /** Each handler returns how many rows of its kind the record held: 1, or the user's events or devices. */
  const one =
    (f: (r: Row) => unknown) =>
    (r: Row): number => {
      f(r);
      return 1;
    };
  const handlers: Record<ProjectionQuery, (r: Row) => number> = {
    products: one((r) => builder.setNode('Product', String(r.id), { category: str(r.category), price: num(r.price), genres: strList(r.genres) })),
    users: one((r) =>
      builder.setNode('User', String(r.id), {
        home_type: str(r.home_type),
        region: str(r.region),
        signup_date: str(r.signup_date),
        age: num(r.age),
        gender: str(r.gender),
        occupation: str(r.occupation),
      }),
    ),
    devices: one((r) => {
      if (typeof r.product_id === 'string') builder.setDevice(String(r.id), r.product_id, { status: str(r.status) });
      else builder.setNode('Device', String(r.id), { status: str(r.status) });
    }),
    // One record per owner (cypher/projection/ownerships.cypher); counts as its number of devices.
    ownerships: (r) => {
      const devices = list(r.device_ids);
      const user = String(r.user_id);
      for (const device of devices) builder.addOwnership(user, String(device));
      return devices.length;
    },
    // One record per user (cypher/projection/events.cypher); counts as its number of events.
    events: (r) => builder.addUserEvents(String(r.user_id), list(r.products), list(r.types), list(r.ts), list(r.values)),
  };
  const started = performance.now();
  const session = db.session('read', { fetchSize });
  // One read transaction for all five queries: the nodes and the edges come from the same state.
  const tx = await session.beginTransaction();
  try {
    for (const query of PROJECTION_QUERIES) {
      const t0 = performance.now();
      let n = 0;
      const handle = handlers[query];
      let reported = 0;
      for await (const record of tx.run(cypher(`projection/${query}`))) {
        n += handle(record.toObject());
        if (n - reported >= fetchSize) {
          reported = n;
          options.onProgress?.({ query, rows: n, done: false });
        }
      }
      options.onProgress?.({ query, rows: n, done: true });
      rows[query] = n;
      seconds[query] = (performance.now() - t0) / 1000;
    }
    await tx.commit();
  } finally {
    if (tx.isOpen()) await tx.rollback();
    await session.close();
  }
  seconds.read = (performance.now() - started) / 1000;
  return builder.build(options, { source: 'neo4j', rows, seconds });
}

export interface CatalogEntry {
  name: string;
  /** Ids of the base products an accessory needs one of (empty for base products). */
  compatibleWith: string[];
}

/** Product id → display name and compatibility, for reports; products without a name keep their id. */
export async function productCatalog(db: GraphDb): Promise<Map<string, CatalogEntry>> {
  const rows = await db.read<{ id: string; name: string | null; compatibleWith: string[] | null }>(cypher('projection/product-catalog'));
  return new Map(rows.map((r) => [r.id, { name: r.name ?? r.id, compatibleWith: r.compatibleWith ?? [] }]));
}
