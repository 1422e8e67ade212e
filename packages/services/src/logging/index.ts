export * from './log-redaction';
