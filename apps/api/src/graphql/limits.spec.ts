import { buildSchema, parse } from 'graphql';
import { measureQuery } from './cost';
import { RateLimiter } from './rate-limiter';

const schema = buildSchema(`
  type Query { product(id: ID!): Product, search(text: String!, first: Int = 10): [Product!]! }
  type Product { id: ID! name: String! relatedItems(k: Int = 5): [Item!]! }
  type Item { score: Float! product: Product! }
`);

describe('measureQuery', () => {
  it('counts depth and multiplies nested cost by page sizes (argument, variable or default)', () => {
    expect(measureQuery(schema, parse('{ product(id: "a") { id name } }'))).toEqual({ depth: 2, complexity: 3 });
    // product 1 + id 1 + relatedItems (1 + 5 * (score 1 + product (1 + id 1)))
    expect(measureQuery(schema, parse('{ product(id: "a") { id relatedItems { score product { id } } } }'))).toEqual({ depth: 4, complexity: 1 + 1 + 1 + 5 * 3 });
    expect(measureQuery(schema, parse('query($k: Int) { product(id: "a") { relatedItems(k: $k) { score } } }'), { k: 50 }).complexity).toBe(1 + 1 + 50);
    expect(measureQuery(schema, parse('{ search(text: "x", first: 20) { id } }')).complexity).toBe(1 + 20);
  });

  it('follows fragments and aliases, and survives a fragment cycle', () => {
    const q = parse('{ a: product(id: "a") { ...P } b: product(id: "b") { ...P } } fragment P on Product { id relatedItems(k: 2) { score } }');
    expect(measureQuery(schema, q)).toEqual({ depth: 3, complexity: 2 * (1 + 1 + 1 + 2) });
    const cycle = parse('{ product(id: "a") { ...A } } fragment A on Product { ...B } fragment B on Product { id ...A }');
    expect(measureQuery(schema, cycle).complexity).toBe(2);
  });

  it('picks the named operation', () => {
    const q = parse('query A { product(id: "a") { id } } query B { search(text: "x") { id } }');
    expect(measureQuery(schema, q, {}, 'B').complexity).toBe(11);
  });
});

describe('RateLimiter', () => {
  it('allows a minute of burst, then refills continuously, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(20_000);
    expect(limiter.take('b')).toBe(0);
    now = 20_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('is off at 0', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(limiter.take('a')).toBe(0);
  });
});
