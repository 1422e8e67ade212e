import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { describeProposal } from '../components/ai-panel';
import { EndpointStateBadge } from '../components/status';
import { RelativeTime } from '../components/time';
import { buttonClass, Card, EmptyState, ErrorState, LoadingRows, PageHeader, Skeleton, Stat } from '../components/ui';
import { readApiError } from '../lib/errors';
import { formatCount, formatDuration, formatPercent } from '../lib/format';
import { trpc } from '../lib/trpc';

// Recharts is large: the chart loads after the numbers, keeping the first paint light.
const OutcomeChart = lazy(() =>
  import('../components/outcome-chart').then((module) => ({ default: module.OutcomeChart })),
);

const DASHBOARD_JOB_LIMIT = 20;
const DUE_NEXT_COUNT = 8;

function DueNext() {
  const jobs = useQuery(trpc.jobs.list.queryOptions({ status: 'active', limit: DASHBOARD_JOB_LIMIT, offset: 0 }));
  const endpointLists = useQueries({
    queries: (jobs.data?.items ?? []).map((job) =>
      trpc.endpoints.list.queryOptions({ jobId: job.id, limit: 200, offset: 0 }),
    ),
  });
  if (jobs.isPending || endpointLists.some((list) => list.isPending))
    return <LoadingRows rows={3} label="Loading the next runs" />;
  const failed = jobs.error ?? endpointLists.find((list) => list.error)?.error;
  if (failed) return <ErrorState message={readApiError(failed).message} onRetry={() => void jobs.refetch()} />;
  const jobNames = new Map((jobs.data?.items ?? []).map((job) => [job.id, job.name]));
  const due = endpointLists
    .flatMap((list) => list.data?.items ?? [])
    .filter((endpoint) => endpoint.nextRunAt)
    .sort((left, right) => (left.nextRunAt ?? '').localeCompare(right.nextRunAt ?? ''))
    .slice(0, DUE_NEXT_COUNT);
  if (due.length === 0) {
    return (
      <EmptyState
        title="Nothing is scheduled"
        action={
          <Link to="/jobs" className={buttonClass('primary', 'sm')}>
            Go to jobs
          </Link>
        }
      >
        Create a job and add an endpoint to it; its next runs show up here.
      </EmptyState>
    );
  }
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800">
      {due.map((endpoint) => (
        <li key={endpoint.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
          <div className="min-w-0">
            <Link
              to="/endpoints/$endpointId"
              params={{ endpointId: endpoint.id }}
              className="font-medium text-brand-700 hover:underline dark:text-brand-500"
            >
              {endpoint.name}
            </Link>
            <p className="truncate text-xs text-slate-500 dark:text-slate-400">{jobNames.get(endpoint.jobId)}</p>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <EndpointStateBadge endpoint={endpoint} />
            <RelativeTime iso={endpoint.nextRunAt} />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Suggestions of the AI planner that wait for a person, across the endpoints listed above. */
function PendingSuggestions() {
  const jobs = useQuery(trpc.jobs.list.queryOptions({ status: 'active', limit: DASHBOARD_JOB_LIMIT, offset: 0 }));
  const endpointLists = useQueries({
    queries: (jobs.data?.items ?? []).map((job) =>
      trpc.endpoints.list.queryOptions({ jobId: job.id, limit: 200, offset: 0 }),
    ),
  });
  const advised = endpointLists
    .flatMap((list) => list.data?.items ?? [])
    .filter((endpoint) => endpoint.aiMode === 'suggest');
  const proposalLists = useQueries({
    queries: advised.map((endpoint) => ({
      ...trpc.ai.listProposals.queryOptions({ id: endpoint.id, status: 'pending' }),
      refetchInterval: 30_000,
    })),
  });
  if (jobs.isPending || endpointLists.some((list) => list.isPending) || proposalLists.some((list) => list.isPending)) {
    return <LoadingRows rows={2} label="Loading AI suggestions" />;
  }
  const failed = proposalLists.find((list) => list.error)?.error;
  if (failed) return <ErrorState message={readApiError(failed).message} />;
  const names = new Map(advised.map((endpoint) => [endpoint.id, endpoint.name]));
  const pending = proposalLists
    .flatMap((list) => list.data?.items ?? [])
    .sort((left, right) => right.createdAt.localeCompare(left.createdAt));
  if (pending.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No suggestions wait for you. Endpoints in suggest mode list the planner’s proposals here.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800">
      {pending.map((proposal) => (
        <li key={proposal.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
          <div className="min-w-0">
            <Link
              to="/endpoints/$endpointId"
              params={{ endpointId: proposal.endpointId }}
              className="font-medium text-brand-700 hover:underline dark:text-brand-500"
            >
              {names.get(proposal.endpointId) ?? 'Endpoint'}
            </Link>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {describeProposal(proposal)}: {proposal.reason}
            </p>
          </div>
          <span className="text-xs text-slate-500 dark:text-slate-400">
            <RelativeTime iso={proposal.createdAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}

export function DashboardPage() {
  const overview = useQuery({ ...trpc.health.overview.queryOptions({}), refetchInterval: 15_000 });
  const day = overview.data?.windows.find((window) => window.window === '24h');
  const hour = overview.data?.windows.find((window) => window.window === '1h');
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="How your endpoints are doing, and what runs next."
        actions={
          <Link to="/jobs" className={buttonClass('primary')}>
            View jobs
          </Link>
        }
      />
      {overview.error ? (
        <ErrorState message={readApiError(overview.error).message} onRetry={() => void overview.refetch()} />
      ) : (
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {overview.isPending || !day ? (
            Array.from({ length: 4 }, (_, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
              <Skeleton key={index} className="h-24" />
            ))
          ) : (
            <>
              <Stat
                label="Runs, last 24 h"
                value={formatCount(day.runs)}
                detail={`${formatCount(hour?.runs ?? 0)} in the last hour`}
              />
              <Stat
                label="Success rate, 24 h"
                value={formatPercent(day.successRate)}
                tone={day.successRate !== null && day.successRate < 0.9 ? 'danger' : undefined}
              />
              <Stat
                label="Failing endpoints"
                value={`${overview.data.failingEndpoints} of ${overview.data.endpoints}`}
                tone={overview.data.failingEndpoints > 0 ? 'danger' : 'success'}
              />
              <Stat
                label="Duration p50 / p95"
                value={`${formatDuration(day.durationP50Ms)} / ${formatDuration(day.durationP95Ms)}`}
                detail={`Lateness p99: ${formatDuration(day.latenessP99Ms)}`}
              />
            </>
          )}
        </dl>
      )}
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="Due next">
          <DueNext />
        </Card>
        <Card title="Runs in the last 24 h by outcome">
          {overview.isPending ? (
            <Skeleton className="h-56" />
          ) : day && day.runs > 0 ? (
            <Suspense fallback={<Skeleton className="h-56" />}>
              <OutcomeChart window={day} />
            </Suspense>
          ) : (
            <EmptyState title="No runs yet">Runs appear here once your endpoints have been called.</EmptyState>
          )}
        </Card>
        <Card title="AI suggestions waiting for you" className="lg:col-span-2">
          <PendingSuggestions />
        </Card>
      </div>
    </>
  );
}
