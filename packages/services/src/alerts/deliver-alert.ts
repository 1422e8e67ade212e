import { type AlertKind, findAlertDelivery, findChannelSecretsById, recordAlertDeliveryAttempt } from '@cronwise/db';
import type { AlertDependencies } from './alert-dependencies';
import { renderAlert } from './alert-messages';
import { sendToChannel } from './send-to-channel';

export type DeliverAlertOutcome = 'delivered' | 'already-delivered' | 'gone' | 'failed';

/** Thrown after a failed attempt so the queue retries it with backoff. */
export class AlertDeliveryFailedError extends Error {
  override name = 'AlertDeliveryFailedError';
}

/**
 * One attempt at one delivery (the `deliver-alert` handler). Idempotent: a delivered one is not
 * sent again. Every attempt is counted on the row; a failure throws so pg-boss retries with
 * backoff, and the row says `failed` only after the last attempt (`pending` until then).
 */
export async function deliverAlert(
  deps: AlertDependencies,
  deliveryId: string,
  options: { isLastAttempt: boolean },
): Promise<DeliverAlertOutcome> {
  const delivery = await findAlertDelivery(deps.db, deliveryId);
  if (!delivery) return 'gone';
  if (delivery.status === 'delivered') return 'already-delivered';
  const channel = delivery.channelId ? await findChannelSecretsById(deps.db, delivery.channelId) : null;
  if (!channel) {
    await recordAlertDeliveryAttempt(deps.db, deliveryId, {
      status: 'failed',
      statusCode: null,
      lastError: 'the channel was deleted before the alert could be delivered',
      deliveredAt: null,
    });
    return 'gone';
  }
  const { alert } = delivery;
  const message = renderAlert(
    {
      id: alert.id,
      kind: alert.kind as AlertKind,
      message: alert.message,
      createdAt: alert.createdAt,
      endpoint: { id: alert.endpointId, name: alert.endpoint.name, url: alert.endpoint.url },
      jobId: alert.jobId,
      details: alert.details,
    },
    deps.accountMail.publicUrl,
  );
  const result = await sendToChannel(deps, channel, message, delivery.id);
  await recordAlertDeliveryAttempt(deps.db, deliveryId, {
    status: result.isDelivered ? 'delivered' : options.isLastAttempt ? 'failed' : 'pending',
    statusCode: result.statusCode,
    lastError: result.error,
    deliveredAt: result.isDelivered ? deps.clock.now() : null,
  });
  if (!result.isDelivered) {
    throw new AlertDeliveryFailedError(
      `alert delivery ${deliveryId} to ${channel.kind} channel failed: ${result.error}`,
    );
  }
  return 'delivered';
}
