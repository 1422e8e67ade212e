export * from './engine-harness';
export * from './planner-harness';
export * from './stripe-test-double';
export * from './target-server';
