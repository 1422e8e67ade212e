import type { AccountMailSettings } from '../dependencies';
import type { EngineDependencies } from '../engine/contract';

/**
 * What alerting touches: the database and queue, the dispatcher (webhooks go through the same
 * SSRF guard and DNS-rebinding check as calls to endpoints), the secret box, and the mailer
 * (SMTP, or the mail_messages outbox). The server and the worker both provide it.
 */
export type AlertDependencies = Pick<
  EngineDependencies,
  'db' | 'boss' | 'clock' | 'dispatcher' | 'encryptionSecret' | 'targetAllowlist'
> & { accountMail: Pick<AccountMailSettings, 'mailer' | 'publicUrl'> };
