import { randomBytes, randomUUID } from 'node:crypto';
import {
  countNotificationChannelsForUser,
  deleteNotificationChannelForUser,
  findChannelSecretsById,
  findNotificationChannelForUser,
  createNotificationChannel as insertNotificationChannel,
  listNotificationChannelsForUser,
  type NotificationChannelKind,
  type NotificationChannelRecord,
  withTransaction,
} from '@cronwise/db';
import { AppError, ErrorCode, issue, validationError } from '@cronwise/domain';
import type { Actor } from '../actor';
import { assertTargetAllowed } from '../endpoints/endpoint-settings';
import { notFound } from '../not-found';
import { encryptSecret } from '../secrets/secret-box';
import type { AlertDependencies } from './alert-dependencies';
import { renderAlert } from './alert-messages';
import { type ChannelDeliveryResult, sendToChannel } from './send-to-channel';

export const MAX_NOTIFICATION_CHANNELS = 20;
export const NOTIFICATION_CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;
const MAX_CHANNEL_URL_LENGTH = 2_048;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A channel as the API accepts it: `url` for webhook and slack, `email` for email. */
export interface NotificationChannelInput {
  kind: NotificationChannelKind;
  name: string;
  url?: string | undefined;
  email?: string | undefined;
}

export type NotificationChannel = NotificationChannelRecord;

/** The created channel; a webhook's signing secret is returned this once (it is stored encrypted). */
export interface CreatedNotificationChannel {
  channel: NotificationChannel;
  signingSecret: string | null;
}

/**
 * Adds a channel. URLs pass the same save-time address check as endpoint URLs (the dispatcher
 * checks the resolved address again at every delivery). A webhook gets its own signing key; a
 * Slack URL is a credential, so it is stored encrypted and shown masked.
 */
export async function createNotificationChannel(
  deps: Pick<AlertDependencies, 'db' | 'encryptionSecret' | 'targetAllowlist'>,
  actor: Actor,
  input: NotificationChannelInput,
): Promise<CreatedNotificationChannel> {
  const prepared = prepareChannel(input, deps);
  return withTransaction(deps.db, async (tx) => {
    const count = await countNotificationChannelsForUser(tx, actor.userId);
    if (count >= MAX_NOTIFICATION_CHANNELS) {
      throw new AppError(
        ErrorCode.PLAN_LIMIT_EXCEEDED,
        `you have ${count} notification channels, the most an account may have; delete one first`,
        { limit: 'notificationChannels' },
      );
    }
    const channel = await insertNotificationChannel(tx, { userId: actor.userId, ...prepared.data });
    return { channel, signingSecret: prepared.signingSecret };
  });
}

function prepareChannel(
  input: NotificationChannelInput,
  deps: Pick<AlertDependencies, 'encryptionSecret' | 'targetAllowlist'>,
): {
  data: {
    kind: NotificationChannelKind;
    name: string;
    target: string;
    signingKeyId: string | null;
    secretEncrypted: string | null;
  };
  signingSecret: string | null;
} {
  const name = input.name.trim();
  if (name.length === 0) throw validationError([issue(['name'], 'must not be empty')]);
  if (input.kind === 'email') {
    if (input.url !== undefined) throw validationError([issue(['url'], 'an email channel takes email, not url')]);
    const email = (input.email ?? '').trim();
    if (!EMAIL_PATTERN.test(email) || email.length > 320) {
      throw validationError([
        issue(['email'], `'${input.email}' is not an e-mail address; write e.g. ops@example.com`),
      ]);
    }
    return {
      data: { kind: 'email', name, target: email, signingKeyId: null, secretEncrypted: null },
      signingSecret: null,
    };
  }
  if (input.email !== undefined) {
    throw validationError([issue(['email'], `a ${input.kind} channel takes url, not email`)]);
  }
  if (input.url === undefined) {
    throw validationError([issue(['url'], `a ${input.kind} channel needs the URL to post alerts to`)]);
  }
  const url = checkChannelUrl(input.url);
  assertTargetAllowed(url.href, deps.targetAllowlist);
  if (input.kind === 'slack') {
    return {
      data: {
        kind: 'slack',
        name,
        target: maskSlackUrl(url),
        signingKeyId: null,
        secretEncrypted: encryptSecret(url.href, deps.encryptionSecret),
      },
      signingSecret: null,
    };
  }
  const signingSecret = `whsec_${randomBytes(32).toString('base64url')}`;
  return {
    data: {
      kind: 'webhook',
      name,
      target: url.href,
      signingKeyId: `ch_${randomBytes(9).toString('base64url')}`,
      secretEncrypted: encryptSecret(signingSecret, deps.encryptionSecret),
    },
    signingSecret,
  };
}

function checkChannelUrl(raw: string): URL {
  if (raw.length > MAX_CHANNEL_URL_LENGTH) {
    throw validationError([issue(['url'], `is ${raw.length} characters; the limit is ${MAX_CHANNEL_URL_LENGTH}`)]);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw validationError([
      issue(['url'], `'${raw}' is not an absolute URL; write e.g. https://hooks.example.com/cronwise`),
    ]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw validationError([
      issue(['url'], `only http and https URLs can be called; got ${url.protocol.replace(':', '')}`),
    ]);
  }
  if (url.username || url.password) {
    throw validationError([
      issue(['url'], 'remove the credentials from the URL; webhooks are authenticated by their signature'),
    ]);
  }
  return url;
}

/** `https://hooks.slack.com/services/…`: enough to recognise the channel, not enough to post to it. */
export function maskSlackUrl(url: URL): string {
  const firstSegment = url.pathname.split('/').filter(Boolean)[0];
  return `${url.origin}/${firstSegment ? `${firstSegment}/` : ''}…`;
}

export function listNotificationChannels(
  deps: Pick<AlertDependencies, 'db'>,
  actor: Actor,
): Promise<NotificationChannel[]> {
  return listNotificationChannelsForUser(deps.db, actor.userId);
}

export async function getNotificationChannel(
  deps: Pick<AlertDependencies, 'db'>,
  actor: Actor,
  id: string,
): Promise<NotificationChannel> {
  const channel = await findNotificationChannelForUser(deps.db, actor.userId, id);
  if (!channel) throw notFound('notification channel', id);
  return channel;
}

/** Deletes a channel and removes it from the owner's alert policies; past deliveries keep its name. */
export async function deleteNotificationChannel(
  deps: Pick<AlertDependencies, 'db'>,
  actor: Actor,
  id: string,
): Promise<void> {
  const isDeleted = await withTransaction(deps.db, (tx) => deleteNotificationChannelForUser(tx, actor.userId, id));
  if (!isDeleted) throw notFound('notification channel', id);
}

/** Sends a test message now (not through the queue) and reports what happened. */
export async function testNotificationChannel(
  deps: AlertDependencies,
  actor: Actor,
  id: string,
): Promise<ChannelDeliveryResult> {
  await getNotificationChannel(deps, actor, id);
  const channel = await findChannelSecretsById(deps.db, id);
  if (!channel) throw notFound('notification channel', id);
  const testId = randomUUID();
  const message = renderAlert(
    {
      id: testId,
      kind: 'test',
      message: `This is a test from Cronwise: alerts sent to "${channel.name}" arrive like this.`,
      createdAt: deps.clock.now(),
      endpoint: null,
      jobId: null,
      details: {},
    },
    deps.accountMail.publicUrl,
  );
  return sendToChannel(deps, channel, message, `test-${testId}`);
}
