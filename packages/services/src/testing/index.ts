// The engine's run-now and test use cases without the per-user rate limits that
// triggerEndpointRun and dispatchEndpointTest add: for tests only.
export { runEndpointNow, testEndpoint } from '../engine';
export * from './engine-harness';
export * from './planner-harness';
export * from './stripe-test-double';
export * from './target-server';
