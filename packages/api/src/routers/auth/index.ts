import { router } from '../../trpc';
import { changePassword } from './change-password';
import { logIn } from './log-in';
import { logOut } from './log-out';
import { requestPasswordReset } from './request-password-reset';
import { resendVerification } from './resend-verification';
import { resetPassword } from './reset-password';
import { signUp } from './sign-up';
import { verifyEmail } from './verify-email';

/** Browser sign-in for the SPA (tRPC only); programs use API keys. OAuth lives in the server's routes. */
export const authRouter = router({
  signUp,
  verifyEmail,
  resendVerification,
  logIn,
  logOut,
  changePassword,
  requestPasswordReset,
  resetPassword,
});
