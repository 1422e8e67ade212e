import { createAuditEntry, type Executor } from '@cronwise/db';
import type { Actor } from '../actor';

/** Who did what to which resource; the credential is recorded so key misuse can be traced. */
export async function recordAuditEntry(
  db: Executor,
  actor: Actor,
  entry: {
    action: string;
    targetType: string;
    targetId: string;
    details?: Record<string, string | number | boolean | null>;
  },
): Promise<void> {
  const credential = actor.credential.kind === 'api-key' ? { apiKeyId: actor.credential.apiKeyId } : { via: 'session' };
  await createAuditEntry(db, {
    userId: actor.userId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: { ...credential, ...entry.details },
  });
}
