// Deliveries to the CRM: the served segments as rows (full or delta), files in CSV/JSONL, and
// signed webhook pushes with resumable push state.
export * from './attributes';
export * from './rows';
export * from './format';
export * from './export';
export * from './backoff';
export * from './signature';
export * from './push-state';
export * from './webhook';
export * from './recommendations';
export * from './recommendations-delivery';
export * from './propensities';
