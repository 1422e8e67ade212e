import { type AlertRecord, decodeAlertCursor, listAlertsForUser } from '@cronwise/db';
import { issue, validationError } from '@cronwise/domain';
import type { Actor } from '../actor';
import { requireEndpoint } from '../endpoints/get-endpoint';
import type { AlertDependencies } from './alert-dependencies';

export const MAX_ALERTS_PAGE_SIZE = 200;

export interface ListAlertsQuery {
  endpointId?: string;
  limit: number;
  cursor?: string;
}

/** The actor's alerts (or one endpoint's), newest first, keyset-paginated: pass nextCursor back as cursor. */
export async function listAlerts(
  deps: Pick<AlertDependencies, 'db'>,
  actor: Actor,
  query: ListAlertsQuery,
): Promise<{ items: AlertRecord[]; nextCursor: string | null }> {
  if (query.endpointId) await requireEndpoint(deps.db, actor, query.endpointId);
  if (query.cursor && !decodeAlertCursor(query.cursor)) {
    throw validationError([
      issue(['cursor'], 'is not a cursor from a previous page; omit it to start from the newest alert'),
    ]);
  }
  return listAlertsForUser(deps.db, actor.userId, {
    ...(query.endpointId ? { endpointId: query.endpointId } : {}),
    limit: Math.min(query.limit, MAX_ALERTS_PAGE_SIZE),
    cursor: query.cursor,
  });
}
