import type { MailMessage } from '../mail/mailer';

/** The texts of account e-mail. Plain text: links must be copyable and survive any client. */

export function verificationMail(to: string, link: string): MailMessage {
  return {
    to,
    subject: 'Confirm your e-mail address for Cronwise',
    text: [
      'Someone (hopefully you) created a Cronwise account with this address.',
      '',
      `Confirm it within 24 hours (you will be asked for the password you signed up with): ${link}`,
      '',
      'Until the address is confirmed the account cannot create API keys or be linked to GitHub or Google.',
      'If you did not sign up, ignore this e-mail: without the password nobody can confirm the account.',
    ].join('\n'),
  };
}

export function alreadyRegisteredMail(to: string, resetLink: string, isVerified: boolean): MailMessage {
  return {
    to,
    subject: 'Sign-up attempt for your Cronwise account',
    text: [
      'Someone tried to create a Cronwise account with this address, but one exists already.',
      '',
      isVerified
        ? 'If it was you, log in instead. Forgot the password? Set a new one within an hour:'
        : 'This account was never confirmed. If you started it, or want to claim it, set your password within an hour (this also signs out everyone else):',
      resetLink,
      '',
      'If it was not you, ignore this e-mail; nothing has changed.',
    ].join('\n'),
  };
}

export function passwordResetMail(to: string, link: string): MailMessage {
  return {
    to,
    subject: 'Reset your Cronwise password',
    text: [
      'Someone asked to reset the password of the Cronwise account with this address.',
      '',
      `Set a new password within an hour: ${link}`,
      '',
      'Setting it signs out every session of the account. If you did not ask, ignore this e-mail.',
    ].join('\n'),
  };
}
