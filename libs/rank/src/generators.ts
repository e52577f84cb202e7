import {
  CooccurrenceRecommender,
  EaseRecommender,
  IalsRecommender,
  ItemKnnRecommender,
  parseWeighting,
  PopularityRecommender,
  Rp3betaRecommender,
  RecommendOptions,
  Recommender,
  TrainData,
} from '@graphrec/recommend';
import { TimePopularityRecommender } from './time-popularity';

/**
 * Candidate generators: recommenders whose top-N lists are unioned into the ranker's candidates and
 * whose scores become features. Described by plain JSON (kind + options) so that a saved model's
 * manifest can rebuild exactly the generators it was trained with.
 */
export interface GeneratorSpec {
  /** Feature prefix; unique within a ranker. */
  name: string;
  /** Key of GENERATOR_KINDS. */
  kind: string;
  /** Top-N this generator contributes to the candidate union. */
  n: number;
  /**
   * Weight of this generator's relative score in the ranker's base margin (see RankerOptions.baseMargin);
   * when no spec sets one, the margin is 2 × the first generator's.
   */
  margin?: number;
  options?: Record<string, unknown>;
}

export type GeneratorFactory = (options: Record<string, unknown>) => Recommender;

/** Generator kinds a manifest may name. */
export const GENERATOR_KINDS: Record<string, GeneratorFactory> = {
  popularity: () => new PopularityRecommender(),
  cooccurrence: (o) => new CooccurrenceRecommender(o as { neighbours?: number; similarity?: 'cosine' | 'jaccard' }),
  // Weighting travels as its label ("binary", "log1p", "conf(a=1,e=1)") so manifests stay plain JSON.
  ease: (o) => new EaseRecommender({ lambda: o.lambda as number | undefined, dropout: o.dropout as number | undefined, weighting: parseWeighting(String(o.weighting ?? 'binary')) }),
  itemknn: (o) =>
    new ItemKnnRecommender({ neighbours: o.neighbours as number | 'all' | undefined, weighting: parseWeighting(String(o.weighting ?? 'binary')) }),
  ials: (o) => new IalsRecommender(o as { factors?: number; regularization?: number; alpha?: number; iterations?: number; seed?: number }),
  rp3beta: (o) => new Rp3betaRecommender(o as { alpha?: number; beta?: number; neighbours?: number | 'all' }),
  timepop: (o) => new TimePopularityRecommender(o as { window?: number }),
};

/**
 * EDLAE (EASE with a dropout-emphasised ridge, λ 200, p 0.4), unpruned item-kNN, smoothed
 * popularity, RP3beta and implicit ALS, each contributing its top 100 (popularity 50). EDLAE and
 * iALS start the trees from the sum of 2 × their relative scores (`margin`). Third pass (docs/rank.md):
 * chosen on the mean of five 90/10 validation carves of ML-100K train, where EDLAE beat EASE λ 500
 * alone and the EDLAE + iALS blend beat every blend holding RP3beta (still a candidate source and
 * features here, no longer in the margin). RP3beta and iALS settings were chosen alone on the
 * seed-42 75/25 carve (second pass).
 */
export const DEFAULT_GENERATORS: GeneratorSpec[] = [
  { name: 'ease', kind: 'ease', n: 100, margin: 2, options: { lambda: 200, dropout: 0.4, weighting: 'binary' } },
  { name: 'itemknn', kind: 'itemknn', n: 100, options: { neighbours: 'all', weighting: 'binary' } },
  { name: 'pop', kind: 'popularity', n: 50 },
  { name: 'rp3beta', kind: 'rp3beta', n: 100, options: { alpha: 0.8, beta: 0.4, neighbours: 200 } },
  { name: 'ials', kind: 'ials', n: 100, margin: 2, options: { factors: 64, regularization: 50, alpha: 5, iterations: 8 } },
];

export interface FittedGenerator {
  spec: GeneratorSpec;
  model: Recommender;
}

export async function fitGenerators(specs: readonly GeneratorSpec[], train: TrainData): Promise<FittedGenerator[]> {
  const names = new Set<string>();
  const out: FittedGenerator[] = [];
  for (const spec of specs) {
    if (names.has(spec.name)) throw new Error(`generator name ${spec.name} used twice`);
    names.add(spec.name);
    const factory = GENERATOR_KINDS[spec.kind];
    if (!factory) throw new Error(`unknown generator kind ${spec.kind}; known: ${Object.keys(GENERATOR_KINDS).join(', ')}`);
    const model = factory(spec.options ?? {});
    // Some recommenders (GraphSAGE, TensorFlow.js-backed ones) fit asynchronously; awaiting a
    // synchronous fit's undefined costs nothing.
    await model.fit(train);
    out.push({ spec, model });
  }
  return out;
}

export interface Candidates {
  items: Int32Array;
  /** Per generator, its score of each candidate. */
  scores: Float32Array[];
}

/**
 * The union of every generator's top-N unseen items for `user`, in ascending item order (so the
 * order carries no hint of any one generator), with every generator's score of every candidate.
 */
export function candidatesFor(generators: readonly FittedGenerator[], user: number, options?: RecommendOptions): Candidates {
  const pass = options ? { exclude: options.exclude, includeSeen: options.includeSeen } : undefined;
  const union = new Set<number>();
  for (const g of generators) for (const item of g.model.recommend(user, g.spec.n, pass)) union.add(item);
  const items = Int32Array.from(union).sort();
  return { items, scores: generators.map((g) => g.model.score(user, items)) };
}
