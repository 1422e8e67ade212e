import { router } from '../../trpc';
import { changePassword } from './change-password';
import { logIn } from './log-in';
import { logOut } from './log-out';
import { signUp } from './sign-up';

/** Browser sign-in for the SPA (tRPC only); programs use API keys. OAuth lives in the server's routes. */
export const authRouter = router({ signUp, logIn, logOut, changePassword });
