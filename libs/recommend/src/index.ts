export * from './recommender';
export * from './topk';
export * from './sparse';
export * from './popularity';
export * from './cooccurrence';
