export * from './errors';
export * from './interactions';
export * from './readers';
export * from './random';
export * from './splits';
export * from './metrics';
export * from './report';
export * from './datasets';
