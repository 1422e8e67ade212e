import type { Prisma } from '../generated/prisma/client';
import type { Executor } from '../transaction';

export const mailMessageSelect = {
  id: true,
  to: true,
  subject: true,
  text: true,
  transport: true,
  sentAt: true,
  error: true,
  createdAt: true,
} satisfies Prisma.MailMessageSelect;

export type MailMessageRecord = Prisma.MailMessageGetPayload<{ select: typeof mailMessageSelect }>;

export interface CreateMailMessageData {
  to: string;
  subject: string;
  text: string;
  transport: 'outbox' | 'smtp';
  sentAt?: Date | null;
  error?: string | null;
}

export function createMailMessage(db: Executor, data: CreateMailMessageData): Promise<MailMessageRecord> {
  return db.mailMessage.create({ data, select: mailMessageSelect });
}

/** Newest first; optionally only the mail sent to one address. */
export function listMailMessages(
  db: Executor,
  options: { limit: number; to?: string; transport?: 'outbox' | 'smtp' },
): Promise<MailMessageRecord[]> {
  return db.mailMessage.findMany({
    where: {
      ...(options.to ? { to: options.to } : {}),
      ...(options.transport ? { transport: options.transport } : {}),
    },
    select: mailMessageSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit,
  });
}
