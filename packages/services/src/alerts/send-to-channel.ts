import type { NotificationChannelWithSecret } from '@cronwise/db';
import { decryptSecret } from '../secrets/secret-box';
import type { AlertDependencies } from './alert-dependencies';
import type { AlertMessage } from './alert-messages';

export const ALERT_WEBHOOK_TIMEOUT_MS = 10_000;
const CAPTURE_LIMIT_BYTES = 2_048;

export interface ChannelDeliveryResult {
  isDelivered: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * Sends one message to one channel. Webhook and Slack posts go through the engine's dispatcher
 * (address policy on the resolved address, no redirects followed); a webhook is signed with the
 * channel's own key, scheme v2 as for endpoint calls, with `idempotencyKey` as Idempotency-Key.
 */
export async function sendToChannel(
  deps: Pick<AlertDependencies, 'dispatcher' | 'encryptionSecret' | 'clock' | 'accountMail'>,
  channel: NotificationChannelWithSecret,
  message: AlertMessage,
  idempotencyKey: string,
): Promise<ChannelDeliveryResult> {
  if (channel.kind === 'email') {
    const started = performance.now();
    try {
      await deps.accountMail.mailer.send({ to: channel.target, subject: message.subject, text: message.text });
      return { isDelivered: true, statusCode: null, durationMs: Math.round(performance.now() - started), error: null };
    } catch (error) {
      return {
        isDelivered: false,
        statusCode: null,
        durationMs: Math.round(performance.now() - started),
        error: `mail not sent: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500),
      };
    }
  }
  const secret = channel.secretEncrypted ? decryptSecret(channel.secretEncrypted, deps.encryptionSecret) : null;
  const isWebhook = channel.kind === 'webhook';
  const url = isWebhook ? channel.target : secret;
  if (!url || (isWebhook && (!secret || !channel.signingKeyId))) {
    return { isDelivered: false, statusCode: null, durationMs: 0, error: 'the channel has no usable URL or secret' };
  }
  const result = await deps.dispatcher.dispatch({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(isWebhook ? message.payload : { text: message.text }),
    timeoutMs: ALERT_WEBHOOK_TIMEOUT_MS,
    captureLimitBytes: CAPTURE_LIMIT_BYTES,
    signingKeys: isWebhook && secret && channel.signingKeyId ? [{ id: channel.signingKeyId, secret }] : [],
    isSigned: isWebhook,
    idempotencyKey,
    followRedirects: false,
    now: () => deps.clock.now(),
  });
  const isDelivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  return {
    isDelivered,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    error: isDelivered
      ? null
      : (result.error ?? `the channel answered HTTP ${result.statusCode}; a 2xx status is needed`),
  };
}
