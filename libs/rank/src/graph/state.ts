/**
 * The served ranker's two halves of input, kept apart on purpose:
 *
 * - `RankerState`: everything that only changes when a run is published — the product table,
 *   the candidate generators' state (co-occurrence cosines, EASE's B, co-holding counts; 30
 *   products make each a 900-number table) and the vocabularies of user attributes. Plain JSON,
 *   saved beside the booster and held in memory per served run.
 * - `UserInput`: what one user brings — attributes, held products, per-product event counts.
 *   Training builds it from the projected event log as of a cutoff; serving from ONE Neo4j read.
 *
 * `featureRows(state, input)` (features.ts) is the only function that turns them into model
 * input, so training, offline scoring and both serving answers (recommendations, rank) compute
 * the same numbers for the same pair.
 */

export interface ProductTable {
  ids: string[];
  names: string[];
  /** Category name per product ('' when unknown). */
  category: string[];
  /** NaN (stored as null in JSON) when unknown. */
  price: number[];
  /** Beta-smoothed buyers / interested users. */
  conversion: number[];
  /** Share of users holding the product (owning a device of it or having bought it). */
  popularity: number[];
  /** Days between the product's first event and `asOf`. */
  ageDays: number[];
  /** Per product, the indexes of the base products it works with (empty: a base product). */
  compatibleWith: number[][];
}

export interface GeneratorState {
  /** Item–item cosine of co-interaction (binary), products² row-major; scores = Σ over the user's products. */
  cooc: number[];
  /** EASE's B (products² row-major) over binary interactions, and the ridge it was fitted with. */
  ease: number[];
  easeLambda: number;
  /** Users holding both p and q (products² row-major) and users holding p: co-holding shares. */
  heldBoth: number[];
  holders: number[];
}

export interface RankerState {
  format: 'graphrec-graph-ranker-state';
  version: 1;
  /** The data's "now" (epoch ms): ages and recencies are measured from here, in training and serving. */
  asOf: number;
  products: ProductTable;
  generators: GeneratorState;
  /** Event types that make an interaction (positive projection weight); views and carts are counted apart. */
  interactionTypes: string[];
  vocab: { homeType: string[]; region: string[] };
  /** Categories where buying a held product again is common in the data (candidates keep held products there). */
  repeatCategories: string[];
  /** Per segment id, the share of its members holding each product (absent: no segments given). */
  segments?: Record<string, number[]>;
  /** Whether the embedding-cosine generator is part of the features (embeddings were given). */
  embeddings: boolean;
  /** Product embeddings (products × dimension, row-major) of the run the ranker was trained with. */
  productEmbeddings?: number[];
  dimension?: number;
  /** Whether the sequence model's score (seq_score, seq_rank) is part of the features (issue 12 §4). */
  sequence?: boolean;
}

/** One user's side of the features; dense per-product arrays (the catalogue is small). */
export interface UserInput {
  homeType: string | null;
  region: string | null;
  /** Epoch ms, NaN when unknown. */
  signupMs: number;
  segment: string | null;
  /** L2-normalised user embedding of the served run, or null (new user, no embeddings). */
  embedding: Float32Array | null;
  /** Products the user holds (owns a device of, or bought), ascending. */
  held: number[];
  /** Devices the user owns. */
  devices: number;
  /** Per product: product_view and add_to_cart events, latest view (epoch ms, NaN when none). */
  views: Float32Array;
  carts: Float32Array;
  lastView: Float64Array;
  /** Per product: 1 when the user has an interaction of an `interactionTypes` type with it. */
  interacted: Uint8Array;
  /** Latest event of any kind (epoch ms), NaN when none. */
  lastEvent: number;
  /**
   * Per product, the sequence model's score of it as the user's next item after their history
   * (libs/sequences `productScores`; NaN for a product the model does not know), or null.
   */
  sequence?: Float32Array | null;
}

export function emptyUserInput(products: number): UserInput {
  return {
    homeType: null,
    region: null,
    signupMs: Number.NaN,
    segment: null,
    embedding: null,
    held: [],
    devices: 0,
    views: new Float32Array(products),
    carts: new Float32Array(products),
    lastView: new Float64Array(products).fill(Number.NaN),
    interacted: new Uint8Array(products),
    lastEvent: Number.NaN,
  };
}

/** Candidates the ranker is trained on and serves: every product, held ones only in repeat-purchase categories. */
export function eligible(state: RankerState, input: UserInput, product: number): boolean {
  return !input.held.includes(product) || state.repeatCategories.includes(state.products.category[product]);
}
