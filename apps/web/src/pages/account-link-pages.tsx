import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Button, buttonClass, Field, Input } from '../components/ui';
import { issuesByField, readApiError } from '../lib/errors';
import { trpc } from '../lib/trpc';
import { resetPasswordRoute, verifyEmailRoute } from '../router';
import { AuthFrame, FormError, useAfterSignIn } from './auth-pages';

const linkClass = 'font-medium text-brand-700 hover:underline dark:text-brand-500';

/**
 * The link from the confirmation e-mail. It asks for the sign-up password as well: the link proves
 * the mailbox, the password proves the person who signed up, so someone who opens a link for a
 * sign-up they did not make confirms nothing. Nothing is sent until the person submits.
 */
export function VerifyEmailPage() {
  const { token } = verifyEmailRoute.useSearch();
  const goOn = useAfterSignIn('/');
  const [password, setPassword] = useState('');
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions({ onSuccess: goOn }));
  const error = verify.error ? readApiError(verify.error) : null;
  const fieldErrors = issuesByField(error?.issues ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token) verify.mutate({ token, password });
  };
  return (
    <AuthFrame
      title="Confirm your e-mail"
      subtitle="Enter the password you signed up with. This confirms the address and signs you in."
      footer={
        <Link to="/sign-in" className={linkClass}>
          Go to sign-in
        </Link>
      }
    >
      {!token ? (
        <FormError message="This link has no token. Open the link from the e-mail again, or ask for a new one." />
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <FormError message={error && !fieldErrors.password ? error.message : null} />
          <Field
            label="Password"
            hint="Did not sign up? Close this page: without the password nothing is confirmed."
            errors={fieldErrors.password}
          >
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            )}
          </Field>
          <Button type="submit" variant="primary" className="w-full" isBusy={verify.isPending}>
            Confirm my address
          </Button>
        </form>
      )}
    </AuthFrame>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const error = request.error ? readApiError(request.error) : null;
  const fieldErrors = issuesByField(error?.issues ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ email });
  };
  return (
    <AuthFrame
      title="Reset your password"
      subtitle="We e-mail you a link to choose a new one."
      footer={
        <Link to="/sign-in" className={linkClass}>
          Back to sign-in
        </Link>
      }
    >
      {request.isSuccess ? (
        <p role="status" className="text-sm">
          If {request.data.email} has an account, a reset link is on its way. It works for one hour.
        </p>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <FormError message={error && !error.issues.length ? error.message : null} />
          <Field label="E-mail" errors={fieldErrors.email}>
            {(control) => (
              <Input
                {...control}
                type="email"
                autoComplete="email"
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            )}
          </Field>
          <Button type="submit" variant="primary" className="w-full" isBusy={request.isPending}>
            Send reset link
          </Button>
        </form>
      )}
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  const { token } = resetPasswordRoute.useSearch();
  const [newPassword, setNewPassword] = useState('');
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const error = reset.error ? readApiError(reset.error) : null;
  const fieldErrors = issuesByField(error?.issues ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token) reset.mutate({ token, newPassword });
  };
  return (
    <AuthFrame
      title="Choose a new password"
      subtitle="Every other session is signed out."
      footer={
        <Link to="/sign-in" className={linkClass}>
          Back to sign-in
        </Link>
      }
    >
      {reset.isSuccess ? (
        <div role="status" className="space-y-4 text-sm">
          <p>Your password was changed. Sign in with the new one.</p>
          <Link to="/sign-in" className={`${buttonClass('primary')} w-full`}>
            Sign in
          </Link>
        </div>
      ) : !token ? (
        <FormError message="This link has no token. Open the link from the e-mail again, or ask for a new one." />
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <FormError message={error && !error.issues.length ? error.message : null} />
          <Field
            label="New password"
            hint="At least 10 characters."
            errors={fieldErrors.newPassword ?? fieldErrors.password}
          >
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="new-password"
                value={newPassword}
                onChange={(event) => setNewPassword(event.target.value)}
              />
            )}
          </Field>
          <Button type="submit" variant="primary" className="w-full" isBusy={reset.isPending}>
            Change password
          </Button>
        </form>
      )}
    </AuthFrame>
  );
}
