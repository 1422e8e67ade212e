import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { AiOutcomeBadge, ProposalRow } from '../components/ai-panel';
import { NotFoundPage } from '../components/not-found';
import { RelativeTime } from '../components/time';
import { Badge, Card, ErrorState, PageHeader, Skeleton } from '../components/ui';
import { isNotFound, readApiError } from '../lib/errors';
import { formatCount, formatDuration } from '../lib/format';
import { trpc } from '../lib/trpc';
import { aiSessionRoute } from '../router';

function asJson(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

export function AiSessionPage() {
  const { sessionId } = aiSessionRoute.useParams();
  const session = useQuery({
    ...trpc.ai.getSession.queryOptions({ id: sessionId }),
    // A queued or running session is refreshed until it has an outcome.
    refetchInterval: (query) => (query.state.data && query.state.data.outcome === null ? 2000 : false),
  });
  if (session.error && isNotFound(session.error)) return <NotFoundPage />;
  if (session.error)
    return <ErrorState message={readApiError(session.error).message} onRetry={() => void session.refetch()} />;
  if (session.isPending) {
    return (
      <div className="space-y-4" role="status" aria-label="Loading the AI session">
        <Skeleton className="h-10 w-1/3" />
        <Skeleton className="h-40" />
      </div>
    );
  }
  const data = session.data;
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
            AI session <AiOutcomeBadge outcome={data.outcome} />
          </span>
        }
        description={
          <>
            Started <RelativeTime iso={data.startedAt} /> by <Badge>{data.trigger}</Badge> · {data.provider}/
            {data.model}
          </>
        }
      />
      <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ['Steps', formatCount(data.steps)],
          ['Tokens in / out', `${formatCount(data.tokensIn)} / ${formatCount(data.tokensOut)}`],
          ['Duration', formatDuration(data.durationMs)],
          ['Next analysis', data.nextAnalysisAt ? <RelativeTime key="next" iso={data.nextAnalysisAt} /> : '—'],
        ].map(([label, value]) => (
          <div
            key={String(label)}
            className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
          >
            <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Reasoning">
          {data.reasoning ? (
            <p className="text-sm whitespace-pre-wrap">{data.reasoning}</p>
          ) : (
            <p className="text-sm text-slate-500 dark:text-slate-400">No reasoning was submitted.</p>
          )}
          {data.error ? <p className="mt-3 text-sm text-red-700 dark:text-red-400">{data.error}</p> : null}
          {data.warnings.length > 0 ? (
            <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-amber-800 dark:text-amber-300">
              {data.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          ) : null}
        </Card>
        <Card title="Proposals">
          {data.proposals.length === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">This session proposed no change.</p>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-800">
              {data.proposals.map((proposal) => (
                <ProposalRow key={proposal.id} proposal={proposal} />
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title={`Tool calls (${data.toolCalls.length})`} className="mt-6">
        {data.toolCalls.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">No tools were called.</p>
        ) : (
          <ol className="space-y-2">
            {data.toolCalls.map((call, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: tool calls are an ordered log without ids
              <li key={index}>
                <details className="group rounded-md ring-1 ring-slate-200 dark:ring-slate-800">
                  <summary className="flex cursor-pointer list-none flex-wrap items-center gap-2 px-3 py-2 text-sm [&::-webkit-details-marker]:hidden">
                    <span aria-hidden="true" className="text-slate-500 transition-transform group-open:rotate-90">
                      ▸
                    </span>
                    <span className="font-mono font-medium">{call.name}</span>
                    {call.isError ? <Badge tone="danger">error</Badge> : null}
                    <span className="text-xs text-slate-500 dark:text-slate-400">
                      {formatDuration(call.durationMs)}
                    </span>
                  </summary>
                  <div className="grid gap-3 border-t border-slate-200 p-3 md:grid-cols-2 dark:border-slate-800">
                    <div>
                      <p className="mb-1 text-xs text-slate-500 uppercase dark:text-slate-400">Input</p>
                      <pre className="max-h-72 overflow-auto rounded bg-slate-950 p-2 font-mono text-xs text-slate-100">
                        {asJson(call.input)}
                      </pre>
                    </div>
                    <div>
                      <p className="mb-1 text-xs text-slate-500 uppercase dark:text-slate-400">Output</p>
                      <pre className="max-h-72 overflow-auto rounded bg-slate-950 p-2 font-mono text-xs text-slate-100">
                        {asJson(call.output)}
                      </pre>
                    </div>
                  </div>
                </details>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </>
  );
}
