/** Helpers for the API e2e tests: fixed keys, a GraphQL client over real HTTP, the API's count of Cypher reads. */

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

// `any` by default: tests read deep into answers whose shape each query defines.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
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

/**
 * Cypher reads the API has sent so far, from its own /metrics (`graphrec_neo4j_statements_total`):
 * how the tests prove batching against the real server in its own process.
 */
export async function neo4jReads(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const match = /^graphrec_neo4j_statements_total\{kind="read"\} (\d+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/** Every Cypher statement (read, write, run) the API has sent so far: zero more means a request did no database work. */
export async function neo4jStatements(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let total = 0;
  for (const match of text.matchAll(/^graphrec_neo4j_statements_total\{kind="\w+"\} (\d+)$/gm)) total += Number(match[1]);
  return total;
}

/** The value of one sample in the API's /metrics (0 when absent). */
export async function metricValue(baseUrl: string, sample: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

/** Runs `task` for each of `items` with at most `width` in flight: bounded load on 127.0.0.1. */
export async function inParallel<T, R>(items: readonly T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]);
      }
    }),
  );
  return results;
}
