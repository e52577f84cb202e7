/**
 * A small GraphQL-over-HTTP client. Every failure becomes an ApiError carrying the server's
 * `extensions.code` (UNAUTHENTICATED, NOT_FOUND, BAD_INPUT, …) so the page can show it and decide
 * what to do (ask for the key again) instead of swallowing it.
 */
import type { GraphQLBody } from './queries';

export const API_KEY_HEADER = 'x-api-key';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The key is missing, wrong, or lacks the role: the page should ask for another one. */
  get isAuth(): boolean {
    return this.code === 'UNAUTHENTICATED' || this.code === 'FORBIDDEN';
  }
}

/** What the client needs from fetch; both the DOM's and Node's fetch satisfy it (and a fake in tests). */
export interface FetchResponseLike {
  status: number;
  ok: boolean;
  text(): Promise<string>;
}
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<FetchResponseLike>;

interface GraphQLErrorJson {
  message?: unknown;
  extensions?: { code?: unknown };
}

function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : `HTTP_${status}`;
}

/** The first error of a GraphQL (or plain JSON error) body as an ApiError, or null when there is none. */
export function errorFromBody(status: number, json: unknown): ApiError | null {
  if (json && typeof json === 'object') {
    const errors = (json as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const first = errors[0] as GraphQLErrorJson;
      const code = typeof first.extensions?.code === 'string' ? first.extensions.code : codeForStatus(status === 200 ? 500 : status);
      const message = typeof first.message === 'string' ? first.message : 'request failed';
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
      return new ApiError(code, message + more, status);
    }
    // Non-GraphQL routes (the CSV export) answer `{error: {code, message}}`; also accept flat `{code, message}`.
    const wrapped = (json as { error?: unknown }).error;
    const plain = (wrapped && typeof wrapped === 'object' ? wrapped : json) as { code?: unknown; error?: unknown; message?: unknown };
    if (status >= 400) {
      const code = typeof plain.code === 'string' ? plain.code : codeForStatus(status);
      const message = typeof plain.message === 'string' ? plain.message : typeof plain.error === 'string' ? plain.error : `HTTP ${status}`;
      return new ApiError(code, message, status);
    }
  }
  return status >= 400 ? new ApiError(codeForStatus(status), `HTTP ${status}`, status) : null;
}

/** Turns a raw HTTP answer into `data` or throws the ApiError it describes. */
export function parseGraphQLResponse<T>(status: number, text: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(codeForStatus(status >= 400 ? status : 502), `the API answered HTTP ${status} with a non-JSON body: ${text.slice(0, 120)}`, status);
  }
  const error = errorFromBody(status, json);
  if (error) throw error;
  const data = (json as { data?: unknown }).data;
  if (data === null || data === undefined || typeof data !== 'object') {
    throw new ApiError('INTERNAL_SERVER_ERROR', 'the API answered without data', status);
  }
  return data as T;
}

export interface ClientOptions {
  fetch: FetchLike;
  endpoint?: string;
  /** Read on every request so a key entered later is used without rebuilding the client. */
  apiKey: () => string | null;
}

export type GraphQLRequest = <T>(body: GraphQLBody) => Promise<T>;

export function createClient(options: ClientOptions): GraphQLRequest {
  const endpoint = options.endpoint ?? '/graphql';
  return async <T>(body: GraphQLBody): Promise<T> => {
    const key = options.apiKey();
    if (!key) throw new ApiError('UNAUTHENTICATED', 'no API key entered');
    let response: FetchResponseLike;
    try {
      response = await options.fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', [API_KEY_HEADER]: key },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError('NETWORK_ERROR', `cannot reach the API: ${error instanceof Error ? error.message : String(error)}`);
    }
    return parseGraphQLResponse<T>(response.status, await response.text());
  };
}

/** The file name a download should get: the server's Content-Disposition name when it sends a safe one. */
export function downloadName(contentDisposition: string | null, fallback: string): string {
  const match = /filename="?([^";]+)"?/i.exec(contentDisposition ?? '');
  const name = match?.[1]?.trim();
  return name && /^[\w.-]+$/.test(name) ? name : fallback;
}
