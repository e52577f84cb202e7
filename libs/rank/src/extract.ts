import { FeatureContext } from './features';
import { fillTimeFeatures, userTimeProfile } from './time-features';

/**
 * One row of features per candidate of `user`, row-major rows × ctx.names.length, in the order of
 * `featureNames`. `generatorScores[g][c]` is generator g's score of candidates[c] (comparable within
 * the user only, hence the per-user relative score and rank beside the raw one).
 */
export function extractFeatures(ctx: FeatureContext, user: number, candidates: Int32Array, generatorScores: readonly Float32Array[]): Float32Array {
  const cols = ctx.names.length;
  const n = candidates.length;
  const out = new Float32Array(n * cols);
  if (generatorScores.length !== ctx.generators.length) throw new RangeError(`${generatorScores.length} score arrays for ${ctx.generators.length} generators`);
  const { matrix } = ctx.train;
  const side = ctx.side;
  const start = matrix.offsets[user];
  const end = matrix.offsets[user + 1];
  const activity = end - start;

  // Co-engagement: scatter the user's items' neighbour lists once, then read per candidate.
  const { sum, max, hits, touched } = ctx.scratch;
  let nTouched = 0;
  const nb = ctx.neighbours;
  for (let a = start; a < end; a++) {
    const i = matrix.targets[a];
    for (let p = nb.offsets[i]; p < nb.offsets[i + 1]; p++) {
      const j = nb.targets[p];
      if (hits[j] === 0) touched[nTouched++] = j;
      hits[j]++;
      sum[j] += nb.weights[p];
      if (nb.weights[p] > max[j]) max[j] = nb.weights[p];
    }
  }

  // Category profile: the share of the user's items in each category.
  const cats = side.itemCategories;
  let profile: Float32Array | undefined;
  if (cats) {
    profile = new Float32Array(cats.names.length);
    for (let a = start; a < end; a++) {
      const i = matrix.targets[a];
      for (let p = cats.offsets[i]; p < cats.offsets[i + 1]; p++) profile[cats.categories[p]] += 1 / activity;
    }
  }

  // Per generator: the candidates' rank by its score (1 = best, ties by item) and the score
  // relative to the user's best candidate score.
  const ranks = generatorScores.map((scores) => {
    const order = Array.from({ length: n }, (_, c) => c).sort((a, b) => scores[b] - scores[a] || candidates[a] - candidates[b]);
    const rank = new Float32Array(n);
    order.forEach((c, r) => (rank[c] = r + 1));
    return rank;
  });
  const best = generatorScores.map((scores) => {
    let m = 0;
    for (let c = 0; c < n; c++) m = Math.max(m, Math.abs(scores[c]));
    return m;
  });

  const timeProfile = ctx.time && ctx.train.times ? userTimeProfile(ctx.time, matrix, ctx.train.times, user) : undefined;
  const userNumeric = Object.values(side.userNumeric ?? {});
  const userCategorical = Object.values(side.userCategorical ?? {});
  const itemNumeric = Object.values(side.itemNumeric ?? {});
  for (let c = 0; c < n; c++) {
    const j = candidates[c];
    let f = c * cols;
    // Counts relative to their means: the ranker learns on generators fitted on part of train and
    // scores with generators fitted on all of it; raw counts would shift by the ratio.
    out[f++] = activity / ctx.meanActivity;
    out[f++] = ctx.userMeanWeight[user];
    out[f++] = ctx.userRecency[user];
    for (const values of userNumeric) out[f++] = values[user];
    for (const attr of userCategorical) out[f++] = attr.codes[user] < 0 ? Number.NaN : attr.codes[user];
    out[f++] = ctx.itemPopularity[j] / ctx.meanPopularity;
    out[f++] = ctx.itemRate[j];
    out[f++] = ctx.itemLikeRate[j];
    out[f++] = ctx.itemMeanWeight[j];
    out[f++] = ctx.itemAge[j];
    out[f++] = ctx.itemRecency[j];
    for (const values of itemNumeric) out[f++] = values[j];
    if (cats) {
      out[f++] = cats.offsets[j + 1] - cats.offsets[j];
      for (const col of ctx.categoryColumns) {
        let has = 0;
        for (let p = cats.offsets[j]; p < cats.offsets[j + 1]; p++) if (cats.categories[p] === col) has = 1;
        out[f++] = has;
      }
    }
    for (let g = 0; g < generatorScores.length; g++) {
      out[f++] = generatorScores[g][c];
      out[f++] = best[g] > 0 ? generatorScores[g][c] / best[g] : 0;
      out[f++] = ranks[g][c];
    }
    out[f++] = sum[j];
    out[f++] = max[j];
    out[f++] = activity ? hits[j] / activity : 0;
    if (cats && profile) {
      let overlap = 0;
      let top = 0;
      for (let p = cats.offsets[j]; p < cats.offsets[j + 1]; p++) {
        overlap += profile[cats.categories[p]];
        top = Math.max(top, profile[cats.categories[p]]);
      }
      out[f++] = overlap;
      out[f++] = top;
    }
    for (const a of ctx.affinity) {
      // Lift: the share of the item's users who share the user's value, over that value's share
      // of all users, Beta-smoothed toward 1 with a pseudo-count of 10 users.
      const v = a.codes[user];
      if (v < 0 || a.global[v] === 0) out[f++] = Number.NaN;
      else out[f++] = (a.counts[j * a.values + v] + 10 * a.global[v]) / (a.itemUsers[j] + 10) / a.global[v];
    }
    for (const g of ctx.gaps) out[f++] = Math.abs(g.values[user] - g.itemMean[j]);
    f = fillTimeFeatures(out, f, ctx.timeWindows.length, ctx.time, timeProfile, j);
    if (f !== (c + 1) * cols) throw new Error(`feature row ${c} filled ${f - c * cols} of ${cols} columns`);
  }

  for (let t = 0; t < nTouched; t++) {
    const j = touched[t];
    sum[j] = 0;
    max[j] = 0;
    hits[j] = 0;
  }
  return out;
}
