import {
  type AlertPolicy,
  MAX_ALERT_CHANNELS,
  MAX_ALERT_RULE_RUNS,
  MAX_CONSECUTIVE_FAILURES_RULE,
  readAlertPolicy,
} from '@cronwise/domain';
import type { AlertRecord, ChannelDeliveryResult, NotificationChannel } from '@cronwise/services';
import { z } from 'zod';
import { idSchema, isoOrNull, strictInput } from './common';

const ruleWindowShape = {
  failures: z.number().int().min(1).max(MAX_ALERT_RULE_RUNS).meta({ description: 'Failed runs that open an incident' }),
  runs: z.number().int().min(1).max(MAX_ALERT_RULE_RUNS).meta({ description: 'Among this many latest runs' }),
};

/** The `alerts` field of job and endpoint bodies. */
export const alertPolicyInputSchema = strictInput({
  channelIds: z
    .array(idSchema)
    .max(MAX_ALERT_CHANNELS)
    .meta({ description: 'Your notification channels that receive these alerts (empty: recorded only)' }),
  afterConsecutiveFailures: z
    .number()
    .int()
    .min(1)
    .max(MAX_CONSECUTIVE_FAILURES_RULE)
    .nullable()
    .optional()
    .meta({ description: 'Open an incident after this many consecutive failed runs' }),
  failuresInLastRuns: strictInput(ruleWindowShape)
    .nullable()
    .optional()
    .meta({ description: 'Open an incident when `failures` of the last `runs` runs failed' }),
  onRecovery: z.boolean().optional().meta({ description: 'Notice when the incident closes (default true)' }),
  onAutoPause: z
    .boolean()
    .optional()
    .meta({ description: 'Alert when Cronwise pauses the endpoint after repeated failures (default true)' }),
  onQuotaExhausted: z
    .boolean()
    .optional()
    .meta({ description: 'Alert when a run is held because the monthly quota is spent (default true)' }),
  onAiPause: z
    .boolean()
    .optional()
    .meta({ description: 'Alert when the AI planner pauses the endpoint (default false)' }),
}).meta({
  description:
    'Alert policy. One alert per incident (not per failure) and a recovery notice when it closes. With neither rule set, an incident opens at the first failure. On an endpoint, null removes its own policy so the job’s applies.',
});

export const alertPolicySchema = z
  .object({
    channelIds: z.array(z.string()),
    afterConsecutiveFailures: z.number().int().nullable(),
    failuresInLastRuns: z.object({ failures: z.number().int(), runs: z.number().int() }).nullable(),
    onRecovery: z.boolean(),
    onAutoPause: z.boolean(),
    onQuotaExhausted: z.boolean(),
    onAiPause: z.boolean(),
  })
  .meta({ id: 'AlertPolicy' });

export function toAlertPolicyDto(stored: unknown): AlertPolicy | null {
  return readAlertPolicy(stored);
}

export const channelKindSchema = z.enum(['webhook', 'slack', 'email']);

export const notificationChannelSchema = z
  .object({
    id: z.string(),
    kind: channelKindSchema,
    name: z.string(),
    target: z.string().meta({
      description: 'webhook: the URL · slack: the URL with its secret part masked · email: the address',
    }),
    signingKeyId: z
      .string()
      .nullable()
      .meta({ description: 'webhook: the key id in Cronwise-Signature (v2=<keyId>:<hex>)' }),
    createdAt: z.string(),
  })
  .meta({ id: 'NotificationChannel' });

export const createdNotificationChannelSchema = notificationChannelSchema
  .extend({
    signingSecret: z.string().nullable().meta({
      description:
        'webhook: the HMAC secret that signs its alerts, shown only now; verify with verifySignature from @cronwise/sdk',
    }),
  })
  .meta({ id: 'CreatedNotificationChannel' });

export function toNotificationChannelDto(channel: NotificationChannel): z.infer<typeof notificationChannelSchema> {
  return {
    id: channel.id,
    kind: channel.kind,
    name: channel.name,
    target: channel.target,
    signingKeyId: channel.signingKeyId,
    createdAt: channel.createdAt.toISOString(),
  };
}

export const channelTestResultSchema = z
  .object({
    delivered: z.boolean(),
    statusCode: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The HTTP status the channel answered (webhook, slack)' }),
    durationMs: z.number().int(),
    error: z.string().nullable().meta({ description: 'Why it was not delivered' }),
  })
  .meta({ id: 'ChannelTestResult' });

export function toChannelTestResultDto(result: ChannelDeliveryResult): z.infer<typeof channelTestResultSchema> {
  return {
    delivered: result.isDelivered,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    error: result.error,
  };
}

export const alertKindSchema = z.enum(['failing', 'recovered', 'auto_paused', 'quota_exhausted', 'ai_paused']);

export const alertSchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    jobId: z.string(),
    kind: alertKindSchema,
    message: z.string(),
    isOpen: z.boolean().meta({ description: 'The incident is still going on (a recovery notice is never open)' }),
    resolvedAt: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    deliveries: z.array(
      z.object({
        id: z.string(),
        channelId: z.string().nullable().meta({ description: 'Null once the channel was deleted' }),
        channelKind: channelKindSchema,
        channelName: z.string(),
        status: z.enum(['pending', 'delivered', 'failed']).meta({
          description: 'pending: queued or being retried · delivered · failed: gave up after the last retry',
        }),
        attempts: z.number().int(),
        statusCode: z.number().int().nullable(),
        lastError: z.string().nullable(),
        deliveredAt: z.string().nullable(),
        updatedAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'Alert' });

export const alertPageSchema = z.object({ items: z.array(alertSchema), nextCursor: z.string().nullable() });

export function toAlertDto(alert: AlertRecord): z.infer<typeof alertSchema> {
  const details = alert.details;
  return {
    id: alert.id,
    endpointId: alert.endpointId,
    jobId: alert.jobId,
    kind: alert.kind,
    message: alert.message,
    isOpen: alert.openKey !== null,
    resolvedAt: isoOrNull(alert.resolvedAt),
    details:
      details && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>) : {},
    createdAt: alert.createdAt.toISOString(),
    deliveries: alert.deliveries.map((delivery) => ({
      id: delivery.id,
      channelId: delivery.channelId,
      channelKind: delivery.channelKind,
      channelName: delivery.channelName,
      status: delivery.status,
      attempts: delivery.attempts,
      statusCode: delivery.statusCode,
      lastError: delivery.lastError,
      deliveredAt: isoOrNull(delivery.deliveredAt),
      updatedAt: delivery.updatedAt.toISOString(),
    })),
  };
}
