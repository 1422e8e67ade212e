import { createNotificationChannel as createNotificationChannelService } from '@cronwise/services';
import { z } from 'zod';
import { channelKindSchema, createdNotificationChannelSchema, toNotificationChannelDto } from '../../dto/alert-dto';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const createNotificationChannel = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/notification-channels',
      tags: ['alerts'],
      summary:
        'Add a notification channel: a signed webhook, a Slack-compatible incoming webhook, or an e-mail address',
      description:
        'webhook: alerts are POSTed as JSON `{ type, alert }`, signed like calls to your endpoints (Cronwise-Signature v2, Idempotency-Key = delivery id) with this channel’s own secret, returned once as signingSecret. slack: POSTs `{ text }` to an incoming-webhook URL (stored encrypted, shown masked). email: sent over SMTP (SMTP_URL), or kept in the mail outbox without it. URLs must be public addresses (TARGET_ALLOWLIST opens others). Then name the channel in a job’s or endpoint’s `alerts.channelIds`.',
    },
  })
  .input(
    strictInput({
      kind: channelKindSchema,
      name: z.string().trim().min(1).max(200),
      url: z
        .string()
        .min(1)
        .max(2048)
        .optional()
        .meta({ description: 'webhook and slack: where to POST', example: 'https://hooks.example.com/cronwise' }),
      email: z
        .string()
        .min(3)
        .max(320)
        .optional()
        .meta({ description: 'email: the address', example: 'ops@example.com' }),
    }),
  )
  .output(createdNotificationChannelSchema)
  .mutation(async ({ ctx, input }) => {
    const created = await createNotificationChannelService(ctx.deps, ctx.actor, input);
    return { ...toNotificationChannelDto(created.channel), signingSecret: created.signingSecret };
  });
