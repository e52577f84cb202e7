/**
 * What the serving reads return: related items, recommendations and rankings read from the current
 * embeddings run (blue/green property slots, SIMILAR_TO tagged with the run id), with an explanation
 * from the graph on every item. The API's resolvers map these to GraphQL types one to one.
 */

/** One piece of evidence behind a recommended item, structured for the explorer and as text. */
export interface Evidence {
  /**
   * co-engagement: users who engaged with `productId` also engaged with the item (share of them);
   * owns / purchased / viewed: the user's own history that the item is close to;
   * popular: Beta-smoothed conversion rate (cold start);
   * similar: embedding similarity to `productId`;
   * segment: held by a large share of the user's segment; substitute: same category as `productId`,
   * which the user has (ranker only, where the data says such second purchases sell).
   */
  kind: 'co-engagement' | 'owns' | 'purchased' | 'viewed' | 'popular' | 'similar' | 'segment' | 'substitute';
  productId?: string;
  productName?: string;
  /** A fraction 0..1 (e.g. 0.62 of owners also bought it), where meaningful. */
  share?: number;
  /** A count of users or events, where meaningful. */
  count?: number;
  text: string;
}

export interface ScoredItem {
  productId: string;
  name: string;
  category: string | null;
  /** Higher is better; comparable within one answer only. */
  score: number;
  /** 1-based position in the answer. */
  rank: number;
  /** One sentence for a person, e.g. "owns Video Doorbell Pro; 62% of its owners also bought Chime Pro". */
  explanation: string;
  evidence: Evidence[];
  /** The user already has it (owns a device of it or bought it); only listed when asked (rank, includeOwned). */
  owned: boolean;
}

/**
 * How a user's answer was produced. `ranker`: the learned ranker trained for the served run
 * (graph features, model explanations); `embeddings`: the user's trained embedding; `history`: a
 * user unknown to the run (new since training) embedded as the mean of the products it touched;
 * `popularity`: no usable history at all (Beta-smoothed conversion rates).
 */
export type ServingStrategy = 'ranker' | 'embeddings' | 'history' | 'popularity';

/**
 * nextInSession (sessions/session-serving.ts): `session`, the sequence model's scores after the
 * open session's last item; `session-popularity`, no open session: the model's items by train
 * popularity (spop of an empty session).
 */
export type SessionStrategy = 'session' | 'session-popularity';

export interface RelatedFilter {
  /** Only products in these categories. */
  categories?: string[];
  /** Never return these products. */
  excludeProductIds?: string[];
}

export interface UserFilter {
  /** Leave out products the user owns a device of (default true). */
  excludeOwned?: boolean;
  /** Leave out products the user bought (default true). */
  excludePurchased?: boolean;
  categories?: string[];
}

export interface UserAnswer {
  userId: string;
  /** The embeddings run the answer came from; null when no embeddings run has completed yet. */
  runId: string | null;
  strategy: ServingStrategy | SessionStrategy;
  items: ScoredItem[];
}

export interface RelatedAnswer {
  productId: string;
  runId: string | null;
  items: ScoredItem[];
}
