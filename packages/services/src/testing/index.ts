export * from './engine-harness';
export * from './planner-harness';
export * from './target-server';
