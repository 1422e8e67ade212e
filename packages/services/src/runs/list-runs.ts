import { decodeRunCursor, listRunsForEndpoint, type RunStatus, type RunSummary } from '@cronwise/db';
import { issue, validationError } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { requireEndpoint } from '../endpoints/get-endpoint';

export const MAX_RUNS_PAGE_SIZE = 200;

export interface ListRunsQuery {
  limit: number;
  cursor?: string;
  status?: RunStatus;
  source?: string;
  from?: Date;
  to?: Date;
}

/** Newest first, keyset-paginated: pass `nextCursor` back as `cursor` for the next page. */
export async function listRuns(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  endpointId: string,
  query: ListRunsQuery,
): Promise<{ items: RunSummary[]; nextCursor: string | null }> {
  await requireEndpoint(deps.db, actor, endpointId);
  if (query.cursor && !decodeRunCursor(query.cursor)) {
    throw validationError([
      issue(['cursor'], 'is not a cursor from a previous page; omit it to start from the newest run'),
    ]);
  }
  if (query.from && query.to && query.from.getTime() >= query.to.getTime()) {
    throw validationError([issue(['to'], 'must be after from')]);
  }
  return listRunsForEndpoint(deps.db, actor.userId, endpointId, {
    ...query,
    limit: Math.min(query.limit, MAX_RUNS_PAGE_SIZE),
  });
}
