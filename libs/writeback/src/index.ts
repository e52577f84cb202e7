// Runs and write-back proper: the run registry (with its one lifecycle, withRun), embeddings and
// segments written into a run, and publishing a model's embeddings as a served run. Reads for the
// API live in @graphrec/serving, CRM deliveries in @graphrec/crm.
export * from './errors';
export * from './runs';
export * from './with-run';
export * from './segments-writeback';
export * from './membership';
export * from './embedding-slots';
export * from './embeddings-writeback';
export * from './publish-embeddings';
export * from './ranker-run';
export * from './propensity-run';
export * from './sequence-run';
