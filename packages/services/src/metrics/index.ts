export * from './metrics-http-server';
export * from './planner-session-usage';
export * from './server-metrics';
export * from './worker-metrics';
