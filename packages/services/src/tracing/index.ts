export * from './tracing';
export * from './tracing-environment';
