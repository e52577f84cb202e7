import { buildState, userAttributes, userInputFromView } from './build';
import { bestCoHeld, featureRows, graphFeatureNames, ranksOf } from './features';
import { eligible, RankerState, UserInput } from './state';
import { day, DAY_MS, TINY_CATALOG, tinyGraph } from './testing';
import { heldOf, purchasesAfter, viewAt } from './view';

// Product indexes: C 0, D1 1, D2 2, PL 3. Users: u0 0, u1 1, u2 2, u3 3 (see testing.ts).
const [C, D1, D2, PL] = [0, 1, 2, 3];

async function setup(cutDay?: number, extra: Parameters<typeof buildState>[1] = {}) {
  const graph = tinyGraph();
  const view = cutDay === undefined ? viewAt(graph) : viewAt(graph, day(cutDay));
  const side = { catalog: TINY_CATALOG, ...extra };
  const state = await buildState(view, side);
  const attributes = userAttributes(view);
  const input = (u: number): UserInput => userInputFromView(view, state, attributes, u, side);
  const names = graphFeatureNames(state);
  const at = (u: number, p: number, name: string): number => {
    const row = featureRows(state, input(u), names);
    const col = names.indexOf(name);
    if (col < 0) throw new Error(`no feature ${name}`);
    return row[p * names.length + col];
  };
  return { graph, view, state, input, names, at };
}

