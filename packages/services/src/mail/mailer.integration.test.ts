import type { AddressInfo } from 'node:net';
import { listMailMessages } from '@cronwise/db';
import { connectTestDatabase } from '@cronwise/db/testing';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../testing';
import { createMailer } from './mailer';

const db = connectTestDatabase();
const clock = new ManualClock(new Date('2026-12-02T09:00:00.000Z'));
const received: Array<{ from: string; to: string[]; data: string }> = [];
let smtp: SMTPServer;
let smtpPort: number;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('mail delivery', () => {
  it('sends through a real SMTP server and records the message as sent', async () => {
    const mailer = createMailer(
      { db, clock },
      { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'Cronwise <no-reply@cronwise.test>' },
    );
    expect(mailer.transport).toBe('smtp');
    await mailer.send({ to: 'ops@example.test', subject: 'Confirm your address', text: 'Open https://x.test/link' });

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: 'no-reply@cronwise.test', to: ['ops@example.test'] });
    expect(received[0]?.data).toContain('Subject: Confirm your address');
    expect(received[0]?.data).toContain('https://x.test/link');
    const [stored] = await listMailMessages(db, { limit: 1, to: 'ops@example.test' });
    expect(stored).toMatchObject({ transport: 'smtp', sentAt: clock.now(), error: null });
  });

  it('records a failed delivery with its reason and tells the caller', async () => {
    const mailer = createMailer({ db, clock }, { smtpUrl: 'smtp://127.0.0.1:1', from: 'no-reply@cronwise.test' });
    await expect(mailer.send({ to: 'down@example.test', subject: 'Hello', text: 'x' })).rejects.toThrow();
    const [stored] = await listMailMessages(db, { limit: 1, to: 'down@example.test' });
    expect(stored).toMatchObject({ transport: 'smtp', sentAt: null });
    expect(stored?.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('keeps mail in the outbox and logs it when no SMTP server is configured', async () => {
    const logged: string[] = [];
    const mailer = createMailer({ db, clock }, { from: 'no-reply@cronwise.test' }, (message) =>
      logged.push(`${message.id} ${message.to}`),
    );
    expect(mailer.transport).toBe('outbox');
    await mailer.send({ to: 'local@example.test', subject: 'Reset', text: 'link' });
    const [stored] = await listMailMessages(db, { limit: 1, to: 'local@example.test', transport: 'outbox' });
    expect(stored).toMatchObject({ subject: 'Reset', text: 'link', sentAt: null });
    expect(logged).toEqual([`${stored?.id} local@example.test`]);
  });
});
