/**
 * LambdaMART on the connected-home graph. Labels come from a time-ordered carve of the projection
 * itself: the purchases of the last `labelDays` before the projection's cutoff (graph.asOf), with
 * the generators, product statistics and user inputs computed from the view before them. Nothing
 * an evaluation holds out (a generated world's truth/holdout_purchases.csv) is ever in the graph,
 * so it cannot leak into training. Candidates are every eligible product (the catalogue is ~30;
 * held ones only in repeat-purchase categories). The parameter grid and early stopping use
 * validation users only. The served model keeps the trees and rebuilds the state on all the data.
 */
import { createRng, shuffleInPlace } from '@graphrec/graph-model';
import type { HeteroGraph } from '@graphrec/projection';
import { buildState, GraphSideData, StateOptions, userAttributes, userInputFromView } from './build';
import { graphFeatureNames, featureRows } from './features';
import { eligible, RankerState } from './state';
import { purchasesAfter, viewAt } from './view';
import { concat, groupNdcgValues } from '../training-data';
import { Booster, DMatrix, Params } from '../xgboost';
import { fewestRoundsWithin, standardError } from './size';

const DAY_MS = 86_400_000;

export interface GraphTrainOptions {
  /** Days before graph.asOf whose purchases are the labels (default 30, the demo world's holdout length). */
  labelDays?: number;
  /** Most labelled users trained on (seeded sample; default 50,000): bounds time and memory at 1M users. */
  maxUsers?: number;
  /** Share of the sampled users kept for validation (default 0.2). */
  validationShare?: number;
  seed?: number;
  grid?: Params[];
  rounds?: number;
  earlyStopping?: number;
  /**
   * Keep the fewest rounds whose validation nDCG@10 is within this much of the best (default 0:
   * every round up to the best; oneSeSizeTolerance(se) is the one-SE rule, capped): each tree
   * costs every answer, but trimming by validation lost held-back quality at 1M users.
   */
  sizeTolerance?: number;
  /** XGBoost threads (default 1: shared machines). */
  threads?: number;
  state?: StateOptions;
  /**
   * Embeddings computed without the label window (GraphSAGE inference on the carved graph). Without
   * them, given `side.embeddings` are used for the carve too, and the report says the embedding
   * features saw the labels' period (`embeddingsSeeLabels`).
   */
  cutEmbeddings?: GraphSideData['embeddings'];
  /**
   * The sequence model's scores at the carve's cutoff (a model trained on, and each user's state
   * replayed over, the sessions before it). Without them the seq_* features are left out of
   * training altogether: the served model's scores know the label window.
   */
  cutSequence?: GraphSideData['sequence'];
}

export const GRAPH_GRID: Params[] = [
  { eta: 0.1, max_depth: 4, min_child_weight: 5, subsample: 0.8, colsample_bytree: 0.8, lambda: 1 },
  { eta: 0.1, max_depth: 6, min_child_weight: 10, subsample: 0.8, colsample_bytree: 0.8, lambda: 5 },
  { eta: 0.05, max_depth: 3, min_child_weight: 5, subsample: 0.8, colsample_bytree: 1, lambda: 1 },
];

const BASE: Params = { objective: 'rank:ndcg', eval_metric: 'ndcg@10', tree_method: 'hist', verbosity: 0 };

