import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, lazy, Suspense, useMemo, useState } from 'react';
import { AiPanel } from '../components/ai-panel';
import { AlertHistory } from '../components/alert-history';
import { EndpointAlertPolicy } from '../components/alert-policy-card';
import { ConfirmDialog, Dialog } from '../components/confirm-dialog';
import { NotFoundPage } from '../components/not-found';
import { EndpointStateBadge, RunStatusBadge } from '../components/status';
import { RelativeTime } from '../components/time';
import { useToast } from '../components/toasts';
import {
  Badge,
  Button,
  buttonClass,
  Card,
  cx,
  EmptyState,
  ErrorState,
  Field,
  Input,
  LoadingRows,
  PageHeader,
  Select,
  Skeleton,
  Stat,
} from '../components/ui';
import { isNotFound, readApiError } from '../lib/errors';
import { formatDuration, formatPercent } from '../lib/format';
import { isUnusuallySlow, medianOf } from '../lib/run-stats';
import { describeSchedule } from '../lib/schedule-words';
import { queryClient, type RouterOutputs, trpc, trpcClient } from '../lib/trpc';
import { type EndpointSearch, endpointRoute } from '../router';

type Endpoint = RouterOutputs['endpoints']['get'];

// Recharts is large: the chart loads after the run history.
const RunTimingChart = lazy(() =>
  import('../components/endpoint-charts').then((module) => ({ default: module.RunTimingChart })),
);

const RUNS_PAGE_SIZE = 25;
/** While the page is visible the history refreshes this often; hidden tabs stop polling. */
const LIVE_REFRESH_MS = 3000;
const RUN_STATUSES = ['success', 'failure', 'timeout', 'running', 'skipped', 'quota_exceeded', 'canceled'] as const;
type RunStatus = (typeof RUN_STATUSES)[number];

function Hints({ endpoint }: { endpoint: Endpoint }) {
  const { aiInterval, aiOneShot, manual } = endpoint.hints;
  if (!aiInterval && !aiOneShot && !manual) return null;
  return (
    <ul className="mt-3 space-y-1 text-sm">
      {manual ? (
        <li>
          <Badge tone="info">manual override</Badge>{' '}
          {manual.intervalMs ? `every ${formatDuration(manual.intervalMs)}` : null}
          {manual.runAt ? (
            <>
              once at <RelativeTime iso={manual.runAt} />
            </>
          ) : null}{' '}
          · expires <RelativeTime iso={manual.expiresAt} fallback="never" />
          {manual.reason ? ` · ${manual.reason}` : ''}
        </li>
      ) : null}
      {aiInterval ? (
        <li>
          <Badge tone="info">AI interval</Badge> every {formatDuration(aiInterval.intervalMs)} · expires{' '}
          <RelativeTime iso={aiInterval.expiresAt} fallback="never" />
          {aiInterval.reason ? ` · ${aiInterval.reason}` : ''}
        </li>
      ) : null}
      {aiOneShot ? (
        <li>
          <Badge tone="info">AI one-off</Badge> at <RelativeTime iso={aiOneShot.runAt} /> · expires{' '}
          <RelativeTime iso={aiOneShot.expiresAt} fallback="never" />
          {aiOneShot.reason ? ` · ${aiOneShot.reason}` : ''}
        </li>
      ) : null}
    </ul>
  );
}

