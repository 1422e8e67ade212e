import { createMailMessage, type Database } from '@cronwise/db';
import nodemailer from 'nodemailer';
import type { Clock } from '../clock';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Where Cronwise's e-mail goes. Every message is also recorded in `mail_messages`, so an operator
 * can see what was sent; without SMTP that table is the outbox (`pnpm cli mail:outbox`).
 */
export interface Mailer {
  readonly transport: 'outbox' | 'smtp';
  send(message: MailMessage): Promise<void>;
}

/** Where the outbox mailer announces each message (the app's structured logger). */
export type MailLog = (message: MailMessage & { id: string }) => void;

export interface MailSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`; unset keeps mail in the outbox. */
  smtpUrl?: string | undefined;
  /** The From header, e.g. `Cronwise <no-reply@cronwise.example.com>`. */
  from: string;
}

export const DEFAULT_MAIL_FROM = 'Cronwise <no-reply@cronwise.localhost>';

interface MailStore {
  db: Database;
  clock: Clock;
}

export function createMailer(store: MailStore, settings: MailSettings, log: MailLog = () => {}): Mailer {
  return settings.smtpUrl ? createSmtpMailer(store, settings.smtpUrl, settings.from) : createOutboxMailer(store, log);
}

/** No SMTP configured: the message stays in the table and goes to the log, so local use works. */
export function createOutboxMailer({ db }: MailStore, log: MailLog = () => {}): Mailer {
  return {
    transport: 'outbox',
    async send(message) {
      const stored = await createMailMessage(db, { ...message, transport: 'outbox' });
      log({ ...message, id: stored.id });
    },
  };
}

export function createSmtpMailer({ db, clock }: MailStore, smtpUrl: string, from: string): Mailer {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    transport: 'smtp',
    async send(message) {
      try {
        await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
      } catch (error) {
        await createMailMessage(db, { ...message, transport: 'smtp', error: describeSmtpError(error) });
        throw error;
      }
      await createMailMessage(db, { ...message, transport: 'smtp', sentAt: clock.now() });
    },
  };
}

function describeSmtpError(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500);
}
