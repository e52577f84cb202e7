export * from './labels';
export * from './vocabulary';
export * from './rows';
export * from './csv-field';
export * from './csr';
export * from './random';
export * from './ids';
