/** DI tokens. Every injection names its token: tsx emits no decorator metadata for Nest to infer types from. */
export const GRAPH_DB = Symbol('GRAPH_DB');
export const API_CONFIG = Symbol('API_CONFIG');
export const AVAILABILITY = Symbol('AVAILABILITY');
export const METRICS = Symbol('METRICS');
export const ADMISSION = Symbol('ADMISSION');
export const ANSWERS = Symbol('ANSWERS');
/** The database without the request guard: background work (polls, refreshes, warm-ups) that is no request's statement. */
export const BACKGROUND_DB = Symbol('BACKGROUND_DB');
