export * from './metrics-http-server';
export * from './server-metrics';
export * from './worker-metrics';
