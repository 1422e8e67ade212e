import { revokeApiKeyForUser } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { Actor } from '../actor';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { ServiceDependencies } from '../dependencies';

export async function revokeApiKey(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  actor: Actor,
  id: string,
): Promise<void> {
  if (!(await revokeApiKeyForUser(deps.db, actor.userId, id, deps.clock.now()))) {
    throw new AppError(ErrorCode.NOT_FOUND, `API key ${id} was not found; list your keys to see their ids`);
  }
  await recordAuditEntry(deps.db, actor, { action: 'api-key.revoked', targetType: 'api-key', targetId: id });
}
