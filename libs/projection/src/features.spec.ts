import { FEATURE_SPECS, FeatureEncoder, NodeProps, fitEncoder } from './features';

const users: NodeProps[] = [
  { home_type: 'house', region: 'north', signup_date: '2024-01-01' },
  { home_type: 'apartment', region: 'north', signup_date: '2023-01-01' },
  { home_type: 'house', region: 'south' },
  { region: 'east' },
];
const asOf = Date.UTC(2025, 0, 1);
const get = (rows: NodeProps[]) => (i: number, field: string) => rows[i][field];

describe('feature encoders', () => {
  const encoder = fitEncoder('User', FEATURE_SPECS.User, users.length, get(users), (key) => (key === 'interacted.out' ? 5 : 0), asOf);

  it('one-hot encodes seen vocabulary values plus a fallback, drops fields nobody has and relations without edges', () => {
    expect(encoder.columns).toEqual([
      'home_type=house',
      'home_type=apartment',
      'home_type=<unknown>',
      'region=north',
      'region=east',
      'region=south',
      'region=<other>',
      'signup_date:years',
      'signup_date_missing',
      'log1p_degree:interacted.out',
    ]);
  });

  it('sends unknown or missing categories to the fallback column and standardises numbers', () => {
    const col = (name: string) => encoder.columns.indexOf(name);
    const row = encoder.encode({ home_type: 'castle', region: 'west', signup_date: '2024-01-01' }, { 'interacted.out': 3 });
    expect(row[col('home_type=<unknown>')]).toBe(1);
    expect(row[col('home_type=house')]).toBe(0);
    expect(row[col('region=<other>')]).toBe(1);
    // Two known signups, ages ~1 and ~2 years: mean ~1.5, std ~0.5, so ~1 year standardises to ~-1.
    expect(row[col('signup_date:years')]).toBeCloseTo(-1, 2);
    expect(row[col('log1p_degree:interacted.out')]).toBeCloseTo(Math.log1p(3), 6);
    const missing = encoder.encode({});
    expect(missing[col('signup_date:years')]).toBe(0);
    expect(missing[col('signup_date_missing')]).toBe(1);
    expect(missing[col('home_type=<unknown>')]).toBe(1);
  });

  it('keeps only the most frequent values of a learned vocabulary (ties by value)', () => {
    const rows: NodeProps[] = ['a', 'b', 'b', 'c', 'c', 'c', 'd'].map((region) => ({ region }));
    const small = fitEncoder('User', [{ kind: 'learnedCategory', field: 'region', maxValues: 2 }], rows.length, get(rows), () => 0, 0);
    expect(small.columns).toEqual(['region=c', 'region=b', 'region=<other>']);
    const clash: NodeProps[] = [{ occupation: 'other' }, { occupation: '<other>' }];
    const enc = fitEncoder('User', [{ kind: 'learnedCategory', field: 'occupation', maxValues: 5 }], 2, get(clash), () => 0, 0);
    expect(new Set(enc.columns).size).toBe(3);
    expect(enc.columns[2]).toBe('occupation=<<other>>');
  });

  it('multi-hot encodes lists and log-transforms prices with a missing flag', () => {
    const products: NodeProps[] = [
      { category: 'movie', genres: ['Drama', 'Comedy'], price: 9 },
      { category: 'movie', genres: ['Drama'] },
    ];
    const enc = fitEncoder('Product', FEATURE_SPECS.Product, 2, get(products), () => 0, 0);
    expect(enc.columns).toEqual(['category=movie', 'category=<unknown>', 'log1p(price)', 'price_missing', 'genres~Drama', 'genres~Comedy']);
    expect(Array.from(enc.encode({ category: 'chime', genres: ['Comedy', 'Western'] }))).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('round-trips through JSON and encodes new nodes identically', () => {
    const text = JSON.stringify(encoder);
    const again = FeatureEncoder.fromJSON(JSON.parse(text));
    expect(again.columns).toEqual(encoder.columns);
    const props = { home_type: 'apartment', region: 'south', signup_date: '2022-06-01' };
    expect(Array.from(again.encode(props, { 'interacted.out': 2 }))).toEqual(Array.from(encoder.encode(props, { 'interacted.out': 2 })));
    expect(FeatureEncoder.fromJSON(text).columns).toEqual(encoder.columns);
    expect(() => FeatureEncoder.fromJSON({ version: 2 } as never)).toThrow(/version 1/);
  });
});
