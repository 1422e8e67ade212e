import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { issuesByField, readApiError } from '../lib/errors';
import { queryClient, type RouterOutputs, trpc } from '../lib/trpc';
import { useToast } from './toasts';
import { Badge, Button, Card, EmptyState, Field, Input, LoadingRows } from './ui';

type Policy = NonNullable<RouterOutputs['jobs']['get']['alerts']>;

/** What the form edits: strings for the number boxes, so typing is never fought by parsing. */
interface PolicyForm {
  channelIds: string[];
  afterConsecutiveFailures: string;
  failures: string;
  runs: string;
  onRecovery: boolean;
  onAutoPause: boolean;
  onQuotaExhausted: boolean;
  onAiPause: boolean;
}

const EVENTS = [
  ['onRecovery', 'when it recovers'],
  ['onAutoPause', 'when it is auto-paused after repeated failures'],
  ['onQuotaExhausted', 'when the monthly run quota is used up'],
  ['onAiPause', 'when the AI planner pauses it'],
] as const;

function toForm(policy: Policy | null): PolicyForm {
  return {
    channelIds: policy?.channelIds ?? [],
    afterConsecutiveFailures: policy?.afterConsecutiveFailures ? String(policy.afterConsecutiveFailures) : '',
    failures: policy?.failuresInLastRuns ? String(policy.failuresInLastRuns.failures) : '',
    runs: policy?.failuresInLastRuns ? String(policy.failuresInLastRuns.runs) : '',
    onRecovery: policy?.onRecovery ?? true,
    onAutoPause: policy?.onAutoPause ?? true,
    onQuotaExhausted: policy?.onQuotaExhausted ?? true,
    onAiPause: policy?.onAiPause ?? false,
  };
}

/** A box that is not a number is sent as -1, so the API names the field instead of the form guessing. */
const whole = (text: string) => (Number.isInteger(Number(text)) && text.trim() !== '' ? Number(text) : -1);

function toInput(form: PolicyForm) {
  return {
    channelIds: form.channelIds,
    afterConsecutiveFailures: form.afterConsecutiveFailures.trim() ? whole(form.afterConsecutiveFailures) : null,
    failuresInLastRuns:
      form.failures.trim() || form.runs.trim() ? { failures: whole(form.failures), runs: whole(form.runs) } : null,
    onRecovery: form.onRecovery,
    onAutoPause: form.onAutoPause,
    onQuotaExhausted: form.onQuotaExhausted,
    onAiPause: form.onAiPause,
  };
}

function describePolicy(policy: Policy, channelNames: Map<string, string>): string {
  const rule =
    policy.afterConsecutiveFailures && policy.afterConsecutiveFailures > 1
      ? `after ${policy.afterConsecutiveFailures} failures in a row`
      : policy.failuresInLastRuns
        ? `after ${policy.failuresInLastRuns.failures} failures in the last ${policy.failuresInLastRuns.runs} runs`
        : 'at the first failure';
  const names = policy.channelIds.map((id) => channelNames.get(id) ?? 'a deleted channel');
  return `Alerts ${rule} to ${names.length > 0 ? names.join(', ') : 'no channel'}.`;
}

/**
 * The alert policy of a job (the default for its endpoints) or of one endpoint (its own, which
 * replaces the job's). `inherited` is the job's policy, shown while the endpoint has none.
 */
