/**
 * One reading of the API's error body (packages/api/src/errors.ts: `{ code, message, httpStatus,
 * issues?, limit? }`, carried in tRPC's `error.data.error`) for every page, so no page guesses.
 */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

export interface ApiErrorView {
  code: string;
  message: string;
  httpStatus: number | null;
  issues: FieldIssue[];
  limit: string | null;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

export function readApiError(error: unknown): ApiErrorView {
  const root = asRecord(error);
  const data = asRecord(root?.data);
  const body = asRecord(data?.error);
  const rawIssues = Array.isArray(body?.issues) ? body.issues : [];
  const issues = rawIssues.flatMap((issue): FieldIssue[] => {
    const found = asRecord(issue);
    if (!found || typeof found.message !== 'string' || !Array.isArray(found.path)) return [];
    return [
      {
        path: found.path.filter((part) => typeof part === 'string' || typeof part === 'number'),
        message: found.message,
      },
    ];
  });
  const message =
    (typeof body?.message === 'string' && body.message) ||
    (typeof root?.message === 'string' && root.message) ||
    'The request failed; check your connection and try again.';
  return {
    code: typeof body?.code === 'string' ? body.code : typeof data?.code === 'string' ? data.code : 'UNKNOWN',
    message: /^Failed to fetch|NetworkError|Load failed/.test(message)
      ? 'Cronwise could not be reached; check your connection and try again.'
      : message,
    httpStatus:
      typeof body?.httpStatus === 'number'
        ? body.httpStatus
        : typeof data?.httpStatus === 'number'
          ? data.httpStatus
          : null,
    issues,
    limit: typeof body?.limit === 'string' ? body.limit : null,
  };
}

export function isUnauthenticated(error: unknown): boolean {
  const view = readApiError(error);
  return view.code === 'UNAUTHENTICATED' || view.code === 'UNAUTHORIZED' || view.httpStatus === 401;
}

export function isNotFound(error: unknown): boolean {
  const view = readApiError(error);
  return view.code === 'NOT_FOUND' || view.httpStatus === 404;
}

/**
 * Groups issues by field path ("schedule.cron", "headers.0.name") so a form shows each message
 * beside its field; issues without a path go under "".
 */
export function issuesByField(issues: FieldIssue[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.join('.');
    grouped[key] ??= [];
    grouped[key].push(issue.message);
  }
  return grouped;
}
