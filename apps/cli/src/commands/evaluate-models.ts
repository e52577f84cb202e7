/**
 * The models `graphrec evaluate --models` can name, each with the hyper-parameter grid chosen on a
 * validation carve of train (libs/eval tuneOnValidation). Adding a model is one line:
 * `registerModel('ranker', { description, grid: {}, make: () => new Ranker() })`.
 */
import type { Interactions, ModelGrid, Setting } from '@graphrec/eval';
import { GraphSageRecommender } from '@graphrec/gnn';
import { RankerRecommender, readMovielensSideInfo } from '@graphrec/rank';
import {
  CooccurrenceRecommender,
  EaseRecommender,
  ItemKnnRecommender,
  parseWeighting,
  PopularityRecommender,
  Recommender,
} from '@graphrec/recommend';

/** What a model may use beyond the train matrix: the train split's events and the input's side files. */
export interface ModelContext {
  train: Interactions;
  path: string;
  format: 'movielens' | 'interactions';
}

export interface ModelEntry extends ModelGrid {
  description: string;
  make(setting: Setting, context?: ModelContext): Recommender;
}

/**
 * Weightings tried per dataset. conf(a=2,e=1): a count of 1 weighs 1 + 2·ln 2 ≈ 2.4, of 100
 * about 10 — the tail compressed harder than log1p but every interaction kept above 1.
 */
export const WEIGHTINGS = ['binary', 'log1p', 'conf(a=2,e=1)'] as const;

/**
 * EASE's ridge: the walk starts at 500 (best on MovieLens 100K) and moves while validation
 * improves. The optimum grows with the data (the Gram diagonal is the item's interaction mass),
 * hence values up to 10⁵: on the 450,000-interaction synthetic set the walk reached 20,000.
 */
export const EASE_LAMBDAS = [500, 20, 50, 100, 200, 1000, 2000, 5000, 10000, 20000, 50000, 100000] as const;

/** Item-kNN neighbourhoods: unpruned first, then fixed cuts for comparison. */
export const ITEMKNN_NEIGHBOURS = ['all', 50, 200, 800] as const;

export const MODELS: Record<string, ModelEntry> = {
  popularity: { description: 'Beta-smoothed share of users', grid: {}, make: () => new PopularityRecommender() },
  cooccurrence: { description: 'binary co-occurrence cosine, top 50 neighbours', grid: {}, make: () => new CooccurrenceRecommender() },
  // GraphSAGE carves its own validation edges inside fit (early stopping) and trains with its seed fixed.
  graphsage: { description: 'GraphSAGE embeddings (libs/gnn)', grid: {}, make: () => new GraphSageRecommender() },
  ease: {
    description: 'EASE, dense closed form',
    grid: { weighting: WEIGHTINGS, lambda: EASE_LAMBDAS },
    make: (s) => new EaseRecommender({ lambda: Number(s.lambda ?? EASE_LAMBDAS[0]), weighting: parseWeighting(String(s.weighting ?? 'binary')) }),
  },
  itemknn: {
    description: 'item-kNN, weighted cosine',
    grid: { weighting: WEIGHTINGS, neighbours: ITEMKNN_NEIGHBOURS },
    make: (s) =>
      new ItemKnnRecommender({
        neighbours: s.neighbours === undefined || s.neighbours === 'all' ? 'all' : Number(s.neighbours),
        weighting: parseWeighting(String(s.weighting ?? 'binary')),
      }),
  },
};

// The learned ranker (libs/rank, XGBoost LambdaMART over EASE, item-kNN, popularity, RP3beta and iALS
// candidates, boosting from a blend of EASE, RP3beta and iALS):
// it carves its own labels and validation users out of train, so it needs no grid here; the train
// events give it recency, MovieLens' u.user / u.item demographics and genres.
MODELS.ranker = {
  description: 'LambdaMART (XGBoost) over EASE + item-kNN + popularity + RP3beta + iALS candidates',
  grid: {},
  make: (_setting, context) =>
    new RankerRecommender({
      events: context?.train,
      side: context?.format === 'movielens' ? readMovielensSideInfo(context.path, context.train.userIds, context.train.itemIds) : undefined,
    }),
};

export function registerModel(name: string, entry: ModelEntry): void {
  if (name in MODELS) throw new Error(`model '${name}' is already registered`);
  MODELS[name] = entry;
}
