import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { NotFoundPage } from '../components/not-found';
import { SchedulePreview } from '../components/schedule-preview';
import { TimeZoneInput } from '../components/time-zone-input';
import { useToast } from '../components/toasts';
import { Button, Card, cx, ErrorState, Field, Input, PageHeader, Select, Skeleton, Textarea } from '../components/ui';
import {
  checkEndpointForm,
  type EndpointFormState,
  emptyEndpointForm,
  endpointToForm,
  formFieldForIssuePath,
  formToEndpointInput,
  HTTP_METHODS,
  intervalMsOf,
} from '../lib/endpoint-form-state';
import { isNotFound, readApiError } from '../lib/errors';
import { INTERVAL_UNITS } from '../lib/format';
import { describeSchedule } from '../lib/schedule-words';
import { queryClient, trpc } from '../lib/trpc';
import { editEndpointRoute, newEndpointRoute } from '../router';

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className="grid gap-4 border-t border-slate-200 py-6 first:border-t-0 first:pt-0 md:grid-cols-[14rem_1fr] dark:border-slate-800">
      <div>
        <legend className="text-base font-semibold">{title}</legend>
        {description ? <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p> : null}
      </div>
      <div className="min-w-0 space-y-4">{children}</div>
    </fieldset>
  );
}

export interface EndpointFormProps {
  initial: EndpointFormState;
  submitLabel: string;
  isSubmitting: boolean;
  submitError: unknown;
  onSubmit: (state: EndpointFormState) => void;
  cancel: ReactNode;
}

