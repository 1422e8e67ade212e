export * from './apply-migrations';
export * from '../embedded-postgres';
