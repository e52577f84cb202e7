/**
 * Who the users are: region, home type and hidden customer type. Customer type depends on home
 * type (renters in apartments, alarm systems in houses) and is nudged by region, so demographics
 * carry real but imperfect signal about behaviour.
 */
import { HOME_TYPES, type HomeType } from '@graphrec/graph-model';
import { CUSTOMER_TYPES, type CustomerType } from './customer-types';
import type { Rng } from './prng';

export const REGIONS = ['northeast', 'midwest', 'south', 'west', 'pacific', 'uk'] as const;
export type Region = (typeof REGIONS)[number];

const REGION_WEIGHTS: readonly number[] = [20, 18, 24, 16, 10, 12];

/** Home-type mix per region, in HOME_TYPES order: house, apartment, townhouse, condo, other. */
const HOME_MIX: { readonly [R in Region]: readonly number[] } = {
  northeast: [40, 30, 12, 14, 4],
  midwest: [62, 18, 10, 6, 4],
  south: [60, 18, 10, 8, 4],
  west: [55, 22, 10, 9, 4],
  pacific: [45, 28, 8, 15, 4],
  uk: [35, 35, 22, 4, 4],
};

/** Customer-type mix per home type, in CUSTOMER_TYPES order. */
const TYPE_MIX: { readonly [H in HomeType]: readonly number[] } = {
  //          renter full  diy  budget power flood browser
  house: /*   */ [3, 22, 18, 10, 14, 16, 17],
  apartment: /**/ [42, 2, 4, 24, 8, 0, 20],
  townhouse: /**/ [14, 14, 12, 16, 14, 8, 22],
  condo: /*   */ [30, 6, 5, 22, 13, 2, 22],
  other: /*   */ [14, 14, 14, 14, 14, 14, 16],
};

/** Regional nudges on top of the home-type mix (multipliers, CUSTOMER_TYPES order). */
const REGION_NUDGE: { readonly [R in Region]: readonly number[] } = {
  northeast: [1.1, 1.3, 0.9, 1, 1, 0.8, 1],
  midwest: [0.9, 1, 1, 1.25, 1, 1, 1],
  south: [0.9, 1, 1.2, 1, 1, 1.4, 1],
  west: [1, 0.9, 1.25, 1, 1, 1.3, 1],
  pacific: [1.1, 0.9, 1.3, 0.9, 1.15, 1.1, 1],
  uk: [1.4, 1, 0.9, 1, 1, 0.5, 1],
};

// Pre-multiplied so the per-user draw is one weighted pick.
const MIXED: ReadonlyMap<string, readonly number[]> = new Map(
  REGIONS.flatMap((r) => HOME_TYPES.map((h) => [`${r}/${h}`, TYPE_MIX[h].map((w, i) => w * REGION_NUDGE[r][i])] as const)),
);

export interface Persona {
  region: Region;
  homeType: HomeType;
  type: CustomerType;
}

export function drawPersona(rng: Rng): Persona {
  const region = REGIONS[rng.weighted(REGION_WEIGHTS)];
  const homeType = HOME_TYPES[rng.weighted(HOME_MIX[region])];
  const mix = MIXED.get(`${region}/${homeType}`);
  if (!mix) throw new Error(`no customer mix for ${region}/${homeType}`);
  return { region, homeType, type: CUSTOMER_TYPES[rng.weighted(mix)] };
}
