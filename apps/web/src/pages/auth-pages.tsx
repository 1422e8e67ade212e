import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useRouter } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Logo } from '../components/logo';
import { Button, Field, Input } from '../components/ui';
import { issuesByField, readApiError } from '../lib/errors';
import { safeRedirectPath } from '../lib/safe-redirect';
import { setSessionHint } from '../lib/session-hint';
import { queryClient, trpc } from '../lib/trpc';
import { signInRoute, signUpRoute } from '../router';

export function AuthFrame({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle: ReactNode;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center text-center">
          <Logo className="size-10" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">{title}</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{subtitle}</p>
        </div>
        <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
          {children}
        </div>
        <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">{footer}</p>
      </div>
    </main>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div
      role="alert"
      className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900"
    >
      {message}
    </div>
  );
}

export function useAfterSignIn(redirectTo: string | undefined) {
  const router = useRouter();
  return async () => {
    setSessionHint(true);
    queryClient.clear();
    await router.navigate({ href: safeRedirectPath(redirectTo) });
  };
}

export function SignInPage() {
  const { redirect } = signInRoute.useSearch();
  const goOn = useAfterSignIn(redirect);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const logIn = useMutation(trpc.auth.logIn.mutationOptions({ onSuccess: goOn }));
  const error = logIn.error ? readApiError(logIn.error) : null;
  const fieldErrors = issuesByField(error?.issues ?? []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    logIn.mutate({ email, password });
  };
  return (
    <AuthFrame
      title="Sign in to Cronwise"
      subtitle={
        redirect && redirect !== '/'
          ? 'Your session ended. Sign in to continue where you were.'
          : 'Your endpoints, called on time.'
      }
      footer={
        <>
          New here?{' '}
          <Link
            to="/sign-up"
            search={redirect ? { redirect } : {}}
            className="font-medium text-brand-700 hover:underline dark:text-brand-500"
          >
            Create an account
          </Link>
        </>
      }
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <FormError message={error && !error.issues.length ? error.message : null} />
        <Field label="E-mail" errors={fieldErrors.email}>
          {(control) => (
            <Input
              {...control}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label="Password" errors={fieldErrors.password}>
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" className="w-full" isBusy={logIn.isPending}>
          Sign in
        </Button>
        <p className="text-center text-sm">
          <Link to="/forgot-password" className="text-brand-700 hover:underline dark:text-brand-500">
            Forgot your password?
          </Link>
        </p>
      </form>
    </AuthFrame>
  );
}

/**
 * What sign-up answered. An account that must confirm its e-mail address first gets no session:
 * the answer then carries no user (or says so), and the page asks the person to check their mail.
 */
export function readSignUpOutcome(result: unknown): { isSignedIn: boolean; message: string | null } {
  const record = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
  const needsVerification =
    record.verificationSent === true ||
    record.verificationRequired === true ||
    record.emailVerificationRequired === true ||
    record.status === 'verification-required' ||
    record.status === 'check-email' ||
    (typeof record.user !== 'object' && typeof record.message === 'string');
  const message = typeof record.message === 'string' ? record.message : null;
  return { isSignedIn: !needsVerification && typeof record.user === 'object' && record.user !== null, message };
}

export function SignUpPage() {
  const { redirect } = signUpRoute.useSearch();
  const goOn = useAfterSignIn(redirect);
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [checkEmailMessage, setCheckEmailMessage] = useState<string | null>(null);
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: async (result) => {
        const outcome = readSignUpOutcome(result);
        if (outcome.isSignedIn) {
          await goOn();
        } else {
          const sentTo =
            typeof (result as { email?: unknown }).email === 'string' ? (result as { email: string }).email : email;
          setCheckEmailMessage(
            outcome.message ?? `We sent a link to ${sentTo}. Open it to confirm your address and sign in.`,
          );
        }
      },
    }),
  );
  const error = signUp.error ? readApiError(signUp.error) : null;
  const fieldErrors = issuesByField(error?.issues ?? []);

  if (checkEmailMessage) {
    return (
      <AuthFrame title="Check your e-mail" subtitle="One more step." footer={null}>
        <div role="status" className="space-y-4 text-sm">
          <p>{checkEmailMessage}</p>
          <p className="text-slate-600 dark:text-slate-400">
            You can sign in before confirming; creating API keys waits until your address is confirmed.
          </p>
          <Button className="w-full" onClick={() => navigate({ to: '/sign-in', search: redirect ? { redirect } : {} })}>
            Go to sign-in
          </Button>
        </div>
      </AuthFrame>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signUp.mutate({ email, password, ...(name.trim() ? { name: name.trim() } : {}) });
  };
  return (
    <AuthFrame
      title="Create your account"
      subtitle="Schedule HTTP calls that arrive on time."
      footer={
        <>
          Already have an account?{' '}
          <Link
            to="/sign-in"
            search={redirect ? { redirect } : {}}
            className="font-medium text-brand-700 hover:underline dark:text-brand-500"
          >
            Sign in
          </Link>
        </>
      }
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <FormError message={error && !error.issues.length ? error.message : null} />
        <Field label="Name (optional)" errors={fieldErrors.name}>
          {(control) => (
            <Input {...control} autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />
          )}
        </Field>
        <Field label="E-mail" errors={fieldErrors.email}>
          {(control) => (
            <Input
              {...control}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Password"
          hint="At least 10 characters; a passphrase is easiest to remember."
          errors={fieldErrors.password}
        >
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" className="w-full" isBusy={signUp.isPending}>
          Create account
        </Button>
      </form>
    </AuthFrame>
  );
}
