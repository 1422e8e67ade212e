import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { AppShell } from './components/app-shell';
import { NotFoundPage } from './components/not-found';
import { isUnauthenticated } from './lib/errors';
import { safeRedirectPath } from './lib/safe-redirect';
import { hasSessionHint, setSessionHint } from './lib/session-hint';
import { queryClient, trpc } from './lib/trpc';

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

const redirectSearch = (search: Record<string, unknown>): { redirect?: string } =>
  typeof search.redirect === 'string' ? { redirect: safeRedirectPath(search.redirect) } : {};

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: redirectSearch,
  component: lazyRouteComponent(() => import('./pages/auth-pages'), 'SignInPage'),
});

export const signUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-up',
  validateSearch: redirectSearch,
  component: lazyRouteComponent(() => import('./pages/auth-pages'), 'SignUpPage'),
});

export const verifyEmailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/auth/verify-email',
  validateSearch: (search: Record<string, unknown>): { token?: string } =>
    typeof search.token === 'string' ? { token: search.token } : {},
  component: lazyRouteComponent(() => import('./pages/account-link-pages'), 'VerifyEmailPage'),
});

export const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/auth/reset-password',
  validateSearch: (search: Record<string, unknown>): { token?: string } =>
    typeof search.token === 'string' ? { token: search.token } : {},
  component: lazyRouteComponent(() => import('./pages/account-link-pages'), 'ResetPasswordPage'),
});

export const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(() => import('./pages/account-link-pages'), 'ForgotPasswordPage'),
});

/** Every page below needs a session; without one the person signs in and comes back here. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: AppShell,
  beforeLoad: async ({ location }) => {
    const toSignIn = () =>
      redirect({ to: '/sign-in', search: location.href === '/' ? {} : { redirect: location.href } });
    if (!hasSessionHint()) throw toSignIn();
    try {
      const me = await queryClient.ensureQueryData(
        trpc.account.me.queryOptions({}, { meta: { isSessionProbe: true } }),
      );
      return { me };
    } catch (error) {
      if (!isUnauthenticated(error)) throw error;
      setSessionHint(false);
      throw toSignIn();
    }
  },
});

export const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./pages/dashboard-page'), 'DashboardPage'),
});

export interface JobsSearch {
  search?: string;
  status?: 'active' | 'paused' | 'archived';
  page?: number;
}

export const jobsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/jobs',
  validateSearch: (search: Record<string, unknown>): JobsSearch => ({
    ...(typeof search.search === 'string' && search.search ? { search: search.search } : {}),
    ...(search.status === 'active' || search.status === 'paused' || search.status === 'archived'
      ? { status: search.status }
      : {}),
    ...(Number(search.page) > 1 ? { page: Math.floor(Number(search.page)) } : {}),
  }),
  component: lazyRouteComponent(() => import('./pages/jobs-page'), 'JobsPage'),
});

export const jobRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/jobs/$jobId',
  component: lazyRouteComponent(() => import('./pages/job-page'), 'JobPage'),
});

export const newEndpointRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/jobs/$jobId/endpoints/new',
  component: lazyRouteComponent(() => import('./pages/endpoint-form-page'), 'NewEndpointPage'),
});

export interface EndpointSearch {
  status?: string;
}

export const endpointRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/endpoints/$endpointId',
  validateSearch: (search: Record<string, unknown>): EndpointSearch =>
    typeof search.status === 'string' && search.status ? { status: search.status } : {},
  component: lazyRouteComponent(() => import('./pages/endpoint-page'), 'EndpointPage'),
});

export const editEndpointRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/endpoints/$endpointId/edit',
  component: lazyRouteComponent(() => import('./pages/endpoint-form-page'), 'EditEndpointPage'),
});

export const runRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/runs/$runId',
  component: lazyRouteComponent(() => import('./pages/run-page'), 'RunPage'),
});

export const aiSessionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/ai-sessions/$sessionId',
  component: lazyRouteComponent(() => import('./pages/ai-session-page'), 'AiSessionPage'),
});

export const apiKeysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/api-keys',
  component: lazyRouteComponent(() => import('./pages/api-keys-page'), 'ApiKeysPage'),
});

export const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('./pages/settings-page'), 'SettingsPage'),
});

export const usageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/usage',
  component: lazyRouteComponent(() => import('./pages/usage-page'), 'UsagePage'),
});

export interface BillingSearch {
  /** Set by Stripe Checkout's return URL. */
  checkout?: 'success' | 'cancelled';
}

export const billingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/billing',
  validateSearch: (search: Record<string, unknown>): BillingSearch =>
    search.checkout === 'success' || search.checkout === 'cancelled' ? { checkout: search.checkout } : {},
  component: lazyRouteComponent(() => import('./pages/billing-page'), 'BillingPage'),
});

export const notificationChannelsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/notification-channels',
  component: lazyRouteComponent(() => import('./pages/notification-channels-page'), 'NotificationChannelsPage'),
});

export const alertsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/alerts',
  component: lazyRouteComponent(() => import('./pages/alerts-page'), 'AlertsPage'),
});

export interface AdminSearch {
  /** The endpoint whose occurrences are explained. */
  endpoint?: string;
}

export const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin',
  validateSearch: (search: Record<string, unknown>): AdminSearch =>
    typeof search.endpoint === 'string' && search.endpoint ? { endpoint: search.endpoint } : {},
  component: lazyRouteComponent(() => import('./pages/admin-page'), 'AdminPage'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  signUpRoute,
  verifyEmailRoute,
  resetPasswordRoute,
  forgotPasswordRoute,
  appRoute.addChildren([
    dashboardRoute,
    jobsRoute,
    jobRoute,
    newEndpointRoute,
    endpointRoute,
    editEndpointRoute,
    runRoute,
    aiSessionRoute,
    apiKeysRoute,
    settingsRoute,
    usageRoute,
    billingRoute,
    notificationChannelsRoute,
    alertsRoute,
    adminRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  context: {},
  defaultPreload: 'intent',
  defaultPendingMs: 150,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
