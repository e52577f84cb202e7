/** Helpers for the API e2e tests: fixed keys, a GraphQL client over real HTTP, a query-counting database. */
import { GraphDb, Params } from '@graphrec/neo4j';
import { RecordShape } from 'neo4j-driver';

export const KEYS = {
  analyst: 'analyst-e2e-key-0123456789',
  service: 'service-e2e-key-0123456789',
  crm: 'crm-e2e-key-0123456789abcd',
} as const;

export const KEYS_ENV = `analyst:${KEYS.analyst},service:${KEYS.service},crm:${KEYS.crm}`;

export interface GqlAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; [k: string]: unknown } }[];
}

export async function gql<T = Record<string, any>>(url: string, key: string | undefined, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GqlAnswer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T | null; errors?: GqlAnswer['errors'] };
  return { status: res.status, headers: res.headers, data: body.data ?? null, errors: body.errors };
}

export const codes = (a: GqlAnswer<unknown>) => (a.errors ?? []).map((e) => e.extensions.code);

/** Counts read transactions, to prove that loaders batch. */
export class CountingDb extends GraphDb {
  reads = 0;
  queries: string[] = [];
  override async read<R extends RecordShape = RecordShape>(query: string, params: Params = {}): Promise<R[]> {
    this.reads++;
    this.queries.push(query);
    return super.read<R>(query, params);
  }
}
