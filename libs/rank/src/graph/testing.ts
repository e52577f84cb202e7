import { EVENT_TYPES } from '@graphrec/graph-model';
import { fromInteractions, HeteroGraph, NodeProps } from '@graphrec/projection';
import type { CatalogInfo } from './build';

/**
 * A tiny connected-home graph for the feature tests, small enough to check every figure by hand:
 * products D1, D2 (doorbells), C (chime, works with D1 or D2), PL (plan, works with D1 only);
 * u0 owns D1 (bought day 1), viewed C on days 2 and 3, carted C on day 3;
 * u1 bought D1 (day 1) and C (day 4); u2 bought D2 (day 1) and C (day 40, after a cut at day 30);
 * u3 has no events. Ids sort as their indexes: products C, D1, D2, PL → 0, 1, 2, 3.
 */
export const DAY_MS = 86_400_000;
export const T0 = Date.UTC(2026, 0, 1);
export const day = (d: number): number => T0 + d * DAY_MS;

export const TINY_PRODUCTS: Record<string, NodeProps> = {
  C: { category: 'chime', price: 29.99 },
  D1: { category: 'video_doorbell', price: 99.99 },
  D2: { category: 'video_doorbell', price: 149.99 },
  PL: { category: 'protection_plan', price: 10 },
};

export const TINY_CATALOG = new Map<string, CatalogInfo>([
  ['C', { name: 'Chime', compatibleWith: ['D1', 'D2'] }],
  ['D1', { name: 'Doorbell One', compatibleWith: [] }],
  ['D2', { name: 'Doorbell Two', compatibleWith: [] }],
  ['PL', { name: 'Plan', compatibleWith: ['D1'] }],
]);

const USERS: Record<string, NodeProps> = {
  u0: { home_type: 'house', region: 'north', signup_date: '2025-01-01' },
  u1: { home_type: 'apartment', region: 'south' },
  u2: { home_type: 'house', region: 'north' },
  u3: {},
};

export function tinyGraph(): HeteroGraph {
  const users = Object.keys(USERS);
  const products = Object.keys(TINY_PRODUCTS);
  const u = (id: string) => users.indexOf(id);
  const p = (id: string) => products.indexOf(id);
  const code = (type: (typeof EVENT_TYPES)[number]) => EVENT_TYPES.indexOf(type);
  const events: [string, string, (typeof EVENT_TYPES)[number], number][] = [
    ['u0', 'D1', 'purchase', day(1)],
    ['u0', 'C', 'product_view', day(2)],
    ['u0', 'C', 'product_view', day(3)],
    ['u0', 'C', 'add_to_cart', day(3)],
    ['u1', 'D1', 'purchase', day(1)],
    ['u1', 'C', 'purchase', day(4)],
    ['u2', 'D2', 'purchase', day(1)],
    ['u2', 'C', 'purchase', day(40)],
  ];
  return fromInteractions(
    {
      ids: { User: users, Product: products, Device: ['d0', 'd1', 'd2', 'd3'] },
      events: {
        user: Int32Array.from(events, (e) => u(e[0])),
        product: Int32Array.from(events, (e) => p(e[1])),
        type: Uint8Array.from(events, (e) => code(e[2])),
        timestamp: Float64Array.from(events, (e) => e[3]),
      },
      // Devices: u0's D1, u1's D1, u2's D2 and u2's chime (bought day 40).
      owns: { user: Int32Array.from([u('u0'), u('u1'), u('u2'), u('u2')]), device: Int32Array.from([0, 1, 2, 3]) },
      instanceOf: { device: Int32Array.from([0, 1, 2, 3]), product: Int32Array.from([p('D1'), p('D1'), p('D2'), p('C')]) },
      props: { User: (i, f) => USERS[users[i]][f], Product: (i, f) => TINY_PRODUCTS[products[i]][f] },
    },
    { keepEvents: true },
  );
}