export function AlertPolicyCard({
  target,
  policy,
  inherited,
}: {
  target: { kind: 'job' | 'endpoint'; id: string };
  policy: Policy | null;
  inherited?: Policy | null;
}) {
  const toast = useToast();
  const [form, setForm] = useState<PolicyForm | null>(null);
  const channels = useQuery(trpc.notificationChannels.list.queryOptions({}));
  const onSaved = async (message: string) => {
    toast.success(message);
    setForm(null);
    await queryClient.invalidateQueries({ queryKey: (target.kind === 'job' ? trpc.jobs : trpc.endpoints).pathKey() });
  };
  const updateJob = useMutation(trpc.jobs.update.mutationOptions({ onSuccess: () => onSaved('Alert policy saved') }));
  const updateEndpoint = useMutation(
    trpc.endpoints.update.mutationOptions({ onSuccess: () => onSaved('Alert policy saved') }),
  );
  const update = target.kind === 'job' ? updateJob : updateEndpoint;
  const save = (alerts: ReturnType<typeof toInput> | null) =>
    target.kind === 'job'
      ? updateJob.mutate({ id: target.id, alerts })
      : updateEndpoint.mutate({ id: target.id, alerts });
  const error = update.error ? readApiError(update.error) : null;
  const problems = issuesByField(
    (error?.issues ?? []).map((issue) => ({ ...issue, path: issue.path.filter((part) => part !== 'alerts') })),
  );
  const channelProblems = Object.entries(problems)
    .filter(([path]) => path.startsWith('channelIds'))
    .flatMap(([, messages]) => messages);
  const channelNames = new Map((channels.data?.items ?? []).map((channel) => [channel.id, channel.name]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form) save(toInput(form));
  };
  const scope = target.kind === 'job' ? 'this job’s endpoints (unless an endpoint sets its own)' : 'this endpoint';

  return (
    <Card
      title="Alert policy"
      className="mt-6"
      actions={
        form === null ? (
          <Button size="sm" onClick={() => setForm(toForm(policy ?? inherited ?? null))}>
            {policy ? 'Edit' : 'Set a policy'}
          </Button>
        ) : null
      }
    >
      {form === null ? (
        <div className="space-y-2 text-sm">
          {policy ? (
            <p>{describePolicy(policy, channelNames)}</p>
          ) : inherited ? (
            <p>
              <Badge>from the job</Badge> {describePolicy(inherited, channelNames)}
            </p>
          ) : (
            <p className="text-slate-600 dark:text-slate-400">No alerts: nobody is told when {scope} fails.</p>
          )}
          {policy ? (
            <Button size="sm" variant="ghost" isBusy={update.isPending} onClick={() => save(null)}>
              {target.kind === 'endpoint' ? 'Use the job’s policy' : 'Remove the policy'}
            </Button>
          ) : null}
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate aria-label="Alert policy">
          {error && !error.issues.length ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error.message}
            </p>
          ) : null}
          <fieldset>
            <legend className="text-sm font-medium">Send to</legend>
            {channels.isPending ? (
              <LoadingRows rows={1} label="Loading channels" />
            ) : (channels.data?.items.length ?? 0) === 0 ? (
              <EmptyState title="No notification channels">
                <Link to="/settings/notification-channels" className="text-brand-700 underline dark:text-brand-500">
                  Add a channel
                </Link>{' '}
                first, then choose it here.
              </EmptyState>
            ) : (
              <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
                {channels.data?.items.map((channel) => (
                  <label key={channel.id} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      className="size-4 accent-brand-700"
                      checked={form.channelIds.includes(channel.id)}
                      onChange={(event) =>
                        setForm({
                          ...form,
                          channelIds: event.target.checked
                            ? [...form.channelIds, channel.id]
                            : form.channelIds.filter((id) => id !== channel.id),
                        })
                      }
                    />
                    {channel.name} <span className="text-xs text-slate-500">({channel.kind})</span>
                  </label>
                ))}
              </div>
            )}
            {channelProblems.length > 0 ? (
              <p className="mt-1 text-sm text-red-700 dark:text-red-400">{channelProblems.join('; ')}</p>
            ) : null}
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field
              label="After failures in a row"
              hint="Empty: see the next rule, or the first failure."
              errors={problems.afterConsecutiveFailures}
            >
              {(control) => (
                <Input
                  {...control}
                  inputMode="numeric"
                  value={form.afterConsecutiveFailures}
                  onChange={(event) => setForm({ ...form, afterConsecutiveFailures: event.target.value })}
                />
              )}
            </Field>
            <Field label="Or failures…" errors={problems['failuresInLastRuns.failures'] ?? problems.failuresInLastRuns}>
              {(control) => (
                <Input
                  {...control}
                  inputMode="numeric"
                  value={form.failures}
                  onChange={(event) => setForm({ ...form, failures: event.target.value })}
                />
              )}
            </Field>
            <Field label="…in the last runs" errors={problems['failuresInLastRuns.runs']}>
              {(control) => (
                <Input
                  {...control}
                  inputMode="numeric"
                  value={form.runs}
                  onChange={(event) => setForm({ ...form, runs: event.target.value })}
                />
              )}
            </Field>
          </div>
          <fieldset>
            <legend className="text-sm font-medium">Also tell me</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {EVENTS.map(([key, label]) => (
                <label key={key} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4 accent-brand-700"
                    checked={form[key]}
                    onChange={(event) => setForm({ ...form, [key]: event.target.checked })}
                  />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="flex flex-wrap justify-end gap-2">
            <Button onClick={() => setForm(null)}>Cancel</Button>
            <Button type="submit" variant="primary" isBusy={update.isPending}>
              Save policy
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}

/** The endpoint's own policy, with its job's shown while it has none. */
export function EndpointAlertPolicy({
  endpointId,
  jobId,
  policy,
}: {
  endpointId: string;
  jobId: string;
  policy: Policy | null;
}) {
  const job = useQuery(trpc.jobs.get.queryOptions({ id: jobId }));
  return (
    <AlertPolicyCard
      target={{ kind: 'endpoint', id: endpointId }}
      policy={policy}
      inherited={job.data?.alerts ?? null}
    />
  );
}
