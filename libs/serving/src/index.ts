// The reads the API serves from the current runs (related items, recommendations, ranking) and
// the explanations attached to them. Reads only, except decisions/: the served slots' decisions and
// their outcome counters (issue 11), the one store here that writes.
export * from './serving-types';
export * from './serving';
export * from './explain';
export * from './ranker-serving';
export * from './ranker-sequence';
export * from './ranker-explain';
export * from './answer-cache';
export * from './change-feed';
export * from './warm-up';
export * from './cached-serving';
export * from './decisions';
export * from './propensity';
export * from './sessions';
