import type { Role, Tier } from '@cronwise/db';

export const API_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * Who is acting: the same user object whether a session cookie or an API key authenticated
 * the request. Services receive it explicitly and scope every query by `userId`.
 */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  role: Role;
  tier: Tier;
  /** Whether the owner confirmed the e-mail address (needed to create API keys). */
  isEmailVerified: boolean;
  /** The credential: a browser session, or an API key with its scopes. */
  credential: { kind: 'session'; sessionId: string } | { kind: 'api-key'; apiKeyId: string; scopes: ApiScope[] };
}

/** Sessions carry every scope; an `admin` key implies `write`, and `write` implies `read`. */
export function actorHasScope(actor: Actor, scope: ApiScope): boolean {
  if (actor.credential.kind === 'session') return true;
  const granted = actor.credential.scopes;
  if (granted.includes('admin')) return true;
  if (scope === 'read') return granted.includes('read') || granted.includes('write');
  return granted.includes(scope);
}
