import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { measureQuery } from './cost';
import { RateLimiter, takeFromBucket, tokensNeeded } from './rate-limiter';

const schema = buildSchema(`
  type Query { product(id: ID!): Product, search(text: String!, first: Int = 10): [Product!]! }
  type Product { id: ID! name: String! relatedItems(k: Int = 5): [Item!]! }
  type Item { score: Float! product: Product! }
`);

describe('measureQuery', () => {
  it('counts depth and multiplies nested cost by page sizes (argument, variable or default)', () => {
    expect(measureQuery(schema, parse('{ product(id: "a") { id name } }'))).toMatchObject({ depth: 2, complexity: 3 });
    // product 1 + id 1 + relatedItems (1 + 5 * (score 1 + product (1 + id 1)))
    expect(measureQuery(schema, parse('{ product(id: "a") { id relatedItems { score product { id } } } }'))).toMatchObject({ depth: 4, complexity: 1 + 1 + 1 + 5 * 3 });
    expect(measureQuery(schema, parse('query($k: Int) { product(id: "a") { relatedItems(k: $k) { score } } }'), { k: 50 }).complexity).toBe(1 + 1 + 50);
    expect(measureQuery(schema, parse('{ search(text: "x", first: 20) { id } }')).complexity).toBe(1 + 20);
  });

  it('follows fragments and aliases, and survives a fragment cycle', () => {
    const q = parse('{ a: product(id: "a") { ...P } b: product(id: "b") { ...P } } fragment P on Product { id relatedItems(k: 2) { score } }');
    expect(measureQuery(schema, q)).toEqual({ depth: 3, complexity: 2 * (1 + 1 + 1 + 2), rootFields: 2, introspection: 0 });
    const cycle = parse('{ product(id: "a") { ...A } } fragment A on Product { ...B } fragment B on Product { id ...A }');
    expect(measureQuery(schema, cycle).complexity).toBe(2);
  });

  it('measures a parsed document once per page-variable values and operation: the same cost as a fresh walk', () => {
    const q = parse('query($k: Int, $id: ID!) { product(id: $id) { relatedItems(k: $k) { score } } }');
    expect(measureQuery(schema, q, { k: 50, id: 'a' }).complexity).toBe(1 + 1 + 50);
    expect(measureQuery(schema, q, { k: 50, id: 'b' }).complexity).toBe(1 + 1 + 50); // another id: the same cost
    expect(measureQuery(schema, q, { k: 90, id: 'a' }).complexity).toBe(1 + 1 + 90); // another page size: measured again
    expect(measureQuery(schema, q, { id: 'a' }).complexity).toBe(1 + 1 + 5); // the schema default
    const two = parse('query A { product(id: "a") { id } } query B { search(text: "x") { id } }');
    expect(measureQuery(schema, two, {}, 'A').complexity).toBe(2);
    expect(measureQuery(schema, two, {}, 'B').complexity).toBe(11);
    const held = measureQuery(schema, two, {}, 'B');
    held.complexity = 0; // a caller's copy: the held cost stays
    expect(measureQuery(schema, two, {}, 'B').complexity).toBe(11);
  });

  it('counts a literal page size even when another argument is a variable not given yet (admission measures before the variables arrive)', () => {
    // The hook measures each document once without variables, then with them; the first walk must not
    // count `first: 1000` as one item because `$text` is missing, nor may the memo keep such a figure.
    const q = parse('query($text: String!) { search(text: $text, first: 1000) { id } }');
    expect(measureQuery(schema, q, {}).complexity).toBe(1 + 1000);
    expect(measureQuery(schema, q, { text: 'x' }).complexity).toBe(1 + 1000);
    // An operation's own variable default is the page size when the request leaves the variable out.
    const defaulted = parse('query($text: String!, $n: Int = 300) { search(text: $text, first: $n) { id } }');
    expect(measureQuery(schema, defaulted, { text: 'x' }).complexity).toBe(1 + 300);
    expect(measureQuery(schema, defaulted, { text: 'x', n: 7 }).complexity).toBe(1 + 7);
  });

  it('picks the named operation', () => {
    const q = parse('query A { product(id: "a") { id } } query B { search(text: "x") { id } }');
    expect(measureQuery(schema, q, {}, 'B').complexity).toBe(11);
  });
});

