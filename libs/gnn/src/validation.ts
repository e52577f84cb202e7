/** Ranking quality of embeddings on held-out edges, for early stopping (never the test data). */
import * as tf from '@tensorflow/tfjs';
import type { Csr, Rng } from '@graphrec/graph-model';
import { hasEntry } from '@graphrec/graph-model';
import type { ValidationMetric } from './options';

/** Per-user sets of held-out items, in a CSR of users → items. */
export interface RankingInput {
  users: Float32Array;
  items: Float32Array;
  dimension: number;
  /** Added to each item's score (the learned item bias, scaled), if any. */
  itemBias?: Float32Array;
  /** Held-out user → items. */
  heldOut: Csr;
  /** Items the user has in training; never ranked. */
  seen: Csr;
  k: number;
  /** At most this many users (a seeded sample) are scored. */
  maxUsers: number;
  rng: Rng;
}

/** Mean recall@k and nDCG@k (binary relevance, log2 discount) over users with held-out items. */
export function rankingAtK(input: RankingInput): Record<ValidationMetric, number> {
  const { users, items, dimension: d, heldOut, seen, k } = input;
  const nItems = items.length / d;
  let candidates: number[] = [];
  for (let u = 0; u < heldOut.offsets.length - 1; u++) if (heldOut.offsets[u + 1] > heldOut.offsets[u]) candidates.push(u);
  if (candidates.length > input.maxUsers) {
    for (let i = candidates.length - 1; i > 0; i--) {
      const j = Math.floor(input.rng() * (i + 1));
      [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
    }
    candidates = candidates.slice(0, input.maxUsers).sort((a, b) => a - b);
  }
  if (candidates.length === 0) return { recall: 0, ndcg: 0 };
  const topItems = new Int32Array(k);
  const topScores = new Float32Array(k);
  const seenMask = new Uint8Array(nItems);
  let recall = 0;
  let ndcg = 0;
  // Scores of a chunk of users against every item as one tf product (a check scored them in a JS
  // loop, ~0.3 s CPU per MovieLens check; the product is ~20 ms), in chunks to bound the memory.
  const chunk = Math.max(1, Math.floor(4_000_000 / Math.max(1, nItems)));
  const itemsT = tf.tidy(() => tf.transpose(tf.tensor2d(items, [nItems, d])));
  const bias = input.itemBias;
  for (let from = 0; from < candidates.length; from += chunk) {
    const part = candidates.slice(from, from + chunk);
    const rows = new Float32Array(part.length * d);
    part.forEach((u, i) => rows.set(users.subarray(u * d, (u + 1) * d), i * d));
    const product = tf.tidy(() => tf.matMul(tf.tensor2d(rows, [part.length, d]), itemsT));
    const all = product.dataSync() as Float32Array;
    for (let row = 0; row < part.length; row++) {
      const u = part[row];
      const scores = all.subarray(row * nItems, (row + 1) * nItems);
      if (bias) for (let i = 0; i < nItems; i++) scores[i] += bias[i];
      for (let e = seen.offsets[u]; e < seen.offsets[u + 1]; e++) seenMask[seen.targets[e]] = 1;
      let filled = 0;
      for (let i = 0; i < nItems; i++) {
        if (seenMask[i]) continue;
        const s = scores[i];
        if (filled === k && s <= topScores[k - 1]) continue;
        let p = filled < k ? filled++ : k - 1;
        while (p > 0 && topScores[p - 1] < s) {
          topScores[p] = topScores[p - 1];
          topItems[p] = topItems[p - 1];
          p--;
        }
        topScores[p] = s;
        topItems[p] = i;
      }
      const relevant = heldOut.offsets[u + 1] - heldOut.offsets[u];
      let hits = 0;
      let dcg = 0;
      for (let r = 0; r < filled; r++) {
        if (hasEntry(heldOut, u, topItems[r])) {
          hits++;
          dcg += 1 / Math.log2(r + 2);
        }
      }
      let ideal = 0;
      for (let r = 0; r < Math.min(relevant, k); r++) ideal += 1 / Math.log2(r + 2);
      recall += hits / relevant;
      ndcg += ideal > 0 ? dcg / ideal : 0;
      for (let e = seen.offsets[u]; e < seen.offsets[u + 1]; e++) seenMask[seen.targets[e]] = 0;
    }
    product.dispose();
  }
  itemsT.dispose();
  return { recall: recall / candidates.length, ndcg: ndcg / candidates.length };
}
