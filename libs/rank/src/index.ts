export * from './xgboost';
