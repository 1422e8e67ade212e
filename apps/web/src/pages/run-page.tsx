import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { NotFoundPage } from '../components/not-found';
import { RunStatusBadge } from '../components/status';
import { RelativeTime } from '../components/time';
import { Badge, Card, ErrorState, PageHeader, Skeleton } from '../components/ui';
import { isNotFound, readApiError } from '../lib/errors';
import { formatDuration, formatExact, prettyBody } from '../lib/format';
import { trpc } from '../lib/trpc';
import { runRoute } from '../router';

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500 uppercase dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

function CodeBlock({ children, label }: { children: string; label: string }) {
  return (
    <section aria-label={label}>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: long bodies scroll, and keyboard users must reach them
        tabIndex={0}
        className="max-h-96 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-100"
      >
        {children}
      </pre>
    </section>
  );
}

export function RunPage() {
  const { runId } = runRoute.useParams();
  const run = useQuery({
    ...trpc.runs.get.queryOptions({ id: runId }),
    // A run still in flight is refreshed until it has finished.
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 2000 : false),
  });
  if (run.error && isNotFound(run.error)) return <NotFoundPage />;
  if (run.error) return <ErrorState message={readApiError(run.error).message} onRetry={() => void run.refetch()} />;
  if (run.isPending) {
    return (
      <div className="space-y-4" role="status" aria-label="Loading the run">
        <Skeleton className="h-10 w-1/3" />
        <Skeleton className="h-40" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  const data = run.data;
  const headers = Object.entries(data.responseHeaders ?? {});
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/endpoints/$endpointId" params={{ endpointId: data.endpointId }} className="hover:underline">
            Back to endpoint
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            Run <RunStatusBadge status={data.status} />
            {data.statusCode ? <span className="font-mono text-lg">HTTP {data.statusCode}</span> : null}
          </span>
        }
        description={data.explanation}
      />
      <Card className="mb-6">
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Detail label="Planned">
            <span title={formatExact(data.plannedAt)}>
              <RelativeTime iso={data.plannedAt} />
            </span>
          </Detail>
          <Detail label="Started">
            <RelativeTime iso={data.startedAt} />
          </Detail>
          <Detail label="Duration">{formatDuration(data.durationMs)}</Detail>
          <Detail label="Lateness">{formatDuration(data.latenessMs)}</Detail>
          <Detail label="Attempt">{data.attempt}</Detail>
          <Detail label="Source">
            <span className="font-mono text-xs">{data.source}</span>
          </Detail>
        </dl>
        {data.error ? (
          <p
            role="note"
            className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900"
          >
            {data.error}
          </p>
        ) : null}
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title="Response"
          actions={
            <span className="flex flex-wrap gap-2">
              {data.responseContentType ? <Badge>{data.responseContentType}</Badge> : null}
              {data.responseSizeBytes !== null ? <Badge>{data.responseSizeBytes} bytes</Badge> : null}
              {data.responseTruncated ? <Badge tone="warning">truncated</Badge> : null}
            </span>
          }
        >
          {headers.length > 0 ? (
            <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 font-mono text-xs">
              {headers.map(([name, value]) => (
                <div key={name} className="contents">
                  <dt className="text-slate-500 dark:text-slate-400">{name}</dt>
                  <dd className="break-all">{value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {data.responseBody ? (
            <CodeBlock label="Response body">{prettyBody(data.responseBody, data.responseContentType)}</CodeBlock>
          ) : (
            <p className="text-sm text-slate-500 dark:text-slate-400">
              {data.status === 'running' ? 'Waiting for the response…' : 'No response body was recorded.'}
            </p>
          )}
          {data.responseTruncated ? (
            <p className="mt-2 text-xs text-amber-800 dark:text-amber-300">
              Only the first part of the body was kept; your plan sets how much.
            </p>
          ) : null}
        </Card>
        <Card title="Request">
          {data.requestSnapshot ? (
            <CodeBlock label="Request snapshot">{JSON.stringify(data.requestSnapshot, null, 2)}</CodeBlock>
          ) : (
            <p className="text-sm text-slate-500 dark:text-slate-400">No request snapshot was recorded for this run.</p>
          )}
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Secret header values are masked.</p>
        </Card>
      </div>
    </>
  );
}
