export * from '../embedded-postgres';
export * from './apply-migrations';
export * from './check-drift';
export * from './pending-migrations';
