import { accountRouter } from './routers/account';
import { adminRouter } from './routers/admin';
import { aiRouter } from './routers/ai';
import { alertsRouter } from './routers/alerts';
import { apiKeysRouter } from './routers/api-keys';
import { authRouter } from './routers/auth';
import { billingRouter } from './routers/billing';
import { endpointsRouter } from './routers/endpoints';
import { healthRouter } from './routers/health';
import { jobsRouter } from './routers/jobs';
import { notificationChannelsRouter } from './routers/notification-channels';
import { runsRouter } from './routers/runs';
import { schedulesRouter } from './routers/schedules';
import { signingKeysRouter } from './routers/signing-keys';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  apiKeys: apiKeysRouter,
  billing: billingRouter,
  jobs: jobsRouter,
  endpoints: endpointsRouter,
  runs: runsRouter,
  ai: aiRouter,
  health: healthRouter,
  schedules: schedulesRouter,
  signingKeys: signingKeysRouter,
  admin: adminRouter,
  notificationChannels: notificationChannelsRouter,
  alerts: alertsRouter,
});

export type AppRouter = typeof appRouter;

/** For tests, the CLI and server-side rendering: call procedures without HTTP. */
export const createCaller = createCallerFactory(appRouter);
