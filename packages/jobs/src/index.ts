export * from './boss';
export * from './occurrence-jobs';
export * from './payloads';
export * from './queues';
