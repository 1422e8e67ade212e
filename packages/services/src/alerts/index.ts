export type { AlertRecord } from '@cronwise/db';
export * from './alert-dependencies';
export * from './alert-messages';
export * from './alert-policy-input';
export * from './deliver-alert';
export * from './evaluate-alerts';
export * from './list-alerts';
export * from './notification-channels';
export * from './send-to-channel';
