/**
 * @cronwise/api: tRPC only. Procedure builders, context, routers (one folder per resource),
 * error mapping and OpenAPI metadata. Business rules live in @cronwise/services.
 */
export * from './context';
export * from './errors';
export * from './openapi';
export * from './router';
export { ACCEPTED_PROCEDURE_PATHS } from './routers/ai';
export { findUnstorableInput, responseHeadersFor } from './trpc';
