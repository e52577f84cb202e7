import { ApiError, FetchLike, createClient, downloadName, errorFromBody, parseGraphQLResponse } from './client';
import { neighborhoodBody, recommendationsBody, relatedItemsBody, searchBody, segmentsBody } from './queries';

describe('request bodies', () => {
  it('passes every value as a variable and clamps sizes', () => {
    const body = searchBody('  "} evil  ', ['Product', 'User'], 1000);
    expect(body.query).not.toContain('evil');
    expect(body.variables).toEqual({ text: '"} evil', labels: ['Product', 'User'], first: 20 });
    expect(neighborhoodBody('Product:P1').variables).toEqual({ nodeId: 'Product:P1', limit: 100 });
    expect(neighborhoodBody('Product:P1').query).toContain('depth: 1');
    expect(relatedItemsBody('P1', 0).variables).toEqual({ productId: 'P1', k: 1 });
    expect(recommendationsBody('U1').variables).toEqual({ userId: 'U1', k: 10 });
    expect(segmentsBody().query).toContain('segments { id label size profile sizeOverRuns { runId at size } }');
  });
});

describe('responses', () => {
  it('returns data, or throws the first error with its extensions.code', () => {
    expect(parseGraphQLResponse(200, '{"data":{"segments":[]}}')).toEqual({ segments: [] });
    const body = JSON.stringify({ data: null, errors: [{ message: 'invalid API key', extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(() => parseGraphQLResponse(200, body)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', message: 'invalid API key', isAuth: true }));
    const two = JSON.stringify({ errors: [{ message: 'a', extensions: { code: 'NOT_FOUND' } }, { message: 'b' }] });
    expect(() => parseGraphQLResponse(200, two)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'a (and 1 more error)' }));
  });

  it('maps HTTP failures without a GraphQL body to codes', () => {
    expect(() => parseGraphQLResponse(401, 'nope')).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', status: 401 }));
    expect(() => parseGraphQLResponse(502, '<html>')).toThrow(expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }));
    expect(errorFromBody(403, { statusCode: 403, error: 'Forbidden', message: 'analyst role required' })).toMatchObject({ code: 'FORBIDDEN', message: 'analyst role required' });
    expect(errorFromBody(400, { code: 'BAD_INPUT', message: 'bad' })).toMatchObject({ code: 'BAD_INPUT' });
    expect(errorFromBody(200, { data: {} })).toBeNull();
    expect(errorFromBody(401, { error: { code: 'UNAUTHENTICATED', message: 'missing or unknown API key' } })).toMatchObject({ code: 'UNAUTHENTICATED', message: 'missing or unknown API key' });
  });

  it('takes a safe download name from Content-Disposition', () => {
    expect(downloadName('attachment; filename="segments-r42.csv"', 'segments.csv')).toBe('segments-r42.csv');
    expect(downloadName('attachment; filename="../../etc/passwd"', 'segments.csv')).toBe('segments.csv');
    expect(downloadName(null, 'segments.csv')).toBe('segments.csv');
  });
});

describe('createClient', () => {
  it('sends the key header and JSON body to /graphql', async () => {
    const calls: Parameters<FetchLike>[] = [];
    const fetch: FetchLike = async (...args) => {
      calls.push(args);
      return { status: 200, ok: true, text: async () => '{"data":{"ok":true}}' };
    };
    const request = createClient({ fetch, apiKey: () => 'k-123' });
    await expect(request(segmentsBody())).resolves.toEqual({ ok: true });
    expect(calls[0][0]).toBe('/graphql');
    expect(calls[0][1].method).toBe('POST');
    expect(calls[0][1].headers['x-api-key']).toBe('k-123');
    expect(JSON.parse(calls[0][1].body ?? '')).toEqual(segmentsBody());
  });

  it('refuses to send without a key, and reports network failures as NETWORK_ERROR', async () => {
    const request = createClient({ fetch: async () => Promise.reject(new Error('ECONNREFUSED')), apiKey: () => null });
    await expect(request(segmentsBody())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const down = createClient({ fetch: async () => Promise.reject(new Error('ECONNREFUSED')), apiKey: () => 'k' });
    await expect(down(segmentsBody())).rejects.toBeInstanceOf(ApiError);
    await expect(down(segmentsBody())).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
