export * from './boss';
export * from './payloads';
export * from './queues';
