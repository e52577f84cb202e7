/**
 * Per-leaf tables of a trained XGBoost tree ensemble, read from the booster's own JSON model:
 * each leaf's value and its Saabas path attribution (XGBoost's "approximate contributions"),
 * precomputed with XGBoost 1.7's float32 arithmetic in its order. Given the leaf each row reaches
 * in each tree (`Booster.leaves`, XGBoost's pred_leaf), margins and contributions are table sums,
 * and the floats are the very ones libxgboost gives (tree-ensemble.spec.ts checks bit equality).
 *
 * Why: a batch export explains 10 items of each of a million users. XGBoost's approximate
 * contributions zero and add a whole row of per-tree contributions for every tree — O(features)
 * per tree where the path has at most `depth` entries — and were a third of the export's CPU on the
 * 1M world (36–39 µs a row against 9 for a margin; docs/batch.md, session 14). A leaf's contribution
 * depends on nothing but the leaf, so it is computed once per model here.
 *
 * Supported: gbtree, one output group, numerical splits, objectives whose margin is base_score
 * itself (rank:*, reg:squarederror) or its logit (binary:logistic, reg:logistic). Anything else is
 * refused (`fromJson` returns null) and the caller keeps XGBoost's own contributions.
 */

/** The part of XGBoost's JSON model (1.7) read here. */
interface JsonTree {
  left_children: number[];
  right_children: number[];
  split_indices: number[];
  split_conditions: number[];
  sum_hessian: number[];
  split_type?: number[];
}

interface JsonModel {
  learner?: {
    learner_model_param: { base_score: string; num_class?: string; num_target?: string };
    objective: { name: string };
    gradient_booster: { name: string; model?: { trees: JsonTree[]; tree_info: number[] } };
  };
}

const IDENTITY_OBJECTIVES = new Set(['rank:pairwise', 'rank:ndcg', 'rank:map', 'reg:squarederror']);
const LOGIT_OBJECTIVES = new Set(['binary:logistic', 'reg:logistic']);

const f32 = Math.fround;

export class LeafTables {
  private constructor(
    /** Node slots of tree t start at nodeStart[t] (XGBoost's node ids within the tree). */
    private readonly nodeStart: Int32Array,
    /** Per node slot: the leaf value; NaN for a slot that is not a leaf. */
    private readonly leafValue: Float32Array,
    /** Per node slot: its contribution pairs are pairFeature/pairValue[pairStart[s] .. pairStart[s + 1]). */
    private readonly pairStart: Int32Array,
    private readonly pairFeature: Int32Array,
    private readonly pairValue: Float32Array,
    /** Per tree: the root's mean value (the tree's share of the bias). */
    private readonly rootMean: Float32Array,
    /** LearnerModelParam's base score on the margin scale (added to every margin and bias). */
    readonly baseMargin: number,
    /** Columns the trees split on (highest index + 1). */
    readonly features: number,
  ) {}

  get trees(): number {
    return this.rootMean.length;
  }

  /** From XGBoost's JSON model (Booster.toBuffer('json')); null when the model is outside what is supported. */
  static fromJson(json: string | Uint8Array): LeafTables | null {
    const model = JSON.parse(typeof json === 'string' ? json : Buffer.from(json).toString('utf8')) as JsonModel;
    const learner = model.learner;
    const booster = learner?.gradient_booster;
    if (!learner || booster?.name !== 'gbtree' || !booster.model) return null;
    if (Number(learner.learner_model_param.num_class ?? 0) > 1 || Number(learner.learner_model_param.num_target ?? 1) > 1) return null;
    if (booster.model.tree_info.some((g) => g !== 0)) return null;
    const objective = learner.objective.name;
    const baseScore = f32(Number(learner.learner_model_param.base_score));
    let baseMargin: number;
    // LearnerModelParam holds ObjFunction::ProbToMargin(base_score): -log(1/p - 1) in float for the logistic ones.
    if (IDENTITY_OBJECTIVES.has(objective)) baseMargin = baseScore;
    else if (LOGIT_OBJECTIVES.has(objective)) baseMargin = f32(-Math.log(f32(f32(1 / baseScore) - 1)));
    else return null;
    if (!Number.isFinite(baseMargin)) return null;

    const trees = booster.model.trees;
    if (trees.some((t) => t.split_type?.some((s) => s !== 0))) return null; // categorical splits
    const nodeStart = new Int32Array(trees.length + 1);
    trees.forEach((t, i) => (nodeStart[i + 1] = nodeStart[i] + t.left_children.length));
    const slots = nodeStart[trees.length];
    // NaN marks a slot that is not a reachable leaf (a split, a pruned node): slot() refuses it.
    const leafValue = new Float32Array(slots).fill(Number.NaN);
    const pairStart = new Int32Array(slots + 1);
    const features: number[] = [];
    const values: number[] = [];
    const rootMean = new Float32Array(trees.length);
    let columns = 0;
    trees.forEach((t, ti) => {
      const means = nodeMeans(t);
      rootMean[ti] = means[0];
      // Depth-first from the root with the path's (feature, delta) steps, as CalculateContributionsApprox walks it.
      const path: { feature: number; delta: number }[] = [];
      const pairsOfLeaf = new Map<number, [number, number][]>();
      const visit = (n: number): void => {
        const l = t.left_children[n];
        if (l < 0) {
          leafValue[nodeStart[ti] + n] = f32(t.split_conditions[n]);
          // The tree's own contribution vector for this leaf: each feature's deltas summed in path order.
          const sums = new Map<number, number>();
          for (const step of path) sums.set(step.feature, f32((sums.get(step.feature) ?? 0) + step.delta));
          // The last split's feature also gets leaf value − leaf mean (zero: a leaf's mean is its value).
          if (path.length) {
            const last = path[path.length - 1].feature;
            sums.set(last, f32(sums.get(last)! + f32(f32(t.split_conditions[n]) - means[n])));
          }
          pairsOfLeaf.set(n, [...sums].filter(([, v]) => v !== 0));
          return;
        }
        const feature = t.split_indices[n];
        columns = Math.max(columns, feature + 1);
        for (const child of [l, t.right_children[n]]) {
          path.push({ feature, delta: f32(means[child] - means[n]) });
          visit(child);
          path.pop();
        }
      };
      visit(0);
      for (let n = 0; n < t.left_children.length; n++) {
        const s = nodeStart[ti] + n;
        for (const [f, v] of pairsOfLeaf.get(n) ?? []) {
          features.push(f);
          values.push(v);
        }
        pairStart[s + 1] = features.length;
      }
    });
    return new LeafTables(nodeStart, leafValue, pairStart, Int32Array.from(features), Float32Array.from(values), rootMean, baseMargin, columns);
  }

