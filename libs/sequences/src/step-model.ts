/**
 * A trained GRU4Rec/HRNN as plain arrays, for serving one event at a time. At hidden size 32 one
 * step is a few mat-vecs of 32×96 and 32×64 (and HRNN's user GRU and init layer at session
 * starts): microseconds in plain TypeScript, where a tfjs call costs more in dispatch than the
 * arithmetic. It mirrors SessionNetwork.step (network.ts) and gruStep (gru.ts) exactly; the unit
 * test runs both on the same weights and inputs.
 */
import type { SequenceModelKind } from './network';
import type { SequenceModelJson } from './model-files';

/** One GRU's weights, row-major as in the model files: wx [input, 3h], uzr [h, 2h], uh [h, h], b [3h]. */
export interface DenseGru {
  input: number;
  hidden: number;
  wx: Float32Array;
  uzr: Float32Array;
  uh: Float32Array;
  b: Float32Array;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * h' = (1 − z) ⊙ h + z ⊙ ĥ with z = σ(x Wz + h Uz + bz), r = σ(x Wr + h Ur + br),
 * ĥ = tanh(x Wh + (r ⊙ h) Uh + bh) — gru.ts's convention. Allocates the result.
 */
export function gruStepDense(w: DenseGru, x: Float32Array, h: Float32Array): Float32Array {
  const H = w.hidden;
  const H3 = 3 * H;
  const H2 = 2 * H;
  const gx = Float32Array.from(w.b);
  for (let i = 0; i < w.input; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * H3;
    for (let j = 0; j < H3; j++) gx[j] += xi * w.wx[row + j];
  }
  const gh = new Float32Array(H2);
  for (let i = 0; i < H; i++) {
    const hi = h[i];
    if (hi === 0) continue;
    const row = i * H2;
    for (let j = 0; j < H2; j++) gh[j] += hi * w.uzr[row + j];
  }
  const rh = new Float32Array(H);
  for (let j = 0; j < H; j++) rh[j] = sigmoid(gx[H + j] + gh[H + j]) * h[j];
  const cand = new Float32Array(H);
  for (let j = 0; j < H; j++) cand[j] = gx[H2 + j];
  for (let i = 0; i < H; i++) {
    const ri = rh[i];
    if (ri === 0) continue;
    const row = i * H;
    for (let j = 0; j < H; j++) cand[j] += ri * w.uh[row + j];
  }
  const out = new Float32Array(H);
  for (let j = 0; j < H; j++) {
    const z = sigmoid(gx[j] + gh[j]);
    out[j] = h[j] + z * (Math.tanh(cand[j]) - h[j]);
  }
  return out;
}

/** The recurrent state of one user between events. */
export interface RecurrentState {
  /** Session GRU state after the session's latest event. */
  h: Float32Array;
  /** Session GRU state before the latest event: after the second-to-last item (what training gives the user GRU). */
  hPrev: Float32Array;
  /** HRNN's user state (zeros for GRU4Rec and before a user's first finished session). */
  u: Float32Array;
}

export class StepModel {
  readonly kind: SequenceModelKind;
  readonly hidden: number;
  readonly userHidden: number;
  readonly itemIds: readonly string[];
  private readonly index: Map<string, number>;
  private readonly itemsIn: Float32Array;
  private readonly itemsOut: Float32Array;
  private readonly biasOut: Float32Array;
  private readonly embedding: number;
  private readonly session: DenseGru;
  private readonly user?: DenseGru;
  private readonly initW?: Float32Array;
  private readonly initB?: Float32Array;
  private readonly propagate: boolean;

  constructor(json: Pick<SequenceModelJson, 'config' | 'itemIds'>, weights: Record<string, { shape: number[]; values: Float32Array }>) {
    const c = json.config;
    const need = (name: string, size: number) => {
      const w = weights[name];
      if (!w || w.values.length !== size) throw new Error(`sequence model: weight ${name} missing or of the wrong size`);
      return w.values;
    };
    // Serving does not keep the user's earlier-session items with the state yet.
    if (c.seenInput) throw new Error('sequence model: the "seen in an earlier session" step feature is evaluation-only; train the served model without it');
    this.kind = c.kind;
    this.hidden = c.hidden;
    this.userHidden = c.userHidden;
    this.itemIds = json.itemIds;
    if (json.itemIds.length !== c.nItems) throw new Error(`sequence model: ${json.itemIds.length} item ids for ${c.nItems} items`);
    this.index = new Map(json.itemIds.map((id, i) => [id, i]));
    this.embedding = c.tied ? c.hidden : c.embedding;
    this.itemsOut = need('items_out', c.nItems * c.hidden);
    this.itemsIn = need('items_in', c.nItems * this.embedding);
    this.biasOut = need('bias_out', c.nItems);
    const hrnn = c.kind === 'hrnn';
    this.propagate = hrnn && c.propagate;
    const gru = (prefix: string, input: number, hidden: number): DenseGru => ({
      input,
      hidden,
      wx: need(`${prefix}/wx`, input * 3 * hidden),
      uzr: need(`${prefix}/uzr`, hidden * 2 * hidden),
      uh: need(`${prefix}/uh`, hidden * hidden),
      b: need(`${prefix}/b`, 3 * hidden),
    });
    this.session = gru('session', this.embedding + (this.propagate ? c.userHidden : 0), c.hidden);
    if (hrnn) {
      this.user = gru('user', c.hidden, c.userHidden);
      this.initW = need('init_w', c.userHidden * c.hidden);
      this.initB = need('init_b', c.hidden);
    }
  }

