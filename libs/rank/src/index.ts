export * from './xgboost';
export * from './side-info';
export * from './features';
export * from './extract';
export * from './generators';
export * from './label-split';
export * from './explain';
export * from './ranker';
