/**
 * @cronwise/domain: pure scheduling logic. No I/O, no environment, no clock, no randomness:
 * time and random numbers are parameters, so every function here is deterministic.
 */
export * from './address-policy';
export * from './alerts';
export * from './billing';
export { type CronExpression, type CronFields, parseCronExpression } from './cron-expression';
export * from './duration';
export * from './errors';
export * from './failure-backoff';
export * from './governor';
export * from './health';
export * from './health-histogram';
export * from './ip-address';
export * from './pause';
export * from './retry';
export * from './schedule';
export * from './signature';
export * from './tiers';
export * from './time-zone';
