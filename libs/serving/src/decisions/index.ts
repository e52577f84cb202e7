export * from './types';
export * from './decision-store';
export * from './decision-writer';
export * from './served-decisions';
export * from './export-decisions';
export * from './user-contexts';
export * from './posterior-store';
export * from './redis-posterior-store';
