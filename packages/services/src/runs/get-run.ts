import { findRunForUser, type RunRecord } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { notFound } from '../not-found';

/** One run with its full response capture and request snapshot. */
export async function getRun(deps: Pick<ServiceDependencies, 'db'>, actor: Actor, id: string): Promise<RunRecord> {
  const run = await findRunForUser(deps.db, actor.userId, id);
  if (!run) throw notFound('run', id);
  return run;
}
