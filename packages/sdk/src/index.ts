/**
 * @cronwise/sdk: a typed client for the Cronwise REST API (generated from its OpenAPI document)
 * and `verifySignature` for receivers of Cronwise's signed requests. Self-contained: it depends
 * on openapi-fetch only.
 */
export {
  type CronwiseClient,
  type CronwiseClientOptions,
  createCronwiseClient,
  type IterateRunsQuery,
} from './client.js';
export {
  CRONWISE_ERROR_CODES,
  CronwiseApiError,
  type CronwiseErrorCode,
  type CronwiseErrorIssue,
  isCronwiseError,
} from './errors.js';
export type { components, operations, paths } from './generated/schema.js';
export { parseRetryAfter, type RetryOptions } from './retry.js';
export {
  DEFAULT_TOLERANCE_SECONDS,
  type ReceivedRequest,
  SIGNATURE_HEADER,
  type SigningSecrets,
  TIMESTAMP_HEADER,
  type VerificationFailureReason,
  type VerificationResult,
  type VerifyOptions,
  verifySignature,
} from './signature.js';
export type * from './types.js';
