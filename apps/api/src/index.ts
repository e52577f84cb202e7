export { startApi } from './server';
export type { RunningApi, StartApiOptions } from './server';
export { loadConfig } from './config/config';
export type { ApiConfig, ApiLimits } from './config/config';
