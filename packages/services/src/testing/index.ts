export * from './engine-harness';
export * from './planner-harness';
export * from './target-server';
export * from './stripe-test-double';
