// Flows of steps: typed definitions, the in-process and BullMQ runners (one step executor, one
// history store), the lease for one run at a time, cron schedules and drift checks.
export * from './types';
export * from './store';
export * from './neo4j-store';
export * from './execute';
export * from './runner';
export * from './executor';
export * from './in-process';
export * from './bullmq';
export * from './lease';
export * from './schedule';
export * from './drift';
export * from './runs-table';
export * from './drift-inputs';
export * from './testing';