export interface GraphTrainReport {
  cut: string;
  labelDays: number;
  labelledUsers: number;
  sampledUsers: number;
  trainRows: number;
  validationRows: number;
  /** Label purchases that were candidates (held non-repeat purchases are not). */
  candidateRecall: number;
  /** Share of label purchases of a category the user already held a product of (substitutes sell?). */
  substituteLabelShare: number;
  grid: { params: Params; bestIteration: number; validationNdcg: number }[];
  chosen: Params;
  /** Validation nDCG@10 of the kept trees (the first `trees` rounds of the chosen parameters). */
  validationNdcg: number;
  /** The chosen parameters' best validation nDCG@10 over every round boosted. */
  bestValidationNdcg: number;
  /** Standard error of the best round's per-user validation nDCG@10 (the default size tolerance). */
  validationNdcgSe: number;
  /** Trees kept (rounds: rank:ndcg grows one tree per round) and the tolerance that chose them. */
  trees: number;
  sizeTolerance: number;
  /** The chosen parameters' validation nDCG@10 after each round (index 0 = one tree). */
  validationCurve: number[];
  embeddingsSeeLabels: boolean;
  seconds: { carve: number; features: number; boosting: number; state: number; total: number };
}

export interface GraphRankerModel {
  booster: Booster;
  /** State of the full graph (served); the trees were learnt on the state at the carve's cutoff. */
  state: RankerState;
  featureNames: string[];
  report: GraphTrainReport;
  params: Params;
}

/** Not enough purchases in the label window to learn from (a tiny or fresh graph): callers may go on without a ranker. */
export class TooFewLabelsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TooFewLabelsError';
  }
}

interface Part {
  x: Float32Array;
  y: Float32Array;
}

/** The users' rows as one labelled, grouped DMatrix (rows concatenated as the MovieLens ranker does). */
function matrix(parts: Part[], cols: number): { d: DMatrix; labels: Float32Array; groups: number[] } {
  const d = concat(parts, cols);
  return { d: DMatrix.fromDense(d.features, d.rows, cols).setLabels(d.labels).setGroups(d.groups), labels: d.labels, groups: d.groups };
}

