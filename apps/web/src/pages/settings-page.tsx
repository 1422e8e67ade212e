import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { CopyButton } from '../components/copy-button';
import { RelativeTime } from '../components/time';
import { useToast } from '../components/toasts';
import { Badge, Button, Card, ErrorState, Field, Input, PageHeader, Select, Skeleton } from '../components/ui';
import { issuesByField, readApiError } from '../lib/errors';
import { queryClient, trpc } from '../lib/trpc';

function Profile() {
  const me = useQuery(trpc.account.me.queryOptions({}));
  if (me.isPending) return <Skeleton className="h-24" />;
  if (me.error) return <ErrorState message={readApiError(me.error).message} />;
  return (
    <dl className="grid gap-3 text-sm sm:grid-cols-2">
      <div>
        <dt className="text-slate-500 dark:text-slate-400">Name</dt>
        <dd className="font-medium">{me.data.name || '—'}</dd>
      </div>
      <div>
        <dt className="text-slate-500 dark:text-slate-400">E-mail</dt>
        <dd className="font-medium break-all">{me.data.email}</dd>
      </div>
      <div>
        <dt className="text-slate-500 dark:text-slate-400">Plan</dt>
        <dd>
          <Badge tone="info">{me.data.tier}</Badge>
        </dd>
      </div>
      <div>
        <dt className="text-slate-500 dark:text-slate-400">Role</dt>
        <dd>
          <Badge>{me.data.role}</Badge>
        </dd>
      </div>
    </dl>
  );
}

function ChangePassword() {
  const toast = useToast();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        toast.success('Password changed; other sessions were signed out');
        setCurrentPassword('');
        setNewPassword('');
      },
    }),
  );
  const error = change.error ? readApiError(change.error) : null;
  const fieldErrors = issuesByField(error?.issues ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ currentPassword, newPassword });
  };
  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label="Change password">
      {error && !error.issues.length ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      ) : null}
      <Field label="Current password" errors={fieldErrors.currentPassword}>
        {(control) => (
          <Input
            {...control}
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.target.value)}
          />
        )}
      </Field>
      <Field label="New password" hint="At least 10 characters." errors={fieldErrors.newPassword}>
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
      <Button type="submit" variant="primary" isBusy={change.isPending}>
        Change password
      </Button>
    </form>
  );
}

function SecretRow({
  label,
  keyId,
  secret,
  detail,
}: {
  label: string;
  keyId: string;
  secret: string;
  detail: React.ReactNode;
}) {
  const [isShown, setIsShown] = useState(false);
  return (
    <div className="space-y-2 rounded-md p-3 ring-1 ring-slate-200 dark:ring-slate-800">
      <p className="text-sm">
        <span className="font-medium">{label}</span>{' '}
        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{keyId}</span>
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 rounded bg-slate-100 px-2 py-1.5 font-mono text-xs break-all dark:bg-slate-800">
          {isShown ? secret : '•'.repeat(32)}
        </code>
        <Button size="sm" onClick={() => setIsShown((shown) => !shown)}>
          {isShown ? 'Hide' : 'Show'}
        </Button>
        <CopyButton value={secret} label="Copy secret" />
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">{detail}</p>
    </div>
  );
}

function SigningKeys() {
  const toast = useToast();
  const [graceHours, setGraceHours] = useState('24');
  const ring = useQuery(trpc.signingKeys.get.queryOptions({}));
  const rotate = useMutation(
    trpc.signingKeys.rotate.mutationOptions({
      onSuccess: async () => {
        toast.success('Signing key rotated; the previous key co-signs during the grace period');
        await queryClient.invalidateQueries({ queryKey: trpc.signingKeys.pathKey() });
      },
      onError: (error) => toast.error(error),
    }),
  );
  if (ring.isPending) return <Skeleton className="h-32" />;
  if (ring.error) return <ErrorState message={readApiError(ring.error).message} onRetry={() => void ring.refetch()} />;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Every request Cronwise sends is signed with HMAC-SHA256; verify it on your side with this secret.
      </p>
      <SecretRow
        label="Current"
        keyId={ring.data.current.keyId}
        secret={ring.data.current.secret}
        detail={
          <>
            Created <RelativeTime iso={ring.data.current.createdAt} />
          </>
        }
      />
      {ring.data.previous ? (
        <SecretRow
          label="Previous"
          keyId={ring.data.previous.keyId}
          secret={ring.data.previous.secret}
          detail={
            <>
              Co-signs until <RelativeTime iso={ring.data.previous.graceExpiresAt} />
            </>
          }
        />
      ) : null}
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Grace period">
          {(control) => (
            <Select
              {...control}
              className="w-44"
              value={graceHours}
              onChange={(event) => setGraceHours(event.target.value)}
            >
              <option value="0">none</option>
              <option value="1">1 hour</option>
              <option value="24">24 hours</option>
              <option value="72">3 days</option>
              <option value="168">7 days</option>
            </Select>
          )}
        </Field>
        <Button onClick={() => rotate.mutate({ graceHours: Number(graceHours) })} isBusy={rotate.isPending}>
          Rotate signing key
        </Button>
      </div>
    </div>
  );
}

export function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Your profile, password and request signing." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Profile">
          <Profile />
        </Card>
        <Card title="Password">
          <ChangePassword />
        </Card>
        <Card title="Signing keys" className="lg:col-span-2">
          <SigningKeys />
        </Card>
      </div>
    </>
  );
}