describe('measureQuery: root fields and introspection', () => {
  it('counts every root selection, aliases and fragments on the root included', () => {
    const aliases = parse(`{ ${Array.from({ length: 7 }, (_, i) => `a${i}: product(id: "x") { id }`).join(' ')} }`);
    expect(measureQuery(schema, aliases).rootFields).toBe(7);
    const viaFragment = parse('{ ...R x: product(id: "b") { id } } fragment R on Query { a: product(id: "a") { id } b: search(text: "y") { id } }');
    expect(measureQuery(schema, viaFragment).rootFields).toBe(3);
  });

  it('measures introspection instead of skipping it: cost, depth and the number of __schema/__type fields', () => {
    const one = measureQuery(schema, parse('{ __schema { types { name fields { name } } } }'));
    expect(one.introspection).toBe(1);
    expect(one.complexity).toBeGreaterThan(1);
    expect(one.depth).toBe(4);
    const many = measureQuery(schema, parse(`{ ${Array.from({ length: 20 }, (_, i) => `s${i}: __schema { types { name } }`).join(' ')} }`));
    expect(many).toMatchObject({ introspection: 20, rootFields: 20 });
    const single = measureQuery(schema, parse('{ __schema { types { name } } }')).complexity;
    expect(many.complexity).toBeGreaterThanOrEqual(20 * (single - 1));
    // Nesting fields → type → fields grows the cost with the answer (it is not free).
    const nested = measureQuery(schema, parse('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }'));
    expect(nested.complexity).toBeGreaterThan(one.complexity * 3);
    expect(nested.depth).toBe(8);
    // The standard introspection query stays usable at the default limits (depth 10, cost 5,000).
    const standard = measureQuery(schema, parse(getIntrospectionQuery()));
    expect(standard.depth).toBeLessThanOrEqual(10);
    expect(standard.complexity).toBeLessThanOrEqual(5000);
    expect(measureQuery(schema, parse('{ __typename }'))).toMatchObject({ rootFields: 1, complexity: 0, introspection: 0 });
  });

  it('counts mutation fields one by one', () => {
    const withMutation = buildSchema('type Query { a: Int } type Mutation { track(id: ID!): Boolean }');
    const doc = parse(`mutation { ${Array.from({ length: 16 }, (_, i) => `t${i}: track(id: "${i}")`).join(' ')} }`);
    expect(measureQuery(withMutation, doc).rootFields).toBe(16);
  });
});

describe('RateLimiter', () => {
  it('allows a minute of burst, then refills continuously, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    expect([limiter.take('a', 3), limiter.take('a', 3), limiter.take('a', 3)]).toEqual([0, 0, 0]);
    expect(limiter.take('a', 3)).toBe(20_000);
    expect(limiter.take('b', 3)).toBe(0);
    now = 20_000;
    expect(limiter.take('a', 3)).toBe(0);
    expect(limiter.take('a', 3)).toBeGreaterThan(0);
  });

  it('takes one token per unit of work, all or none', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    expect(limiter.take('a', 60, 50)).toBe(0);
    // 10 left: 11 are refused whole (nothing taken), 10 pass.
    expect(limiter.take('a', 60, 11)).toBe(1000);
    expect(limiter.take('a', 60, 10)).toBe(0);
    expect(limiter.take('a', 60, 1)).toBeGreaterThan(0);
    // More than a whole bucket waits for a full one rather than being refused for ever.
    now = 60_000;
    expect(limiter.take('b', 60, 500)).toBe(0);
    expect(limiter.take('b', 60, 1)).toBeGreaterThan(0);
  });

  it('is off at 0', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 100; i++) expect(limiter.take('a', 0, 1000)).toBe(0);
  });
});

describe('takeFromBucket (the arithmetic both limiters share)', () => {
  it('starts full, refills at perMinute/60,000 per ms up to the bucket, and takes all or none', () => {
    let step = takeFromBucket(undefined, 1_000, 60, 60);
    expect(step).toEqual({ bucket: { tokens: 0, at: 1_000 }, waitMs: 0 });
    step = takeFromBucket(step.bucket, 1_500, 60, 1);
    expect(step).toEqual({ bucket: { tokens: 0.5, at: 1_500 }, waitMs: 500 });
    step = takeFromBucket(step.bucket, 1_000_000, 60, 1);
    expect(step).toEqual({ bucket: { tokens: 59, at: 1_000_000 }, waitMs: 0 });
  });

  it('refills nothing when the clock goes back, and keeps the later time', () => {
    const step = takeFromBucket({ tokens: 2, at: 10_000 }, 5_000, 60, 1);
    expect(step).toEqual({ bucket: { tokens: 1, at: 10_000 }, waitMs: 0 });
  });

  it('asks for at least one token and at most a whole bucket', () => {
    expect([tokensNeeded(60, 0), tokensNeeded(60, 5), tokensNeeded(60, 500)]).toEqual([1, 5, 60]);
  });
});
