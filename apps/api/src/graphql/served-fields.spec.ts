import { buildSchema, execute, GraphQLSchema, parse } from 'graphql';
import { ServedFields } from './served-fields';

/** The serving types' shape (a plain schema: no resolvers but the root, as Nest's plain fields read properties). */
const SDL = `
  type Product { id: ID! name: String! category: String price: Float }
  type Evidence { kind: String! productId: ID share: Float count: Int text: String! }
  type ScoredItem { product: Product! score: Float! rank: Int! owned: Boolean! explanation: String! evidence: [Evidence!]! }
  type RelatedItemsResult { productId: ID! runId: String items: [ScoredItem!]! }
  type Query { relatedItems(productId: ID!, k: Int = 10): RelatedItemsResult other: String }
`;

interface Answer {
  productId: string;
  runId: string | null;
  items: { product: { id: string; name: string; category: string | null }; score: number; rank: number; owned: boolean; explanation: string; evidence: object[] }[];
}

function answerFor(productId: string, k: number, score = 0.5): Answer {
  return {
    productId,
    runId: 'run-1',
    items: Array.from({ length: k }, (_, i) => ({
      product: { id: `P${i}`, name: `Product "${i}"\n`, category: i % 2 ? null : 'camera' },
      score: score / (i + 1),
      rank: i + 1,
      owned: i === 0,
      explanation: 'bought together',
      evidence: i === 0 ? [{ kind: 'co', productId: 'P9', share: 0.25, count: 3, text: 'often with P9' }] : [],
    })),
  };
}

/** What graphql-js itself answers for the document over the same answer object: the body must be exactly this. */
async function graphqlBody(schema: GraphQLSchema, query: string, answer: Answer, variables: Record<string, unknown>): Promise<string> {
  return JSON.stringify(await execute({ schema, document: parse(query), rootValue: { relatedItems: () => answer }, variableValues: variables }));
}

