export * from './engine-harness';
export * from './target-server';
