import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { setSessionHint } from '../lib/session-hint';
import { queryClient, trpc } from '../lib/trpc';
import { Logo } from './logo';
import { useToast } from './toasts';
import { Button, cx } from './ui';

const NAV = [
  { to: '/', label: 'Dashboard', exact: true },
  { to: '/jobs', label: 'Jobs', exact: false },
  { to: '/alerts', label: 'Alerts', exact: false },
  { to: '/usage', label: 'Usage', exact: false },
  { to: '/billing', label: 'Plan & billing', exact: false },
  { to: '/settings/api-keys', label: 'API keys', exact: false },
  { to: '/settings/notification-channels', label: 'Notification channels', exact: false },
  { to: '/settings', label: 'Settings', exact: true },
] as const;

function NavLinks({ isAdmin, onNavigate }: { isAdmin: boolean; onNavigate: () => void }) {
  const linkClass =
    'block rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white';
  const activeClass = 'bg-brand-50 text-brand-800 dark:bg-slate-800 dark:text-white';
  return (
    <ul className="space-y-1">
      {NAV.map((item) => (
        <li key={item.to}>
          <Link
            to={item.to}
            activeOptions={{ exact: item.exact }}
            className={linkClass}
            activeProps={{ className: activeClass, 'aria-current': 'page' }}
            onClick={onNavigate}
          >
            {item.label}
          </Link>
        </li>
      ))}
      {isAdmin ? (
        <li>
          <Link
            to="/admin"
            className={linkClass}
            activeProps={{ className: activeClass, 'aria-current': 'page' }}
            onClick={onNavigate}
          >
            Admin
          </Link>
        </li>
      ) : null}
    </ul>
  );
}

export function AppShell() {
  const me = useQuery(trpc.account.me.queryOptions({}));
  const toast = useToast();
  const navigate = useNavigate();
  const [isMenuOpen, setIsMenuOpen] = useState(false);

  const logOut = useMutation(
    trpc.auth.logOut.mutationOptions({
      onSuccess: async () => {
        setSessionHint(false);
        queryClient.clear();
        await navigate({ to: '/sign-in' });
      },
      onError: (error) => toast.error(error),
    }),
  );

  const user = me.data;
  const resend = useMutation(
    trpc.auth.resendVerification.mutationOptions({
      onSuccess: (result) =>
        toast.success(
          result.isAlreadyVerified
            ? 'Your address is already confirmed'
            : `Confirmation e-mail sent to ${result.email}`,
        ),
      onError: (error) => toast.error(error),
    }),
  );
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_1fr]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex items-center justify-between border-b border-slate-200 bg-white/90 px-4 py-3 backdrop-blur lg:hidden dark:border-slate-800 dark:bg-slate-900/90">
        <Link to="/" className="flex items-center gap-2 font-semibold">
          <Logo /> Cronwise
        </Link>
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={isMenuOpen}
          aria-controls="main-nav"
          onClick={() => setIsMenuOpen((open) => !open)}
        >
          {isMenuOpen ? 'Close menu' : 'Menu'}
        </Button>
      </header>
      <aside
        id="main-nav"
        className={cx(
          'border-slate-200 bg-white lg:sticky lg:top-0 lg:flex lg:h-dvh lg:flex-col lg:border-r dark:border-slate-800 dark:bg-slate-900',
          isMenuOpen ? 'block border-b' : 'hidden',
        )}
      >
        <div className="hidden items-center gap-2 px-5 py-5 text-lg font-semibold lg:flex">
          <Logo /> Cronwise
        </div>
        <nav aria-label="Main" className="px-3 py-3 lg:flex-1 lg:py-0">
          <NavLinks isAdmin={user?.role === 'admin'} onNavigate={() => setIsMenuOpen(false)} />
        </nav>
        <div className="border-t border-slate-200 px-4 py-4 dark:border-slate-800">
          <p className="truncate text-sm font-medium" title={user?.email}>
            {user?.name || user?.email || ' '}
          </p>
          {user?.name ? <p className="truncate text-xs text-slate-500 dark:text-slate-400">{user.email}</p> : null}
          <Button size="sm" className="mt-3 w-full" onClick={() => logOut.mutate()} isBusy={logOut.isPending}>
            Sign out
          </Button>
        </div>
      </aside>
      <main id="main" className="mx-auto w-full max-w-6xl min-w-0 px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
        {user && !user.emailVerified ? (
          <div
            role="status"
            className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-sky-50 px-4 py-3 text-sm text-sky-900 ring-1 ring-sky-200 dark:bg-sky-950 dark:text-sky-100 dark:ring-sky-900"
          >
            <p>
              Confirm your e-mail address ({user.email}) with the link we sent you; API keys need a confirmed address.
            </p>
            <Button size="sm" onClick={() => resend.mutate(undefined)} isBusy={resend.isPending}>
              Send the link again
            </Button>
          </div>
        ) : null}
        <Outlet />
      </main>
    </div>
  );
}
