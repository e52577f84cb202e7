/** DI tokens. Every injection names its token: tsx emits no decorator metadata for Nest to infer types from. */
export const GRAPH_DB = Symbol('GRAPH_DB');
export const API_CONFIG = Symbol('API_CONFIG');
export const AVAILABILITY = Symbol('AVAILABILITY');
export const METRICS = Symbol('METRICS');
export const ADMISSION = Symbol('ADMISSION');
export const ANSWERS = Symbol('ANSWERS');
export const SERVED_FIELDS = Symbol('SERVED_FIELDS');
