import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog';
import { CopyButton } from '../components/copy-button';
import { RelativeTime } from '../components/time';
import { useToast } from '../components/toasts';
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  Field,
  Input,
  LoadingRows,
  PageHeader,
  Select,
} from '../components/ui';
import { issuesByField, readApiError } from '../lib/errors';
import { queryClient, type RouterOutputs, trpc } from '../lib/trpc';

type Scope = 'read' | 'write' | 'admin';
type ApiKey = RouterOutputs['apiKeys']['list']['items'][number];

const SCOPE_HINTS: Record<Scope, string> = {
  read: 'every GET',
  write: 'changes jobs and endpoints; includes read',
  admin: 'everything, including API keys',
};

function CreateKeyForm({ onCreated }: { onCreated: (key: string, name: string) => void }) {
  const toast = useToast();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read', 'write']);
  const [expiresInDays, setExpiresInDays] = useState('90');
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (created) => {
        onCreated(created.key, created.name);
        setName('');
        toast.success(`API key “${created.name}” created`);
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
      },
    }),
  );
  const error = create.error ? readApiError(create.error) : null;
  const fieldErrors = issuesByField(error?.issues ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, scopes, ...(expiresInDays ? { expiresInDays: Number(expiresInDays) } : {}) });
  };
  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label="Create an API key">
      {error && !error.issues.length ? (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900"
        >
          {error.message}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <Field label="Name" hint="Where it is used, e.g. “deploy script”." errors={fieldErrors.name}>
          {(control) => <Input {...control} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label="Expires" errors={fieldErrors.expiresInDays}>
          {(control) => (
            <Select {...control} value={expiresInDays} onChange={(event) => setExpiresInDays(event.target.value)}>
              <option value="7">in 7 days</option>
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="365">in a year</option>
              <option value="">never</option>
            </Select>
          )}
        </Field>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Scopes</legend>
        <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
          {(['read', 'write', 'admin'] as const).map((scope) => (
            <label key={scope} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-0.5 size-4 accent-brand-700"
                checked={scopes.includes(scope)}
                onChange={(event) =>
                  setScopes((current) =>
                    event.target.checked ? [...current, scope] : current.filter((value) => value !== scope),
                  )
                }
              />
              <span>
                <span className="font-medium">{scope}</span>
                <span className="block text-xs text-slate-500 dark:text-slate-400">{SCOPE_HINTS[scope]}</span>
              </span>
            </label>
          ))}
        </div>
        {fieldErrors.scopes ? (
          <p className="mt-1 text-sm text-red-700 dark:text-red-400">{fieldErrors.scopes.join('; ')}</p>
        ) : null}
      </fieldset>
      <Button type="submit" variant="primary" isBusy={create.isPending}>
        Create API key
      </Button>
    </form>
  );
}

export function ApiKeysPage() {
  const toast = useToast();
  const [revealed, setRevealed] = useState<{ key: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery(trpc.apiKeys.list.queryOptions({}));
  const me = useQuery(trpc.account.me.queryOptions({}));
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success('API key revoked');
        setRevoking(null);
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
      },
      onError: (error) => toast.error(error),
    }),
  );
  return (
    <>
      <PageHeader
        title="API keys"
        description="Programs, the SDK and curl authenticate with a key: Authorization: Bearer cw_…"
      />
      {revealed ? (
        <div
          role="status"
          className="mb-6 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200 dark:bg-emerald-950 dark:ring-emerald-900"
        >
          <p className="font-medium text-emerald-900 dark:text-emerald-100">
            Your new key “{revealed.name}”. Copy it now: it is not shown again.
          </p>
          <div className="mt-3 flex flex-wrap items-center gap-2">
            <code
              data-testid="new-api-key"
              className="min-w-0 flex-1 rounded bg-white px-3 py-2 font-mono text-sm break-all ring-1 ring-emerald-200 dark:bg-slate-900 dark:ring-emerald-900"
            >
              {revealed.key}
            </code>
            <CopyButton value={revealed.key} />
            <Button size="sm" variant="ghost" onClick={() => setRevealed(null)}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[1fr_1fr]">
        <Card title="Create an API key">
          {me.data && !me.data.emailVerified ? (
            <EmptyState title="Confirm your e-mail address first">
              API keys act on your account without a password, so they need a confirmed address. Open the link we sent
              to {me.data.email}, or send it again from the banner above.
            </EmptyState>
          ) : (
            <CreateKeyForm onCreated={(key, name) => setRevealed({ key, name })} />
          )}
        </Card>
        <Card title="Active keys">
          {keys.isPending ? (
            <LoadingRows rows={3} label="Loading API keys" />
          ) : keys.error ? (
            <ErrorState message={readApiError(keys.error).message} onRetry={() => void keys.refetch()} />
          ) : keys.data.items.length === 0 ? (
            <EmptyState title="No API keys">Create one to call Cronwise from your programs.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-800">
              {keys.data.items.map((key) => (
                <li key={key.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <p className="font-medium">{key.name}</p>
                    <p className="font-mono text-xs text-slate-500 dark:text-slate-400">{key.prefix}…</p>
                    <p className="mt-1 flex flex-wrap gap-1">
                      {key.scopes.map((scope) => (
                        <Badge key={scope}>{scope}</Badge>
                      ))}
                    </p>
                    <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                      Created <RelativeTime iso={key.createdAt} /> · last used{' '}
                      <RelativeTime iso={key.lastUsedAt} fallback="never" /> · expires{' '}
                      <RelativeTime iso={key.expiresAt} fallback="never" />
                    </p>
                  </div>
                  <Button size="sm" variant="danger" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                    Revoke
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <ConfirmDialog
        isOpen={revoking !== null}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        isBusy={revoke.isPending}
      >
        Programs using this key stop working at once.
      </ConfirmDialog>
    </>
  );
}