describe('ServedFields', () => {
  const schema = buildSchema(SDL);
  const held = new Map<string, Answer>();
  const calls: Record<string, unknown>[] = [];
  const served = new ServedFields();
  served.register('relatedItems', {
    check: (args) => args,
    answer: async (args: Record<string, unknown>) => {
      calls.push(args);
      if (args.productId === 'missing') throw new Error('NOT_FOUND');
      const key = `${args.productId}|${args.k}`;
      if (!held.has(key)) held.set(key, answerFor(String(args.productId), Number(args.k)));
      return held.get(key) as Answer;
    },
    toResult: (a) => a,
  });

  beforeEach(() => {
    held.clear();
    calls.length = 0;
  });

  it.each([
    'query R($id: ID!) { relatedItems(productId: $id, k: 3) { runId items { rank score product { id name } } } }',
    'query R($id: ID!, $k: Int = 2) { r: relatedItems(productId: $id, k: $k) { __typename productId items { __typename owned explanation score evidence { kind productId share count text } product { category id } } } }',
    '{ relatedItems(productId: "P1") { items { rank } } }',
  ])('writes exactly what graphql-js answers: %s', async (query) => {
    const document = parse(query);
    const variables = { id: 'P1' };
    const first = await served.body(schema, document, variables, undefined);
    expect(first?.body).toBe(await graphqlBody(schema, query, held.values().next().value as Answer, variables));
  });

  it('holds the body per answer object: the same object answers from it, a new object (an invalidation) is written again', async () => {
    const document = parse('query R($id: ID!) { relatedItems(productId: $id, k: 2) { items { rank score } } }');
    const before = served.stats();
    const a = await served.body(schema, document, { id: 'P1' }, 'R');
    const b = await served.body(schema, document, { id: 'P1' }, 'R');
    expect(b?.body).toBe(a?.body);
    // The answer cache let the old answer go and holds a new one: the next request writes the new one's JSON.
    held.set('P1|2', answerFor('P1', 2, 0.9));
    const c = await served.body(schema, document, { id: 'P1' }, 'R');
    expect(c?.body).not.toBe(a?.body);
    expect(JSON.parse(c?.body ?? '').data.relatedItems.items[0].score).toBe(0.9);
    const after = served.stats();
    expect([after.hits - before.hits, after.written - before.written]).toEqual([1, 2]);
    // Every request asked the answer function: the held answer decides, never the held body.
    expect(calls).toHaveLength(3);
  });

  it('passes coerced arguments (variable defaults, ID from a number) to the answer function', async () => {
    await served.body(schema, parse('query R($id: ID!, $k: Int = 4) { relatedItems(productId: $id, k: $k) { runId } }'), { id: 7 }, undefined);
    expect(calls[0]).toEqual({ productId: '7', k: 4 });
  });

  it('checks the arguments of repeated variable values once, keeping an absent variable apart from null', async () => {
    let checks = 0;
    const counting = new ServedFields();
    counting.register('relatedItems', {
      check: (args) => (checks++, args),
      answer: async (args: Record<string, unknown>) => answerFor(String(args.productId), 1),
      toResult: (a) => a,
    });
    const document = parse('query R($id: ID!, $k: Int) { relatedItems(productId: $id, k: $k) { runId } }');
    for (const variables of [{ id: 'P1' }, { id: 'P1' }, { id: 'P1', k: null }, { id: 'P1', k: null }, { id: 'P2' }]) await counting.body(schema, document, variables, undefined);
    expect(checks).toBe(3);
  });

  it.each([
    ['two root fields', '{ relatedItems(productId: "P1") { runId } other }'],
    ['a directive', '{ relatedItems(productId: "P1") { runId @include(if: true) } }'],
    ['a fragment', '{ relatedItems(productId: "P1") { ...F } } fragment F on RelatedItemsResult { runId }'],
    ['an inline fragment', '{ relatedItems(productId: "P1") { ... on RelatedItemsResult { runId } } }'],
    ['a repeated key (graphql-js merges it)', '{ relatedItems(productId: "P1") { items { rank } items { score } } }'],
    ['an unregistered root field', '{ other }'],
    ['a mutation-like operation name that is absent', 'query A { relatedItems(productId: "P1") { runId } }'],
  ])('leaves %s to the ordinary path', async (_what, query) => {
    expect(await served.body(schema, parse(query), {}, query.startsWith('query A') ? 'B' : undefined)).toBeUndefined();
  });

  it('leaves a field with a resolver of its own to the ordinary path', async () => {
    const withResolver = buildSchema(SDL);
    const product = withResolver.getType('Product') as import('graphql').GraphQLObjectType;
    product.getFields().price.resolve = () => 1;
    expect(await served.body(withResolver, parse('{ relatedItems(productId: "P1") { items { product { price } } } }'), {}, undefined)).toBeUndefined();
    expect(await served.body(withResolver, parse('{ relatedItems(productId: "P1") { items { product { id } } } }'), {}, undefined)).toBeDefined();
  });

  it('falls back when the answer function refuses, or a value is not what the schema says (graphql-js would report an error)', async () => {
    const before = served.stats().fallbacks;
    expect(await served.body(schema, parse('{ relatedItems(productId: "missing") { runId } }'), {}, undefined)).toBeUndefined();
    held.set('bad|10', { ...answerFor('bad', 1), items: [{ ...answerFor('bad', 1).items[0], score: Number.NaN }] });
    expect(await served.body(schema, parse('{ relatedItems(productId: "bad") { items { score } } }'), {}, undefined)).toBeUndefined();
    held.set('null|10', { ...answerFor('null', 1), productId: null as unknown as string });
    expect(await served.body(schema, parse('{ relatedItems(productId: "null") { productId } }'), {}, undefined)).toBeUndefined();
    expect(served.stats().fallbacks - before).toBe(3);
  });

  it('does nothing when disabled', async () => {
    const off = new ServedFields(false);
    off.register('relatedItems', { check: (args) => args, answer: async () => answerFor('P1', 1), toResult: (a) => a });
    expect(await off.body(schema, parse('{ relatedItems(productId: "P1") { runId } }'), {}, undefined)).toBeUndefined();
  });

  it('a fresh field (a served decision) writes every answer, holds none, and writes a nullable field\'s null', async () => {
    const sdl = `type Product { id: ID! name: String! } type Decision { decisionId: ID! propensity: Float! product: Product! } type Query { next(userId: ID!): Decision }`;
    const decisionSchema = buildSchema(sdl);
    const fresh = new ServedFields();
    let n = 0;
    const same = { result: { decisionId: 'd-same', propensity: 0.25, product: { id: 'P1', name: 'One' } } };
    fresh.register('next', {
      check: (args) => args,
      answer: async (args: Record<string, unknown>) => (args.userId === 'owns-all' ? { result: null } : args.userId === 'same' ? same : { result: { decisionId: `d-${++n}`, propensity: 0.5, product: { id: 'P1', name: 'One' } } }),
      toResult: (a) => a.result,
      fresh: true,
    });
    const document = parse('query N($u: ID!) { next(userId: $u) { decisionId propensity product { id name } } }');
    const bodies = [await fresh.body(decisionSchema, document, { u: 'a' }, 'N'), await fresh.body(decisionSchema, document, { u: 'a' }, 'N')].map((b) => b?.body);
    expect(bodies).toEqual(['{"data":{"next":{"decisionId":"d-1","propensity":0.5,"product":{"id":"P1","name":"One"}}}}', '{"data":{"next":{"decisionId":"d-2","propensity":0.5,"product":{"id":"P1","name":"One"}}}}']);
    // Even the same answer object is written again (nothing is held for a fresh field).
    await fresh.body(decisionSchema, document, { u: 'same' }, 'N');
    await fresh.body(decisionSchema, document, { u: 'same' }, 'N');
    expect(fresh.stats()).toEqual({ hits: 0, written: 4, fallbacks: 0 });
    const none = await fresh.body(decisionSchema, document, { u: 'owns-all' }, 'N');
    expect(none?.body).toBe(JSON.stringify(await execute({ schema: decisionSchema, document, rootValue: { next: () => null }, variableValues: { u: 'owns-all' } })));
  });
  it('hands a fresh answer it cannot write to the same request\'s ordinary path, once: a decision is drawn once, never twice', async () => {
    const sdl = `type Product { id: ID! name: String! } type Decision { decisionId: ID! product: Product! } type Query { next(userId: ID!): Decision }`;
    const decisionSchema = buildSchema(sdl);
    const fresh = new ServedFields();
    const drawn: string[] = [];
    fresh.register('next', {
      check: (args) => args,
      answer: async (args: Record<string, unknown>) => {
        if (args.userId === 'refused') throw new Error('BAD_USER_INPUT');
        const id = `d-${drawn.length + 1}`;
        drawn.push(id);
        // A product without a name: graphql-js would report an error on the non-null field, so the body is not written.
        return { result: { decisionId: id, product: { id: 'P1', name: null } } };
      },
      toResult: (a) => a.result,
      fresh: true,
    });
    const document = parse('query N($u: ID!) { next(userId: $u) { decisionId product { id name } } }');
    const request = {};
    expect(await fresh.body(decisionSchema, document, { u: 'a' }, 'N', request)).toBeUndefined();
    expect(drawn).toEqual(['d-1']);
    // The resolver of the same request takes that decision (once), for that field only.
    expect(fresh.handedOff(request, 'other')).toBeUndefined();
    expect(fresh.handedOff<{ result: { decisionId: string } }>(request, 'next')?.result.decisionId).toBe('d-1');
    expect(fresh.handedOff(request, 'next')).toBeUndefined();
    // Another request is not given it; a refusal made no decision and hands nothing.
    expect(fresh.handedOff({}, 'next')).toBeUndefined();
    const refusedRequest = {};
    expect(await fresh.body(decisionSchema, document, { u: 'refused' }, 'N', refusedRequest)).toBeUndefined();
    expect(fresh.handedOff(refusedRequest, 'next')).toBeUndefined();
    expect(drawn).toEqual(['d-1']);
  });
});