  get nItems(): number {
    return this.itemIds.length;
  }

  /** The item's row, or undefined for an item the model never saw (it never reaches the network). */
  itemIndex(id: string): number | undefined {
    return this.index.get(id);
  }

  /** A user with no history: zero states. */
  emptyState(): RecurrentState {
    return { h: new Float32Array(this.hidden), hPrev: new Float32Array(this.hidden), u: new Float32Array(this.userHidden) };
  }

  /**
   * One event: `item` (a row index) read in the state. `newSession`: the event starts a session;
   * `finished`: the session before it counts for the user GRU (HRNN; it had at least two items, as
   * every training session does). As network.ts: the user GRU takes the finished session's state
   * after its second-to-last item, a session starts from tanh(u W + b) (HRNN) or zeros (GRU4Rec).
   */
  step(state: RecurrentState, item: number, newSession: boolean, finished: boolean): RecurrentState {
    let u = state.u;
    let hIn = state.h;
    if (newSession) {
      if (this.user && this.initW && this.initB) {
        if (finished) u = gruStepDense(this.user, state.hPrev, state.u);
        hIn = this.initial(u);
      } else hIn = new Float32Array(this.hidden);
    }
    const emb = this.itemsIn.subarray(item * this.embedding, (item + 1) * this.embedding);
    let x: Float32Array = emb;
    if (this.propagate) {
      x = new Float32Array(this.embedding + this.userHidden);
      x.set(emb);
      x.set(u, this.embedding);
    }
    return { h: gruStepDense(this.session, x, hIn), hPrev: hIn, u };
  }

  /**
   * What a next session would start from after `state`, before its first item: HRNN's user GRU
   * takes the finished session when `finished` (it had at least two items), and the session state
   * is tanh(u W + b); GRU4Rec: zeros. `step(state, item, true, finished)` reads its first item from
   * exactly this. A user-level summary as of a cutoff (libs/sequences user-features.ts).
   */
  sessionStart(state: RecurrentState, finished: boolean): { h: Float32Array; u: Float32Array } {
    if (!this.user || !this.initW || !this.initB) return { h: new Float32Array(this.hidden), u: state.u };
    const u = finished ? gruStepDense(this.user, state.hPrev, state.u) : state.u;
    return { h: this.initial(u), u };
  }

  /** HRNN's session start state tanh(u W + b). */
  private initial(u: Float32Array): Float32Array {
    const W = this.initW as Float32Array;
    const out = Float32Array.from(this.initB as Float32Array);
    for (let i = 0; i < this.userHidden; i++) {
      const ui = u[i];
      if (ui === 0) continue;
      const row = i * this.hidden;
      for (let j = 0; j < this.hidden; j++) out[j] += ui * W[row + j];
    }
    for (let j = 0; j < this.hidden; j++) out[j] = Math.tanh(out[j]);
    return out;
  }

  /** Every item's score after state h: h · out_i + bias_i. */
  scores(h: Float32Array): Float32Array {
    const H = this.hidden;
    const out = new Float32Array(this.nItems);
    for (let i = 0; i < out.length; i++) {
      let s = this.biasOut[i];
      const row = i * H;
      for (let j = 0; j < H; j++) s += h[j] * this.itemsOut[row + j];
      out[i] = s;
    }
    return out;
  }
}

/** The k best rows of `scores`, best first; ties go to the lower index (items are indexed by train popularity). */
export function topK(scores: Float32Array, k: number): number[] {
  const n = Math.min(k, scores.length);
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (best.length === n && scores[i] <= scores[best[n - 1]]) continue;
    let p = best.length === n ? n - 1 : best.length;
    if (best.length < n) best.push(i);
    while (p > 0 && scores[best[p - 1]] < scores[i]) {
      best[p] = best[p - 1];
      p--;
    }
    best[p] = i;
  }
  return best;
}
