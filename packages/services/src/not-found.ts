import { AppError, ErrorCode } from '@cronwise/domain';

/** The same answer for a missing id and another tenant's id: existence is never revealed. */
export function notFound(
  resource: 'job' | 'endpoint' | 'run' | 'API key' | 'notification channel',
  id: string,
): AppError {
  return new AppError(ErrorCode.NOT_FOUND, `${resource} ${id} was not found; check the id, or list your ${resource}s`);
}
