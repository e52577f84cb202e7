// The served ranker on the connected-home graph (issue 10 §3): features, training on a time carve,
// model files, offline scorer. libs/serving loads it per served run.
export * from './state';
export * from './view';
export * from './features';
export * from './build';
export * from './train';
export * from './model';
export * from './scorer';
export * from './size';