  /** The node slot of the leaf XGBoost reported for tree t (a float node id), checked: a wrong id is an error, not a wrong number. */
  private slot(t: number, leaf: number): number {
    const id = leaf | 0;
    const s = this.nodeStart[t] + id;
    if (id !== leaf || id < 0 || s >= this.nodeStart[t + 1]) throw new RangeError(`tree ${t} has no node ${leaf}`);
    if (Number.isNaN(this.leafValue[s])) throw new RangeError(`node ${leaf} of tree ${t} is not a leaf`);
    return s;
  }

  /** Margins from `rows` rows of leaves (rows × trees): base margin plus each tree's leaf, summed in float32 in tree order as XGBoost's CPU predictor does. */
  margins(leaves: Float32Array, rows: number): Float32Array {
    const T = this.trees;
    if (leaves.length !== rows * T) throw new RangeError(`${leaves.length} leaves for ${rows} rows × ${T} trees`);
    const out = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      let sum = this.baseMargin;
      for (let t = 0; t < T; t++) sum = f32(sum + this.leafValue[this.slot(t, leaves[r * T + t])]);
      out[r] = sum;
    }
    return out;
  }

  /**
   * Saabas' contributions (XGBoost's approx_contribs) from the leaves: rows × (cols + 1), bias
   * last; each row sums to its margin. Per tree the leaf's contribution vector is added to the
   * row's (the bias gets the root's mean), then the base margin to the bias, as XGBoost does.
   */
  contributions(leaves: Float32Array, rows: number, cols: number): Float32Array {
    const T = this.trees;
    if (leaves.length !== rows * T) throw new RangeError(`${leaves.length} leaves for ${rows} rows × ${T} trees`);
    if (cols < this.features) throw new RangeError(`rows have ${cols} values, the trees read ${this.features}`);
    const out = new Float32Array(rows * (cols + 1));
    const { pairStart, pairFeature, pairValue, rootMean } = this;
    for (let r = 0; r < rows; r++) {
      const o = r * (cols + 1);
      const at = r * T;
      let bias = 0;
      for (let t = 0; t < T; t++) {
        const s = this.slot(t, leaves[at + t]);
        bias = f32(bias + rootMean[t]);
        // A Float32Array store rounds the double sum of two floats: float32 addition, bit for bit.
        const end = pairStart[s + 1];
        for (let i = pairStart[s]; i < end; i++) out[o + pairFeature[i]] += pairValue[i];
      }
      out[o + cols] = f32(bias + this.baseMargin);
    }
    return out;
  }
}

/** XGBoost's FillNodeMeanValue: a leaf's value, a split's hessian-weighted mean of its children, in float32. */
function nodeMeans(t: JsonTree): Float32Array {
  const means = new Float32Array(t.left_children.length);
  const fill = (n: number): number => {
    const l = t.left_children[n];
    let result: number;
    if (l < 0) result = f32(t.split_conditions[n]);
    else {
      const r = t.right_children[n];
      result = f32(fill(l) * f32(t.sum_hessian[l]));
      result = f32(result + f32(fill(r) * f32(t.sum_hessian[r])));
      result = f32(result / f32(t.sum_hessian[n]));
    }
    means[n] = result;
    return result;
  };
  fill(0);
  return means;
}
