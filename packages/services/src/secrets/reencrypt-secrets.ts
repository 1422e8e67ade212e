import {
  type Database,
  listEndpointHeaders,
  listNotificationChannelSecrets,
  listSigningKeySecrets,
  type Prisma,
  replaceEndpointHeaders,
  replaceNotificationChannelSecret,
  replaceSigningKeySecret,
} from '@cronwise/db';
import {
  decryptSecret,
  type EncryptionSecrets,
  encryptSecret,
  isEncryptedSecret,
  needsReencryption,
} from './secret-box';

export interface ReencryptionReport {
  signingKeys: { reencrypted: number; current: number };
  endpointHeaders: { reencrypted: number; current: number };
  /** Webhook signing secrets and Slack URLs of notification channels. */
  notificationChannels: { reencrypted: number; current: number };
  /** Rows that changed while being re-encrypted; run the command again for them. */
  skipped: number;
}

/** Re-encrypts one sealed value with the current secret; untouched when it already uses it. */
function reseal(sealed: string, secrets: EncryptionSecrets): string {
  return needsReencryption(sealed, secrets) ? encryptSecret(decryptSecret(sealed, secrets), secrets) : sealed;
}

function resealHeaders(headers: Prisma.JsonValue, secrets: EncryptionSecrets): Prisma.JsonValue {
  if (!Array.isArray(headers)) return headers;
  return headers.map((header) => {
    if (!header || typeof header !== 'object' || Array.isArray(header)) return header;
    const value = header.value;
    if (header.isSecret !== true || typeof value !== 'string' || !isEncryptedSecret(value)) return header;
    return { ...header, value: reseal(value, secrets) };
  });
}

/**
 * After ENCRYPTION_SECRET was rotated (the old value kept as ENCRYPTION_SECRET_PREVIOUS),
 * re-encrypts every stored secret with the current one, so the previous secret can then be
 * dropped. Idempotent: values already under the current secret are left alone. A value neither
 * secret opens stops the run with an error naming its key id.
 */
export async function reencryptSecrets(
  deps: { db: Database },
  secrets: EncryptionSecrets,
): Promise<ReencryptionReport> {
  const report: ReencryptionReport = {
    signingKeys: { reencrypted: 0, current: 0 },
    endpointHeaders: { reencrypted: 0, current: 0 },
    notificationChannels: { reencrypted: 0, current: 0 },
    skipped: 0,
  };
  for (let page = await listSigningKeySecrets(deps.db, null); page.length > 0; ) {
    for (const row of page) {
      const resealed = reseal(row.secretEncrypted, secrets);
      if (resealed === row.secretEncrypted) {
        report.signingKeys.current += 1;
      } else if (await replaceSigningKeySecret(deps.db, row.id, { from: row.secretEncrypted, to: resealed })) {
        report.signingKeys.reencrypted += 1;
      } else {
        report.skipped += 1;
      }
    }
    page = await listSigningKeySecrets(deps.db, page.at(-1)?.id ?? null);
  }
  for (let page = await listEndpointHeaders(deps.db, null); page.length > 0; ) {
    for (const row of page) {
      const resealed = resealHeaders(row.headers, secrets);
      if (JSON.stringify(resealed) === JSON.stringify(row.headers)) {
        report.endpointHeaders.current += 1;
      } else if (
        await replaceEndpointHeaders(deps.db, row.id, {
          from: row.headers as Prisma.InputJsonValue,
          to: resealed as Prisma.InputJsonValue,
        })
      ) {
        report.endpointHeaders.reencrypted += 1;
      } else {
        report.skipped += 1;
      }
    }
    page = await listEndpointHeaders(deps.db, page.at(-1)?.id ?? null);
  }
  for (let page = await listNotificationChannelSecrets(deps.db, null); page.length > 0; ) {
    for (const row of page) {
      if (row.secretEncrypted === null) continue;
      const resealed = reseal(row.secretEncrypted, secrets);
      if (resealed === row.secretEncrypted) {
        report.notificationChannels.current += 1;
      } else if (await replaceNotificationChannelSecret(deps.db, row.id, { from: row.secretEncrypted, to: resealed })) {
        report.notificationChannels.reencrypted += 1;
      } else {
        report.skipped += 1;
      }
    }
    page = await listNotificationChannelSecrets(deps.db, page.at(-1)?.id ?? null);
  }
  return report;
}
