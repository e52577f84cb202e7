export * from './recommender';
export * from './topk';
export * from './popularity';
export * from './cooccurrence';
export * from './product-stats';
export * from './holdout';
export * from './holdout-related';
