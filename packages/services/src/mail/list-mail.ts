import { listMailMessages, type MailMessageRecord, normaliseEmail } from '@cronwise/db';
import type { ServiceDependencies } from '../dependencies';

export const MAX_MAIL_PAGE_SIZE = 200;

/** The mail Cronwise wrote, newest first: the outbox when no SMTP server is configured. */
export function listMail(
  deps: Pick<ServiceDependencies, 'db'>,
  options: { limit: number; to?: string },
): Promise<MailMessageRecord[]> {
  return listMailMessages(deps.db, {
    limit: Math.min(options.limit, MAX_MAIL_PAGE_SIZE),
    ...(options.to ? { to: normaliseEmail(options.to) } : {}),
  });
}
