import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { AlertPolicyCard } from '../components/alert-policy-card';
import { ConfirmDialog } from '../components/confirm-dialog';
import { NotFoundPage } from '../components/not-found';
import { EndpointStateBadge, JobStatusBadge } from '../components/status';
import { RelativeTime } from '../components/time';
import { useToast } from '../components/toasts';
import {
  Button,
  buttonClass,
  Card,
  EmptyState,
  ErrorState,
  LoadingRows,
  PageHeader,
  Skeleton,
  Stat,
} from '../components/ui';
import { isNotFound, readApiError } from '../lib/errors';
import { formatPercent } from '../lib/format';
import { describeSchedule } from '../lib/schedule-words';
import { queryClient, trpc } from '../lib/trpc';
import { jobRoute } from '../router';

export function JobPage() {
  const { jobId } = jobRoute.useParams();
  const toast = useToast();
  const navigate = useNavigate();
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const job = useQuery(trpc.jobs.get.queryOptions({ id: jobId }));
  const endpoints = useQuery({
    ...trpc.endpoints.list.queryOptions({ jobId, limit: 200, offset: 0 }),
    refetchInterval: 15_000,
  });
  const health = useQuery(trpc.health.job.queryOptions({ id: jobId }));

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.jobs.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() }),
    ]);
  const options = (done: string) => ({
    onSuccess: async () => {
      toast.success(done);
      await refresh();
    },
    onError: (error: unknown) => toast.error(error),
  });
  const pause = useMutation(trpc.jobs.pause.mutationOptions(options('Job paused: none of its endpoints run')));
  const resume = useMutation(trpc.jobs.resume.mutationOptions(options('Job resumed')));
  const archive = useMutation(trpc.jobs.archive.mutationOptions(options('Job archived')));
  const remove = useMutation(
    trpc.jobs.delete.mutationOptions({
      onSuccess: async () => {
        toast.success('Job deleted');
        setIsConfirmingDelete(false);
        await refresh();
        await navigate({ to: '/jobs' });
      },
      onError: (error) => toast.error(error),
    }),
  );

  if (job.error && isNotFound(job.error)) return <NotFoundPage />;
  if (job.error) return <ErrorState message={readApiError(job.error).message} onRetry={() => void job.refetch()} />;
  if (job.isPending) {
    return (
      <div className="space-y-4" role="status" aria-label="Loading the job">
        <Skeleton className="h-10 w-1/2" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  const day = health.data?.windows.find((window) => window.window === '24h');
  const status = job.data.status;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/jobs" className="hover:underline">
            Jobs
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            {job.data.name} <JobStatusBadge status={status} />
          </span>
        }
        description={job.data.description || undefined}
        actions={
          <>
            {status === 'active' ? (
              <Button onClick={() => pause.mutate({ id: jobId })} isBusy={pause.isPending}>
                Pause
              </Button>
            ) : (
              <Button onClick={() => resume.mutate({ id: jobId })} isBusy={resume.isPending}>
                Resume
              </Button>
            )}
            {status !== 'archived' ? (
              <Button onClick={() => archive.mutate({ id: jobId })} isBusy={archive.isPending}>
                Archive
              </Button>
            ) : null}
            <Button variant="danger" onClick={() => setIsConfirmingDelete(true)}>
              Delete
            </Button>
            <Link to="/jobs/$jobId/endpoints/new" params={{ jobId }} className={buttonClass('primary')}>
              New endpoint
            </Link>
          </>
        }
      />
      <ConfirmDialog
        isOpen={isConfirmingDelete}
        onCancel={() => setIsConfirmingDelete(false)}
        onConfirm={() => remove.mutate({ id: jobId })}
        title={`Delete “${job.data.name}”?`}
        confirmLabel="Delete job"
        isBusy={remove.isPending}
      >
        This deletes the job, its endpoints and all their runs. It cannot be undone.
      </ConfirmDialog>
      {status !== 'active' ? (
        <p className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900">
          This job is {status}: none of its endpoints run until you resume it.
        </p>
      ) : null}
      <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Endpoints" value={health.data?.endpoints ?? '—'} />
        <Stat
          label="Failing"
          value={health.data?.failingEndpoints ?? '—'}
          tone={health.data?.failingEndpoints ? 'danger' : undefined}
        />
        <Stat label="Success rate, 24 h" value={formatPercent(day?.successRate)} />
        <Stat
          label="Next run"
          value={
            <span className="text-lg">
              <RelativeTime iso={health.data?.nextRunAt} fallback="none" />
            </span>
          }
        />
      </dl>
      <Card title="Endpoints">
        {endpoints.isPending ? (
          <LoadingRows rows={3} label="Loading endpoints" />
        ) : endpoints.error ? (
          <ErrorState message={readApiError(endpoints.error).message} onRetry={() => void endpoints.refetch()} />
        ) : endpoints.data.items.length === 0 ? (
          <EmptyState
            title="No endpoints yet"
            action={
              <Link to="/jobs/$jobId/endpoints/new" params={{ jobId }} className={buttonClass('primary')}>
                New endpoint
              </Link>
            }
          >
            An endpoint is a URL that Cronwise calls on a schedule and whose every response it records.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {endpoints.data.items.map((endpoint) => (
              <li key={endpoint.id} className="grid gap-2 py-3 sm:grid-cols-[1fr_auto] sm:items-center">
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link
                      to="/endpoints/$endpointId"
                      params={{ endpointId: endpoint.id }}
                      className="font-medium text-brand-700 hover:underline dark:text-brand-500"
                    >
                      {endpoint.name}
                    </Link>
                    <EndpointStateBadge endpoint={endpoint} />
                  </div>
                  <p className="truncate font-mono text-xs text-slate-500 dark:text-slate-400">
                    {endpoint.method} {endpoint.url}
                  </p>
                  <p className="text-xs text-slate-600 dark:text-slate-400">{describeSchedule(endpoint.schedule)}</p>
                </div>
                <div className="text-sm text-slate-600 sm:text-right dark:text-slate-400">
                  <div>
                    Next: <RelativeTime iso={endpoint.nextRunAt} fallback="not scheduled" />
                  </div>
                  <div>
                    Last: <RelativeTime iso={endpoint.lastRunAt} fallback="never" />
                    {endpoint.lastRunStatus ? ` · ${endpoint.lastRunStatus}` : ''}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <AlertPolicyCard target={{ kind: 'job', id: jobId }} policy={job.data.alerts} />
    </>
  );
}
