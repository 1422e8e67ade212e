import { type Executor, findOwnedChannelIds, Prisma } from '@cronwise/db';
import { type AlertPolicyInput, issue, normaliseAlertPolicy, validationError } from '@cronwise/domain';

/**
 * The stored form of an `alerts` body field: undefined keeps the stored policy, null clears it
 * (an endpoint then inherits its job's), an object is checked (numbers, and every channel must be
 * the caller's own: 400 naming the position otherwise).
 */
export async function prepareAlertPolicy(
  db: Executor,
  userId: string,
  input: AlertPolicyInput | null | undefined,
): Promise<Prisma.InputJsonObject | typeof Prisma.DbNull | undefined> {
  if (input === undefined) return undefined;
  if (input === null) return Prisma.DbNull;
  const normalised = normaliseAlertPolicy(input);
  if (!normalised.ok) throw validationError(normalised.issues);
  const { policy } = normalised;
  const owned = await findOwnedChannelIds(db, userId, policy.channelIds.filter(isUuid));
  const issues = input.channelIds.flatMap((id, index) =>
    owned.has(id)
      ? []
      : [
          issue(
            ['alerts', 'channelIds', index],
            `${id} is not one of your notification channels; create one with POST /notification-channels or list yours with GET /notification-channels`,
          ),
        ],
  );
  if (issues.length > 0) throw validationError(issues);
  return { ...policy };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
