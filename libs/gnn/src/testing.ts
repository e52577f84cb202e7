/** Small graphs for the specs. */
import { createRng } from '@graphrec/graph-model';
import type { HeteroGraph } from '@graphrec/projection';
import { trainDataFrom } from '@graphrec/recommend';
import { graphFromTrainData } from './recommender';

export interface Planted {
  graph: HeteroGraph;
  /** Group of each user / product. */
  userGroup: Int32Array;
  productGroup: Int32Array;
  pairs: { users: number[]; items: number[] };
}

/**
 * `groups` groups of users, each engaging with `perUser` random products of its own group only.
 * `extraUsers`: users added at the end with the given products (for inductive tests).
 */
export function plantedGraph(groups = 2, usersPerGroup = 20, productsPerGroup = 10, perUser = 5, seed = 1, extraUsers: number[][] = []): Planted {
  const rng = createRng(seed);
  const users: number[] = [];
  const items: number[] = [];
  const nUsers = groups * usersPerGroup;
  const userGroup = new Int32Array(nUsers + extraUsers.length);
  const productGroup = new Int32Array(groups * productsPerGroup);
  for (let p = 0; p < productGroup.length; p++) productGroup[p] = Math.floor(p / productsPerGroup);
  for (let u = 0; u < nUsers; u++) {
    const g = Math.floor(u / usersPerGroup);
    userGroup[u] = g;
    const chosen = new Set<number>();
    while (chosen.size < perUser) chosen.add(g * productsPerGroup + Math.floor(rng() * productsPerGroup));
    for (const p of chosen) {
      users.push(u);
      items.push(p);
    }
  }
  extraUsers.forEach((products, i) => {
    userGroup[nUsers + i] = productGroup[products[0]];
    for (const p of products) {
      users.push(nUsers + i);
      items.push(p);
    }
  });
  const train = trainDataFrom(nUsers + extraUsers.length, productGroup.length, { users: Int32Array.from(users), items: Int32Array.from(items) });
  return { graph: graphFromTrainData(train), userGroup, productGroup, pairs: { users, items } };
}

/** Index of the row of `table` (n × d) with the largest dot product with `v`. */
export function nearest(v: Float32Array, table: Float32Array, d: number): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < table.length / d; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += v[c] * table[i * d + c];
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  return best;
}

export function row(table: Float32Array, d: number, i: number): Float32Array {
  return table.subarray(i * d, (i + 1) * d);
}
