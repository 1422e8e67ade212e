import {
  type EndpointRecord,
  type Transaction,
  type UpdateEndpointData,
  updateEndpointForUser,
  withTransaction,
} from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { rescheduleEndpoint } from '../engine';
import { notFound } from '../not-found';
import { requireEndpoint } from './get-endpoint';

/**
 * The shape of every endpoint change: load the actor's endpoint, derive the new fields, write
 * them and re-plan, all in one transaction, so the queued occurrence always matches the row.
 */
export function changeEndpoint(
  deps: ServiceDependencies,
  actor: Actor,
  id: string,
  change: (endpoint: EndpointRecord, tx: Transaction) => UpdateEndpointData | Promise<UpdateEndpointData>,
): Promise<EndpointRecord> {
  return withTransaction(deps.db, async (tx) => {
    const endpoint = await requireEndpoint(tx, actor, id);
    const data = await change(endpoint, tx);
    if (!(await updateEndpointForUser(tx, actor.userId, id, data))) throw notFound('endpoint', id);
    return rescheduleEndpoint(deps, tx, id);
  });
}