export async function trainGraphRanker(graph: HeteroGraph, side: GraphSideData = {}, options: GraphTrainOptions = {}): Promise<GraphRankerModel> {
  const t0 = performance.now();
  const labelDays = options.labelDays ?? 30;
  const seed = options.seed ?? 1;
  const cutView = viewAt(graph, graph.asOf - labelDays * DAY_MS);
  const labels = purchasesAfter(cutView);
  const cutSide: GraphSideData = { ...side, embeddings: options.cutEmbeddings ?? side.embeddings, sequence: options.cutSequence };
  const cutState = await buildState(cutView, cutSide, options.state);
  const t1 = performance.now();
  const names = graphFeatureNames(cutState);
  const cols = names.length;
  const attributes = userAttributes(cutView);

  const labelled = Int32Array.from([...labels.keys()].sort((a, b) => a - b));
  shuffleInPlace(labelled, createRng(seed));
  const sampled = labelled.subarray(0, Math.min(labelled.length, options.maxUsers ?? 50_000));
  const nValid = Math.round((options.validationShare ?? 0.2) * sampled.length);
  const train: Part[] = [];
  const valid: Part[] = [];
  let found = 0;
  let total = 0;
  let substitutes = 0;
  sampled.forEach((user, position) => {
    const input = userInputFromView(cutView, cutState, attributes, user, cutSide);
    const bought = labels.get(user) as Set<number>;
    const heldCategories = new Set(input.held.map((h) => cutState.products.category[h]));
    for (const p of bought) if (heldCategories.has(cutState.products.category[p]) && !input.held.includes(p)) substitutes++;
    const all = featureRows(cutState, input, names);
    const keep: number[] = [];
    for (let p = 0; p < cutState.products.ids.length; p++) if (eligible(cutState, input, p)) keep.push(p);
    const y = Float32Array.from(keep, (p) => (bought.has(p) ? 1 : 0));
    const hits = y.reduce((s, v) => s + v, 0);
    found += hits;
    total += bought.size;
    // A group without a positive gives LambdaMART no pair to learn from.
    if (!hits) return;
    const x = new Float32Array(keep.length * cols);
    keep.forEach((p, r) => x.set(all.subarray(p * cols, (p + 1) * cols), r * cols));
    (position < nValid ? valid : train).push({ x, y });
  });
  if (!train.length || !valid.length) throw new TooFewLabelsError(`graph ranker: too few users with purchases in the last ${labelDays} days to train (${sampled.length} sampled)`);
  const t2 = performance.now();
  const dtrain = matrix(train, cols).d;
  const valids = matrix(valid, cols);
  const dvalid = valids.d;
  const grid: GraphTrainReport['grid'] = [];
  let validationSe = 0;
  let best: { booster: Booster; params: Params; score: number; curve: number[] } | undefined;
  try {
    for (const params of options.grid ?? GRAPH_GRID) {
      const full: Params = { ...BASE, nthread: options.threads ?? 1, seed, ...params };
      const result = Booster.train(full, dtrain, { rounds: options.rounds ?? 300, evals: [{ name: 'valid', data: dvalid }], earlyStoppingRounds: options.earlyStopping ?? 30 });
      grid.push({ params, bestIteration: result.bestIteration, validationNdcg: result.bestScore });
      if (!best || result.bestScore > best.score) {
        best?.booster.free();
        best = { booster: result.booster, params: full, score: result.bestScore, curve: result.history.map((h) => h['valid-ndcg@10']) };
      } else result.booster.free();
    }
    // The spread of the best model's per-user validation nDCG@10: what "within noise" means here.
    if (best) validationSe = standardError(groupNdcgValues(best.booster.predictMargin(dvalid), valids.labels, valids.groups, 10));
  } finally {
    dtrain.free();
    dvalid.free();
  }
  if (!best) throw new Error('graph ranker: empty parameter grid');
  // Default 0 (every round up to the best): the one-SE trim (oneSeSizeTolerance) held the demo
  // worlds' test hit rate but cost 1.2 points (±0.1) on the 1M world's 113,199 held-back purchases
  // (211 of 298 trees; docs/rank.md "The ranker's size"), where validation moved 0.002.
  const sizeTolerance = options.sizeTolerance ?? 0;
  const trees = Math.min(best.booster.rounds(), fewestRoundsWithin(best.curve, sizeTolerance));
  if (trees > 0 && trees < best.booster.rounds()) {
    const kept = best.booster.slice(0, trees);
    best.booster.free();
    best.booster = kept;
  }
  const t3 = performance.now();
  // The served state carries seq_* only when the trees learnt them (a carve's scores were given).
  const state = await buildState(viewAt(graph), options.cutSequence ? side : { ...side, sequence: undefined }, options.state);
  if (graphFeatureNames(state).join() !== names.join()) {
    best.booster.free();
    throw new Error('graph ranker: the served state gives other features than the carve (embeddings, segments or sequence scores given to one only)');
  }
  const t4 = performance.now();
  const s = (a: number, b: number): number => Number(((b - a) / 1000).toFixed(3));
  return {
    booster: best.booster,
    state,
    featureNames: names,
    params: best.params,
    report: {
      cut: new Date(cutView.cut).toISOString(),
      labelDays,
      labelledUsers: labelled.length,
      sampledUsers: sampled.length,
      trainRows: train.reduce((n, p) => n + p.y.length, 0),
      validationRows: valid.reduce((n, p) => n + p.y.length, 0),
      candidateRecall: total ? found / total : 0,
      substituteLabelShare: total ? substitutes / total : 0,
      grid,
      chosen: best.params,
      validationNdcg: best.curve[trees - 1] ?? best.score,
      bestValidationNdcg: best.score,
      validationNdcgSe: validationSe,
      trees: best.booster.rounds(),
      sizeTolerance,
      validationCurve: best.curve.map((v) => Number(v.toFixed(5))),
      embeddingsSeeLabels: side.embeddings !== undefined && options.cutEmbeddings === undefined,
      seconds: { carve: s(t0, t1), features: s(t1, t2), boosting: s(t2, t3), state: s(t3, t4), total: s(t0, t4) },
    },
  };
}