function PauseDialog({ endpointId, isOpen, onClose }: { endpointId: string; isOpen: boolean; onClose: () => void }) {
  const toast = useToast();
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const pause = useMutation(
    trpc.endpoints.pause.mutationOptions({
      onSuccess: async () => {
        toast.success('Endpoint paused');
        await queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() });
        onClose();
      },
    }),
  );
  const error = pause.error ? readApiError(pause.error) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    pause.mutate({
      id: endpointId,
      ...(until ? { until: new Date(until).toISOString() } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
  };
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Pause this endpoint">
      <form onSubmit={submit} className="space-y-4" noValidate>
        {error ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {error.message}
          </p>
        ) : null}
        <Field label="Until (optional)" hint="Leave empty to pause until you resume it.">
          {(control) => (
            <Input
              {...control}
              type="datetime-local"
              value={until}
              onChange={(event) => setUntil(event.target.value)}
            />
          )}
        </Field>
        <Field label="Reason (optional)">
          {(control) => (
            <Input {...control} value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" isBusy={pause.isPending}>
            Pause
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function RunHistory({ endpointId, status }: { endpointId: string; status: string | undefined }) {
  const navigate = useNavigate({ from: '/endpoints/$endpointId' });
  const input = { id: endpointId, limit: RUNS_PAGE_SIZE, ...(status ? { status: status as RunStatus } : {}) };
  // Paged by hand rather than with tRPC's infiniteQueryOptions: that adds a `direction` field,
  // which the API's strict inputs refuse. The key stays under runs.list so invalidation reaches it.
  const runs = useInfiniteQuery({
    queryKey: [...trpc.runs.list.queryKey(input), 'pages'],
    queryFn: ({ pageParam }) => trpcClient.runs.list.query({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: LIVE_REFRESH_MS,
  });
  const items = useMemo(() => runs.data?.pages.flatMap((page) => page.items) ?? [], [runs.data]);
  const durations = items.flatMap((run) => (run.durationMs === null ? [] : [run.durationMs]));
  const usualMs = medianOf(durations);

  return (
    <>
      <Card
        title="Run history"
        actions={
          <div className="flex items-center gap-2">
            <span className="flex items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
              <span className="size-2 animate-pulse rounded-full bg-emerald-500" aria-hidden="true" /> Live
            </span>
            <label className="sr-only" htmlFor="run-status-filter">
              Status
            </label>
            <Select
              id="run-status-filter"
              className="w-40 py-1.5"
              value={status ?? ''}
              onChange={(event) =>
                void navigate({
                  search: (): EndpointSearch => (event.target.value ? { status: event.target.value } : {}),
                  replace: true,
                })
              }
            >
              <option value="">All statuses</option>
              {RUN_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {value.replace('_', ' ')}
                </option>
              ))}
            </Select>
          </div>
        }
      >
        {runs.isPending ? (
          <LoadingRows rows={5} label="Loading runs" />
        ) : runs.error ? (
          <ErrorState message={readApiError(runs.error).message} onRetry={() => void runs.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={status ? 'No runs with this status' : 'No runs yet'}>
            {status
              ? 'Pick another status, or all of them.'
              : 'Runs appear here as they happen. Use “Run now” to call it at once.'}
          </EmptyState>
        ) : (
          <>
            <div className="-mx-4 overflow-x-auto">
              <table className="w-full text-left text-sm" aria-label="Runs, newest first">
                <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
                  <tr>
                    <th scope="col" className="px-4 py-2 font-medium">
                      Planned
                    </th>
                    <th scope="col" className="px-4 py-2 font-medium">
                      Status
                    </th>
                    <th scope="col" className="px-4 py-2 text-right font-medium">
                      Duration
                    </th>
                    <th scope="col" className="hidden px-4 py-2 text-right font-medium sm:table-cell">
                      Lateness
                    </th>
                    <th scope="col" className="hidden px-4 py-2 text-right font-medium md:table-cell">
                      Attempt
                    </th>
                    <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell">
                      Source
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                  {items.map((run) => {
                    const isSlow = isUnusuallySlow(run.durationMs, usualMs, durations.length);
                    return (
                      <tr key={run.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/50" data-testid="run-row">
                        <td className="px-4 py-2.5">
                          <Link
                            to="/runs/$runId"
                            params={{ runId: run.id }}
                            className="font-medium text-brand-700 hover:underline dark:text-brand-500"
                          >
                            <RelativeTime iso={run.plannedAt} />
                          </Link>
                        </td>
                        <td className="px-4 py-2.5">
                          <span className="flex flex-wrap items-center gap-1.5">
                            <RunStatusBadge status={run.status} />
                            {run.statusCode ? <span className="font-mono text-xs">{run.statusCode}</span> : null}
                          </span>
                        </td>
                        <td
                          className={cx(
                            'px-4 py-2.5 text-right tabular-nums',
                            isSlow && 'font-semibold text-amber-700 dark:text-amber-400',
                          )}
                        >
                          {formatDuration(run.durationMs)}
                          {isSlow ? (
                            <span className="sr-only"> (well above the usual {formatDuration(usualMs)})</span>
                          ) : null}
                          {isSlow ? (
                            <span aria-hidden="true" title={`Usual: ${formatDuration(usualMs)}`}>
                              {' '}
                              ▲
                            </span>
                          ) : null}
                        </td>
                        <td className="hidden px-4 py-2.5 text-right tabular-nums sm:table-cell">
                          {formatDuration(run.latenessMs)}
                        </td>
                        <td className="hidden px-4 py-2.5 text-right tabular-nums md:table-cell">{run.attempt}</td>
                        <td className="hidden px-4 py-2.5 md:table-cell">
                          <span className="font-mono text-xs" title={run.explanation}>
                            {run.source}
                          </span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {runs.hasNextPage ? (
              <div className="mt-4 flex justify-center">
                <Button size="sm" onClick={() => void runs.fetchNextPage()} isBusy={runs.isFetchingNextPage}>
                  Load older runs
                </Button>
              </div>
            ) : null}
          </>
        )}
      </Card>
      <Card title="Duration and lateness" className="mt-6">
        {runs.isPending ? (
          <Skeleton className="h-56" />
        ) : (
          <Suspense fallback={<Skeleton className="h-56" />}>
            <RunTimingChart runs={items} />
          </Suspense>
        )}
      </Card>
    </>
  );
}

export function EndpointPage() {
  const { endpointId } = endpointRoute.useParams();
  const { status } = endpointRoute.useSearch();
  const toast = useToast();
  const navigate = useNavigate();
  const [isPausing, setIsPausing] = useState(false);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const endpoint = useQuery({
    ...trpc.endpoints.get.queryOptions({ id: endpointId }),
    refetchInterval: LIVE_REFRESH_MS * 2,
  });
  const health = useQuery({ ...trpc.health.endpoint.queryOptions({ id: endpointId }), refetchInterval: 30_000 });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.health.pathKey() }),
    ]);
  const done = (message: string) => ({
    onSuccess: async () => {
      toast.success(message);
      await refresh();
    },
    onError: (error: unknown) => toast.error(error),
  });
  const runNow = useMutation(trpc.endpoints.run.mutationOptions(done('Run queued: it appears below in a moment')));
  const resume = useMutation(trpc.endpoints.resume.mutationOptions(done('Endpoint resumed')));
  const clearOverride = useMutation(trpc.endpoints.clearOverride.mutationOptions(done('Manual override cleared')));
  const resetFailures = useMutation(trpc.endpoints.resetFailures.mutationOptions(done('Failure streak reset')));
  const test = useMutation(
    trpc.endpoints.test.mutationOptions({
      onSuccess: async (run) => {
        toast.success(
          `Test ${run.status}${run.statusCode ? ` (${run.statusCode})` : ''} in ${formatDuration(run.durationMs)}`,
        );
        await refresh();
      },
      onError: (error) => toast.error(error),
    }),
  );
  const remove = useMutation(
    trpc.endpoints.delete.mutationOptions({
      onSuccess: async () => {
        toast.success('Endpoint deleted');
        const jobId = endpoint.data?.jobId;
        setIsConfirmingDelete(false);
        queryClient.removeQueries({ queryKey: trpc.endpoints.get.queryKey({ id: endpointId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.endpoints.list.pathKey() });
        await navigate(jobId ? { to: '/jobs/$jobId', params: { jobId } } : { to: '/jobs' });
      },
      onError: (error) => toast.error(error),
    }),
  );

  if (endpoint.error && isNotFound(endpoint.error)) return <NotFoundPage />;
  if (endpoint.error)
    return <ErrorState message={readApiError(endpoint.error).message} onRetry={() => void endpoint.refetch()} />;
  if (endpoint.isPending) {
    return (
      <div className="space-y-4" role="status" aria-label="Loading the endpoint">
        <Skeleton className="h-10 w-1/2" />
        <Skeleton className="h-28" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  const data = endpoint.data;
  const windows = health.data?.windows ?? [];
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/jobs/$jobId" params={{ jobId: data.jobId }} className="hover:underline">
            Back to job
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            {data.name} <EndpointStateBadge endpoint={data} />
          </span>
        }
        description={
          <span className="font-mono break-all">
            {data.method} {data.url}
          </span>
        }
        actions={
          <>
            <Button variant="primary" onClick={() => runNow.mutate({ id: endpointId })} isBusy={runNow.isPending}>
              Run now
            </Button>
            <Button onClick={() => test.mutate({ id: endpointId })} isBusy={test.isPending}>
              Test
            </Button>
            {data.pause ? (
              <Button onClick={() => resume.mutate({ id: endpointId })} isBusy={resume.isPending}>
                Resume
              </Button>
            ) : (
              <Button onClick={() => setIsPausing(true)}>Pause</Button>
            )}
            <Link to="/endpoints/$endpointId/edit" params={{ endpointId }} className={buttonClass('secondary')}>
              Edit
            </Link>
            <Button variant="danger" onClick={() => setIsConfirmingDelete(true)}>
              Delete
            </Button>
          </>
        }
      />
      <PauseDialog endpointId={endpointId} isOpen={isPausing} onClose={() => setIsPausing(false)} />
      <ConfirmDialog
        isOpen={isConfirmingDelete}
        onCancel={() => setIsConfirmingDelete(false)}
        onConfirm={() => remove.mutate({ id: endpointId })}
        title={`Delete “${data.name}”?`}
        confirmLabel="Delete endpoint"
        isBusy={remove.isPending}
      >
        The endpoint and all its runs are deleted. It cannot be undone.
      </ConfirmDialog>

      <div className="mb-6 grid gap-4 lg:grid-cols-[2fr_1fr]">
        <Card>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <p className="text-sm text-slate-600 dark:text-slate-400">Next run</p>
              <p className="text-xl font-semibold" data-testid="next-run">
                {data.pause ? 'Paused' : <RelativeTime iso={data.nextRunAt} fallback="not scheduled" />}
              </p>
              {data.nextRunExplanation && !data.pause ? (
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                  {data.nextRunExplanation}
                  {data.nextRunSource ? (
                    <>
                      {' '}
                      <Badge>{data.nextRunSource}</Badge>
                    </>
                  ) : null}
                </p>
              ) : null}
            </div>
            <div>
              <p className="text-sm text-slate-600 dark:text-slate-400">Schedule</p>
              <p className="font-medium">{describeSchedule(data.schedule)}</p>
              {data.schedule.type === 'cron' ? (
                <p className="font-mono text-xs text-slate-500 dark:text-slate-400">{data.schedule.cron}</p>
              ) : null}
            </div>
          </div>
          {data.pause ? (
            <p
              className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900"
              data-testid="pause-banner"
            >
              Paused {data.pause.pausedBy ? `by ${data.pause.pausedBy} ` : ''}
              <RelativeTime iso={data.pause.pausedAt} />
              {data.pause.until ? (
                <>
                  {' '}
                  until <RelativeTime iso={data.pause.until} />
                </>
              ) : (
                ' until resumed'
              )}
              {data.pause.reason ? `: ${data.pause.reason}` : '.'}
            </p>
          ) : null}
          {data.failureStreak > 0 ? (
            <div className="mt-4 flex flex-wrap items-center justify-between gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900">
              <span>
                {data.failureStreak} failed run{data.failureStreak === 1 ? '' : 's'} in a row
                {data.schedule.type === 'interval' ? '; runs are spaced out until it recovers.' : '.'}
              </span>
              <Button
                size="sm"
                onClick={() => resetFailures.mutate({ id: endpointId })}
                isBusy={resetFailures.isPending}
              >
                Reset failures
              </Button>
            </div>
          ) : null}
          <Hints endpoint={data} />
          {data.hints.manual ? (
            <Button
              size="sm"
              className="mt-3"
              onClick={() => clearOverride.mutate({ id: endpointId })}
              isBusy={clearOverride.isPending}
            >
              Clear override
            </Button>
          ) : null}
        </Card>
        <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1">
          <Stat
            label="Success rate, 24 h"
            value={formatPercent(windows.find((window) => window.window === '24h')?.successRate)}
            detail={`1 h: ${formatPercent(windows.find((window) => window.window === '1h')?.successRate)} · 7 d: ${formatPercent(windows.find((window) => window.window === '7d')?.successRate)}`}
          />
          <Stat
            label="Duration p50 / p95, 24 h"
            value={
              <span className="text-lg">
                {formatDuration(windows.find((window) => window.window === '24h')?.durationP50Ms)} /{' '}
                {formatDuration(windows.find((window) => window.window === '24h')?.durationP95Ms)}
              </span>
            }
            detail={
              <>
                Last run <RelativeTime iso={data.lastRunAt} fallback="never" />
              </>
            }
          />
        </dl>
      </div>
      <RunHistory endpointId={endpointId} status={status} />
      <AiPanel endpointId={endpointId} aiMode={data.aiMode} />
      <EndpointAlertPolicy endpointId={endpointId} jobId={data.jobId} policy={data.alerts} />
      <Card title="Alerts" className="mt-6">
        <AlertHistory endpointId={endpointId} />
      </Card>
    </>
  );
}
