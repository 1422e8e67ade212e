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
import { formatDuration } from '../lib/format';
import { queryClient, type RouterOutputs, trpc } from '../lib/trpc';

type Channel = RouterOutputs['notificationChannels']['list']['items'][number];
type Kind = 'webhook' | 'slack' | 'email';

const KIND_LABELS: Record<Kind, string> = { webhook: 'Signed webhook', slack: 'Slack', email: 'E-mail' };
const KIND_HINTS: Record<Kind, string> = {
  webhook: 'A JSON POST signed like Cronwise’s outbound calls; the signing secret is shown once.',
  slack: 'A Slack-compatible incoming webhook URL (https://hooks.slack.com/services/…).',
  email: 'One address; without SMTP, mail goes to the outbox (pnpm cli mail:outbox).',
};

function CreateChannelForm({ onCreated }: { onCreated: (secret: string | null, name: string) => void }) {
  const toast = useToast();
  const [kind, setKind] = useState<Kind>('webhook');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const create = useMutation(
    trpc.notificationChannels.create.mutationOptions({
      onSuccess: async (created) => {
        onCreated(created.signingSecret, created.name);
        setName('');
        setTarget('');
        toast.success(`Channel “${created.name}” created`);
        await queryClient.invalidateQueries({ queryKey: trpc.notificationChannels.pathKey() });
      },
    }),
  );
  const error = create.error ? readApiError(create.error) : null;
  const fieldErrors = issuesByField(error?.issues ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(kind === 'email' ? { kind, name, email: target } : { kind, name, url: target });
  };
  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label="Create a notification channel">
      {error && !error.issues.length ? (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900"
        >
          {error.message}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <Field label="Kind" hint={KIND_HINTS[kind]} errors={fieldErrors.kind}>
          {(control) => (
            <Select {...control} value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
              {(Object.keys(KIND_LABELS) as Kind[]).map((value) => (
                <option key={value} value={value}>
                  {KIND_LABELS[value]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Name" hint="What people see in alerts, e.g. “On-call”." errors={fieldErrors.name}>
          {(control) => <Input {...control} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
      </div>
      <Field
        label={kind === 'email' ? 'E-mail address' : 'URL'}
        errors={kind === 'email' ? fieldErrors.email : fieldErrors.url}
      >
        {(control) => (
          <Input
            {...control}
            type={kind === 'email' ? 'email' : 'url'}
            value={target}
            placeholder={kind === 'email' ? 'oncall@example.com' : 'https://'}
            onChange={(event) => setTarget(event.target.value)}
          />
        )}
      </Field>
      <Button type="submit" variant="primary" isBusy={create.isPending}>
        Create channel
      </Button>
    </form>
  );
}

function ChannelRow({ channel, onDelete }: { channel: Channel; onDelete: () => void }) {
  const toast = useToast();
  const test = useMutation(
    trpc.notificationChannels.test.mutationOptions({
      onSuccess: (result) => {
        if (result.delivered) {
          toast.success(`Test delivered to “${channel.name}” in ${formatDuration(result.durationMs)}`);
        } else {
          toast.error(
            `Test to “${channel.name}” failed${result.statusCode ? ` (HTTP ${result.statusCode})` : ''}: ${result.error ?? 'no answer'}`,
          );
        }
      },
      onError: (error) => toast.error(error),
    }),
  );
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {channel.name}
          <Badge tone="info">{KIND_LABELS[channel.kind as Kind] ?? channel.kind}</Badge>
        </p>
        <p className="font-mono text-xs break-all text-slate-500 dark:text-slate-400">{channel.target}</p>
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          Created <RelativeTime iso={channel.createdAt} />
        </p>
      </div>
      <div className="flex gap-2">
        <Button
          size="sm"
          isBusy={test.isPending}
          onClick={() => test.mutate({ id: channel.id })}
          aria-label={`Send test to ${channel.name}`}
        >
          Send test
        </Button>
        <Button size="sm" variant="danger" onClick={onDelete} aria-label={`Delete ${channel.name}`}>
          Delete
        </Button>
      </div>
    </li>
  );
}

export function NotificationChannelsPage() {
  const toast = useToast();
  const [revealed, setRevealed] = useState<{ secret: string; name: string } | null>(null);
  const [deleting, setDeleting] = useState<Channel | null>(null);
  const channels = useQuery(trpc.notificationChannels.list.queryOptions({}));
  const remove = useMutation(
    trpc.notificationChannels.delete.mutationOptions({
      onSuccess: async () => {
        toast.success('Channel deleted');
        setDeleting(null);
        await queryClient.invalidateQueries({ queryKey: trpc.notificationChannels.pathKey() });
      },
      onError: (error) => toast.error(error),
    }),
  );
  return (
    <>
      <PageHeader
        title="Notification channels"
        description="Where alerts go: a signed webhook, a Slack incoming webhook or an e-mail address. Choose channels in a job’s or endpoint’s alert policy."
      />
      {revealed ? (
        <div
          role="status"
          className="mb-6 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200 dark:bg-emerald-950 dark:ring-emerald-900"
        >
          <p className="font-medium text-emerald-900 dark:text-emerald-100">
            Signing secret of “{revealed.name}”. Copy it now: it is not shown again.
          </p>
          <div className="mt-3 flex flex-wrap items-center gap-2">
            <code className="min-w-0 flex-1 rounded bg-white px-3 py-2 font-mono text-sm break-all ring-1 ring-emerald-200 dark:bg-slate-900 dark:ring-emerald-900">
              {revealed.secret}
            </code>
            <CopyButton value={revealed.secret} />
            <Button size="sm" variant="ghost" onClick={() => setRevealed(null)}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Add a channel">
          <CreateChannelForm onCreated={(secret, name) => setRevealed(secret ? { secret, name } : null)} />
        </Card>
        <Card title="Your channels">
          {channels.isPending ? (
            <LoadingRows rows={3} label="Loading channels" />
          ) : channels.error ? (
            <ErrorState message={readApiError(channels.error).message} onRetry={() => void channels.refetch()} />
          ) : channels.data.items.length === 0 ? (
            <EmptyState title="No channels yet">
              Add one, then pick it in an alert policy to hear when an endpoint starts failing.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-800">
              {channels.data.items.map((channel) => (
                <ChannelRow key={channel.id} channel={channel} onDelete={() => setDeleting(channel)} />
              ))}
            </ul>
          )}
        </Card>
      </div>
      <ConfirmDialog
        isOpen={deleting !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        title={`Delete “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete channel"
        isBusy={remove.isPending}
      >
        Alert policies that use it stop sending there at once. Alerts already recorded keep its name.
      </ConfirmDialog>
    </>
  );
}
