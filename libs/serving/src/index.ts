// The reads the API serves from the current runs (related items, recommendations, ranking) and
// the explanations attached to them. Reads only: nothing here writes to Neo4j.
export * from './serving-types';
export * from './serving';
export * from './explain';
export * from './ranker-serving';
export * from './ranker-explain';
export * from './answer-cache';
export * from './change-feed';
export * from './warm-up';
export * from './cached-serving';
