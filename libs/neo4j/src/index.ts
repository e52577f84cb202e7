export * from './client';
export * from './config';
export * from './cypher-files';
export * from './migrate';
export * from './repo-root';