export function EndpointForm({ initial, submitLabel, isSubmitting, submitError, onSubmit, cancel }: EndpointFormProps) {
  const [state, setState] = useState(initial);
  const [localProblems, setLocalProblems] = useState<Record<string, string[]>>({});
  const [nextHeaderKey, setNextHeaderKey] = useState(1000);
  const set = <Key extends keyof EndpointFormState>(key: Key, value: EndpointFormState[Key]) =>
    setState((current) => ({ ...current, [key]: value }));

  const apiError = submitError ? readApiError(submitError) : null;
  const problems = useMemo(() => {
    const grouped: Record<string, string[]> = { ...localProblems };
    for (const issue of apiError?.issues ?? []) {
      const field = formFieldForIssuePath(issue.path.join('.'));
      grouped[field] = [...(grouped[field] ?? []), issue.message];
    }
    return grouped;
  }, [apiError, localProblems]);

  const shownFields = new Set([
    'name',
    'description',
    'url',
    'method',
    'body',
    'timeout',
    'cron',
    'timezone',
    'interval',
    'minInterval',
    'maxInterval',
    'retry.maxAttempts',
    'retry.baseDelayMs',
    'retry.maxDelayMs',
    'successStatusCodes',
    'overlap',
    'catchUp',
    'aiMode',
    ...state.headers.flatMap((_, index) => [`headers.${index}.name`, `headers.${index}.value`]),
  ]);
  const unplacedIssues = Object.entries(problems).filter(([field]) => !shownFields.has(field));
  const schedule =
    state.scheduleType === 'cron'
      ? { type: 'cron' as const, cron: state.cron, timezone: state.timezone }
      : { type: 'interval' as const, intervalMs: intervalMsOf(state) };
  const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(state.method);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkEndpointForm(state);
    setLocalProblems(found);
    if (Object.keys(found).length > 0) return;
    onSubmit(state);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      {apiError && (apiError.issues.length === 0 || unplacedIssues.length > 0) ? (
        <div
          role="alert"
          className="mb-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900"
        >
          <p className="font-medium">{apiError.message}</p>
          {unplacedIssues.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {unplacedIssues.map(([field, messages]) => (
                <li key={field}>
                  {field || 'input'}: {messages.join('; ')}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : apiError ? (
        <p role="alert" className="sr-only">
          {apiError.message}
        </p>
      ) : null}
      <Card>
        <Section title="Basics" description="How this endpoint is named, and rules the AI planner reads.">
          <Field label="Name" errors={problems.name}>
            {(control) => (
              <Input {...control} value={state.name} onChange={(event) => set('name', event.target.value)} />
            )}
          </Field>
          <Field
            label="Description (optional)"
            hint="Plain-language rules, e.g. “check more often while it returns 5xx”."
            errors={problems.description}
          >
            {(control) => (
              <Textarea
                {...control}
                rows={2}
                className="font-sans"
                value={state.description}
                onChange={(event) => set('description', event.target.value)}
              />
            )}
          </Field>
        </Section>

        <Section
          title="Request"
          description="What Cronwise sends. Secret header values are stored encrypted and never shown again."
        >
          <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
            <Field label="Method" errors={problems.method}>
              {(control) => (
                <Select {...control} value={state.method} onChange={(event) => set('method', event.target.value)}>
                  {HTTP_METHODS.map((method) => (
                    <option key={method}>{method}</option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="URL" errors={problems.url}>
              {(control) => (
                <Input
                  {...control}
                  type="url"
                  inputMode="url"
                  spellCheck={false}
                  value={state.url}
                  onChange={(event) => set('url', event.target.value)}
                />
              )}
            </Field>
          </div>
          <div className="space-y-2">
            <p className="text-sm font-medium text-slate-800 dark:text-slate-200">Headers</p>
            {state.headers.length === 0 ? (
              <p className="text-sm text-slate-500 dark:text-slate-400">No headers.</p>
            ) : null}
            {state.headers.map((header, index) => (
              <div
                key={header.key}
                className="grid gap-2 rounded-md p-2 ring-1 ring-slate-200 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end dark:ring-slate-800"
              >
                <Field label={`Header ${index + 1} name`} errors={problems[`headers.${index}.name`]}>
                  {(control) => (
                    <Input
                      {...control}
                      spellCheck={false}
                      value={header.name}
                      onChange={(event) =>
                        set(
                          'headers',
                          state.headers.map((row) =>
                            row.key === header.key ? { ...row, name: event.target.value } : row,
                          ),
                        )
                      }
                    />
                  )}
                </Field>
                <Field label={`Header ${index + 1} value`} errors={problems[`headers.${index}.value`]}>
                  {(control) => (
                    <Input
                      {...control}
                      type={header.isSecret ? 'password' : 'text'}
                      autoComplete="off"
                      spellCheck={false}
                      value={header.value}
                      onChange={(event) =>
                        set(
                          'headers',
                          state.headers.map((row) =>
                            row.key === header.key ? { ...row, value: event.target.value } : row,
                          ),
                        )
                      }
                    />
                  )}
                </Field>
                <label className="flex items-center gap-2 py-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4 accent-brand-700"
                    checked={header.isSecret}
                    onChange={(event) =>
                      set(
                        'headers',
                        state.headers.map((row) =>
                          row.key === header.key ? { ...row, isSecret: event.target.checked } : row,
                        ),
                      )
                    }
                  />
                  Secret
                </label>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove header ${index + 1}`}
                  onClick={() =>
                    set(
                      'headers',
                      state.headers.filter((row) => row.key !== header.key),
                    )
                  }
                >
                  Remove
                </Button>
              </div>
            ))}
            <Button
              size="sm"
              onClick={() => {
                set('headers', [...state.headers, { key: nextHeaderKey, name: '', value: '', isSecret: false }]);
                setNextHeaderKey((key) => key + 1);
              }}
            >
              Add header
            </Button>
          </div>
          {hasBody ? (
            <Field label="Body (optional)" errors={problems.body}>
              {(control) => (
                <Textarea
                  {...control}
                  rows={4}
                  spellCheck={false}
                  value={state.body}
                  onChange={(event) => set('body', event.target.value)}
                />
              )}
            </Field>
          ) : null}
          <Field label="Timeout (seconds)" errors={problems.timeout} className="max-w-xs">
            {(control) => (
              <Input
                {...control}
                inputMode="decimal"
                value={state.timeoutSeconds}
                onChange={(event) => set('timeoutSeconds', event.target.value)}
              />
            )}
          </Field>
        </Section>

        <Section
          title="Schedule"
          description="A cron expression in a time zone, or a fixed interval that never drifts."
        >
          <div
            role="radiogroup"
            aria-label="Schedule type"
            className="inline-flex rounded-md p-0.5 ring-1 ring-slate-300 dark:ring-slate-700"
          >
            {(['cron', 'interval'] as const).map((type) => (
              <label
                key={type}
                className={cx(
                  'cursor-pointer rounded px-3 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600',
                  state.scheduleType === type ? 'bg-brand-700 text-white' : 'text-slate-700 dark:text-slate-300',
                )}
              >
                <input
                  type="radio"
                  name="schedule-type"
                  value={type}
                  className="sr-only"
                  checked={state.scheduleType === type}
                  onChange={() => set('scheduleType', type)}
                />
                {type === 'cron' ? 'Cron' : 'Interval'}
              </label>
            ))}
          </div>
          {state.scheduleType === 'cron' ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                label="Cron expression"
                hint="5 fields (minute hour day month weekday), or 6 with seconds first."
                errors={problems.cron}
              >
                {(control) => (
                  <Input
                    {...control}
                    spellCheck={false}
                    className="font-mono"
                    value={state.cron}
                    onChange={(event) => set('cron', event.target.value)}
                  />
                )}
              </Field>
              <Field label="Time zone" hint="Type to search, e.g. “Berlin”." errors={problems.timezone}>
                {(control) => (
                  <TimeZoneInput
                    {...control}
                    value={state.timezone}
                    onChange={(event) => set('timezone', event.target.value)}
                  />
                )}
              </Field>
            </div>
          ) : (
            <div className="grid max-w-md grid-cols-2 gap-4">
              <Field label="Every" errors={problems.interval}>
                {(control) => (
                  <Input
                    {...control}
                    inputMode="numeric"
                    value={state.intervalAmount}
                    onChange={(event) => set('intervalAmount', event.target.value)}
                  />
                )}
              </Field>
              <Field label="Unit">
                {(control) => (
                  <Select
                    {...control}
                    value={state.intervalUnit}
                    onChange={(event) => set('intervalUnit', event.target.value as EndpointFormState['intervalUnit'])}
                  >
                    {INTERVAL_UNITS.map((unit) => (
                      <option key={unit.unit} value={unit.unit}>
                        {unit.unit}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </div>
          )}
          <p className="text-sm text-slate-700 dark:text-slate-300">
            <span className="font-medium">In words:</span> {describeSchedule(schedule)}
          </p>
          <SchedulePreview schedule={schedule} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="Minimum gap (seconds, optional)"
              hint="Nothing, not even the AI, runs it closer than this."
              errors={problems.minInterval}
            >
              {(control) => (
                <Input
                  {...control}
                  inputMode="decimal"
                  value={state.minIntervalSeconds}
                  onChange={(event) => set('minIntervalSeconds', event.target.value)}
                />
              )}
            </Field>
            <Field
              label="Maximum gap (seconds, optional)"
              hint="It runs at least this often."
              errors={problems.maxInterval}
            >
              {(control) => (
                <Input
                  {...control}
                  inputMode="decimal"
                  value={state.maxIntervalSeconds}
                  onChange={(event) => set('maxIntervalSeconds', event.target.value)}
                />
              )}
            </Field>
          </div>
        </Section>

        <Section title="Reliability" description="What counts as success, and what happens when it fails.">
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Attempts per run" errors={problems['retry.maxAttempts']}>
              {(control) => (
                <Input
                  {...control}
                  inputMode="numeric"
                  value={state.retryMaxAttempts}
                  onChange={(event) => set('retryMaxAttempts', event.target.value)}
                />
              )}
            </Field>
            <Field label="First retry after (s)" errors={problems['retry.baseDelayMs']}>
              {(control) => (
                <Input
                  {...control}
                  inputMode="decimal"
                  value={state.retryBaseDelaySeconds}
                  onChange={(event) => set('retryBaseDelaySeconds', event.target.value)}
                />
              )}
            </Field>
            <Field label="Longest retry wait (s)" errors={problems['retry.maxDelayMs']}>
              {(control) => (
                <Input
                  {...control}
                  inputMode="decimal"
                  value={state.retryMaxDelaySeconds}
                  onChange={(event) => set('retryMaxDelaySeconds', event.target.value)}
                />
              )}
            </Field>
          </div>
          <Field
            label="Success status codes"
            hint="Ranges and codes, e.g. 200-299,304."
            errors={problems.successStatusCodes}
            className="max-w-xs"
          >
            {(control) => (
              <Input
                {...control}
                spellCheck={false}
                value={state.successStatusCodes}
                onChange={(event) => set('successStatusCodes', event.target.value)}
              />
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="When a run is still going" errors={problems.overlap}>
              {(control) => (
                <Select
                  {...control}
                  value={state.overlap}
                  onChange={(event) => set('overlap', event.target.value as EndpointFormState['overlap'])}
                >
                  <option value="skip">Skip the next run</option>
                  <option value="allow">Run anyway</option>
                </Select>
              )}
            </Field>
            <Field label="After an outage" errors={problems.catchUp}>
              {(control) => (
                <Select
                  {...control}
                  value={state.catchUp}
                  onChange={(event) => set('catchUp', event.target.value as EndpointFormState['catchUp'])}
                >
                  <option value="once">Run once to catch up</option>
                  <option value="skip">Skip missed runs</option>
                </Select>
              )}
            </Field>
            <Field label="AI planner" errors={problems.aiMode}>
              {(control) => (
                <Select
                  {...control}
                  value={state.aiMode}
                  onChange={(event) => set('aiMode', event.target.value as EndpointFormState['aiMode'])}
                >
                  <option value="off">Off</option>
                  <option value="suggest">Suggest (you approve)</option>
                  <option value="auto">Automatic, within bounds</option>
                </Select>
              )}
            </Field>
          </div>
        </Section>
        <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
          {cancel}
          <Button type="submit" variant="primary" isBusy={isSubmitting}>
            {submitLabel}
          </Button>
        </div>
      </Card>
    </form>
  );
}

export function NewEndpointPage() {
  const { jobId } = newEndpointRoute.useParams();
  const navigate = useNavigate();
  const toast = useToast();
  const job = useQuery(trpc.jobs.get.queryOptions({ id: jobId }));
  const usage = useQuery(trpc.account.usage.queryOptions({}));
  const initial = useMemo(() => emptyEndpointForm(browserTimeZone()), []);
  const isAtEndpointLimit = usage.data ? usage.data.endpoints >= usage.data.endpointsLimit : false;
  const create = useMutation(
    trpc.endpoints.create.mutationOptions({
      onSuccess: async (endpoint) => {
        toast.success(`Endpoint “${endpoint.name}” created`);
        await queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() });
        await navigate({ to: '/endpoints/$endpointId', params: { endpointId: endpoint.id } });
      },
    }),
  );
  if (job.error && isNotFound(job.error)) return <NotFoundPage />;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/jobs/$jobId" params={{ jobId }} className="hover:underline">
            {job.data?.name ?? 'Job'}
          </Link>
        }
        title="New endpoint"
        description="Cronwise calls this URL on the schedule below and records every response."
      />
      {usage.data ? (
        <p
          role={isAtEndpointLimit ? 'alert' : undefined}
          className={cx(
            'mb-4 rounded-md px-4 py-3 text-sm ring-1',
            isAtEndpointLimit
              ? 'bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900'
              : 'bg-white text-slate-700 ring-slate-200 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-800',
          )}
        >
          {isAtEndpointLimit
            ? `Your ${usage.data.tier} plan allows ${usage.data.endpointsLimit} endpoints and all are in use: delete one or change your plan before creating another.`
            : `You use ${usage.data.endpoints} of the ${usage.data.endpointsLimit} endpoints your ${usage.data.tier} plan allows.`}
        </p>
      ) : null}
      <EndpointForm
        initial={initial}
        submitLabel="Create endpoint"
        isSubmitting={create.isPending}
        submitError={create.error}
        onSubmit={(state) => create.mutate({ jobId, ...formToEndpointInput(state) })}
        cancel={<Button onClick={() => navigate({ to: '/jobs/$jobId', params: { jobId } })}>Cancel</Button>}
      />
    </>
  );
}

export function EditEndpointPage() {
  const { endpointId } = editEndpointRoute.useParams();
  const navigate = useNavigate();
  const toast = useToast();
  const endpoint = useQuery({
    ...trpc.endpoints.get.queryOptions({ id: endpointId }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const update = useMutation(
    trpc.endpoints.update.mutationOptions({
      onSuccess: async (saved) => {
        toast.success('Changes saved');
        await queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() });
        await navigate({ to: '/endpoints/$endpointId', params: { endpointId: saved.id } });
      },
    }),
  );
  if (endpoint.error && isNotFound(endpoint.error)) return <NotFoundPage />;
  if (endpoint.error)
    return <ErrorState message={readApiError(endpoint.error).message} onRetry={() => void endpoint.refetch()} />;
  if (endpoint.isPending) {
    return (
      <div className="space-y-4" role="status" aria-label="Loading the endpoint">
        <Skeleton className="h-10 w-1/2" />
        <Skeleton className="h-96" />
      </div>
    );
  }
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/endpoints/$endpointId" params={{ endpointId }} className="hover:underline">
            {endpoint.data.name}
          </Link>
        }
        title="Edit endpoint"
      />
      <EndpointForm
        initial={endpointToForm(endpoint.data)}
        submitLabel="Save changes"
        isSubmitting={update.isPending}
        submitError={update.error}
        onSubmit={(state) => update.mutate({ id: endpointId, ...formToEndpointInput(state) })}
        cancel={
          <Button onClick={() => navigate({ to: '/endpoints/$endpointId', params: { endpointId } })}>Cancel</Button>
        }
      />
    </>
  );
}