describe('graph ranker features on a tiny graph', () => {
  it('the view at a cutoff hides later events and devices bought after it', async () => {
    const graph = tinyGraph();
    const all = viewAt(graph);
    expect(heldOf(all, 2)).toEqual([C, D2]);
    const cut = viewAt(graph, day(30));
    expect(heldOf(cut, 2)).toEqual([D2]);
    expect(cut.devices[2]).toBe(1);
    expect(purchasesAfter(cut).get(2)).toEqual(new Set([C]));
    expect(purchasesAfter(cut).size).toBe(1);
  });

  it('user features: attributes decoded from the projection, devices, held products, recency', async () => {
    const { at, state } = await setup();
    expect(state.vocab.homeType).toEqual(expect.arrayContaining(['house', 'apartment']));
    expect(at(0, C, 'user_home_type')).toBe(state.vocab.homeType.indexOf('house'));
    expect(at(3, C, 'user_home_type')).toBeNaN();
    // Signed up 2025-01-01; the graph's now is its latest event, day 40 of 2026.
    expect(at(0, C, 'user_tenure_days')).toBeCloseTo((day(40) - Date.UTC(2025, 0, 1)) / DAY_MS, 0);
    expect(at(1, C, 'user_tenure_days')).toBeNaN();
    expect(at(0, C, 'user_devices')).toBe(1);
    expect(at(2, C, 'user_held')).toBe(2);
    expect(at(0, C, 'user_recency_days')).toBeCloseTo(37, 5);
    expect(at(3, C, 'user_recency_days')).toBeNaN();
  });

  it('product features: category, price, Beta-smoothed conversion, popularity, age, accessory', async () => {
    const { at, state } = await setup();
    expect(state.products.category).toEqual(['chime', 'video_doorbell', 'video_doorbell', 'protection_plan']);
    expect(at(0, D2, 'item_price')).toBeCloseTo(149.99, 2);
    expect(at(0, D1, 'item_popularity')).toBeCloseTo(2 / 4);
    expect(at(0, PL, 'item_popularity')).toBe(0);
    // Everyone interested in D1 bought it; nobody was interested in PL: smoothing keeps both inside (0, 1).
    expect(at(0, D1, 'item_conversion')).toBeGreaterThan(at(0, C, 'item_conversion'));
    expect(at(0, PL, 'item_conversion')).toBeGreaterThan(0);
    expect(at(0, D1, 'item_age_days')).toBeCloseTo(39, 5);
    expect(at(0, PL, 'item_age_days')).toBeNaN();
    expect([C, D1, D2, PL].map((p) => at(0, p, 'item_accessory'))).toEqual([1, 0, 0, 1]);
  });

  it('substitute: another held product of the same category; complement: held bases an accessory works with', async () => {
    const { at } = await setup();
    expect(at(0, D2, 'substitute')).toBe(1);
    expect(at(0, D1, 'substitute')).toBe(0);
    expect(at(0, C, 'substitute')).toBe(0);
    expect(at(0, C, 'compatible_held')).toBe(1);
    expect(at(0, PL, 'compatible_held')).toBe(1);
    expect(at(0, PL, 'needs_base')).toBe(0);
    expect(at(2, PL, 'compatible_held')).toBe(0);
    expect(at(2, PL, 'needs_base')).toBe(1);
    expect(at(3, C, 'needs_base')).toBe(1);
    expect(at(0, D1, 'held')).toBe(1);
  });

  it('views, carts and days since the last view of the product', async () => {
    const { at } = await setup();
    expect(at(0, C, 'views')).toBe(2);
    expect(at(0, C, 'carts')).toBe(1);
    expect(at(0, C, 'days_since_view')).toBeCloseTo(37, 5);
    expect(at(0, D2, 'days_since_view')).toBeNaN();
  });

  it('generators: co-occurrence cosine, EASE, popularity rank; co-holding share shrunk toward 0', async () => {
    const { at, state, input } = await setup();
    // Interacted: u0 {D1, C}, u1 {D1, C}, u2 {D2, C}: cos(D1, C) = 2 / √(2·3).
    expect(at(0, C, 'cooc_score')).toBeCloseTo(2 / Math.sqrt(6), 5);
    expect(at(0, C, 'cooc_rank')).toBe(1);
    expect(at(0, PL, 'cooc_score')).toBe(0);
    expect(at(0, C, 'ease_score')).toBeGreaterThan(at(0, PL, 'ease_score'));
    expect(at(0, C, 'pop_rank')).toBe(ranksOf(state.products.popularity)[C]);
    // Holders of D1: u0, u1; of both D1 and C: u1. Share 1 / (2 + 10).
    expect(at(0, C, 'co_share')).toBeCloseTo(1 / 12, 6);
    expect(bestCoHeld(state, input(0).held, C)).toMatchObject({ from: D1, raw: 0.5, both: 1 });
  });

  it('works with what the graph has: no embeddings or segments, no such columns; given, they appear', async () => {
    const bare = await setup();
    expect(bare.names).not.toContain('emb_score');
    expect(bare.names).not.toContain('segment_lift');
    const Product = new Float32Array([0, 1, 1, 0, 1, 0, 0, 1]); // C, D1, D2, PL
    const User = new Float32Array([1, 0, 0, 1, 1, 0, 0, 1]);
    const rich = await setup(undefined, { embeddings: { dimension: 2, User, Product }, segments: ['s1', 's1', 's2', null] });
    expect(rich.names).toEqual(expect.arrayContaining(['emb_score', 'emb_rank', 'segment_lift']));
    expect(rich.at(0, D1, 'emb_score')).toBeCloseTo(1);
    expect(rich.at(0, C, 'emb_score')).toBeCloseTo(0);
    // Segment s1 (u0, u1) all hold D1; half of all users do: lift 2.
    expect(rich.at(0, D1, 'segment_lift')).toBeCloseTo(2);
    expect(rich.at(3, D1, 'segment_lift')).toBeNaN();
  });

  it('sequence: seq_score and seq_rank only when scores are given; a user or product without a score is missing', async () => {
    const plain = await setup();
    expect(plain.names).not.toContain('seq_score');
    // u0 has scores (PL unknown to the sequence model: NaN), u1 none.
    const sequence = [Float32Array.of(0.2, 0.9, -0.3, Number.NaN), null, null, null];
    const { names, at } = await setup(undefined, { sequence });
    expect(names.slice(-2)).toEqual(['seq_score', 'seq_rank']);
    expect(at(0, D1, 'seq_score')).toBeCloseTo(0.9, 6);
    expect(at(0, D1, 'seq_rank')).toBe(1);
    expect(at(0, C, 'seq_rank')).toBe(2);
    expect(at(0, D2, 'seq_rank')).toBe(3);
    expect(at(0, PL, 'seq_score')).toBeNaN();
    expect(at(0, PL, 'seq_rank')).toBeNaN();
    expect(at(1, D1, 'seq_score')).toBeNaN();
    expect(at(1, D1, 'seq_rank')).toBeNaN();
  });

  it('candidates: held products only in repeat-purchase categories', async () => {
    const { state, input } = await setup();
    expect([C, D1, D2, PL].filter((p) => eligible(state, input(0), p))).toEqual([C, D2, PL]);
    const repeat: RankerState = { ...state, repeatCategories: ['video_doorbell'] };
    expect([C, D1, D2, PL].filter((p) => eligible(repeat, input(0), p))).toEqual([C, D1, D2, PL]);
  });

  it('a row does not depend on which products are asked for (ranks are over the whole catalogue)', async () => {
    const { state, input, names } = await setup();
    const a = featureRows(state, input(0), names);
    const b = featureRows(state, input(0), names);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.length).toBe(4 * names.length);
  });

  it('what is derived from the state alone (popularity ranks, category codes) is each state\'s own', async () => {
    const { state, input, names } = await setup();
    const popCol = names.indexOf('pop_rank');
    const catCol = names.indexOf('item_category');
    const first = featureRows(state, input(1), names);
    // Another state object with reversed popularity and renamed categories: its rows follow it,
    // not the values derived from the first state (held once per state object).
    const other: typeof state = {
      ...state,
      products: { ...state.products, popularity: [...state.products.popularity].map((v) => -v), category: state.products.category.map((c) => `z-${c}`) },
    };
    const rows = featureRows(other, input(1), names);
    const reversed = ranksOf(other.products.popularity);
    for (let p = 0; p < 4; p++) expect(rows[p * names.length + popCol]).toBe(reversed[p]);
    expect(Array.from({ length: 4 }, (_, p) => rows[p * names.length + catCol])).toEqual(Array.from({ length: 4 }, (_, p) => first[p * names.length + catCol]));
    expect(ranksOf(state.products.popularity)).not.toEqual(reversed);
    // The first state still gets its own values after the other was used.
    expect(Array.from(featureRows(state, input(1), names))).toEqual(Array.from(first));
  });
});
