export * from './session-store';
export * from './redis-session-store';
export * from './session-serving';
