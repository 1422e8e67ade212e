import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { RelativeTime } from '../components/time';
import { Badge, buttonClass, Card, ErrorState, PageHeader, ProgressBar, Skeleton } from '../components/ui';
import { readApiError } from '../lib/errors';
import { formatCount } from '../lib/format';
import { trpc } from '../lib/trpc';

function Meter({ label, used, limit }: { label: string; used: number; limit: number }) {
  const ratio = limit > 0 ? used / limit : 0;
  return (
    <div>
      <div className="mb-1.5 flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{label}</span>
        <span className="tabular-nums text-slate-600 dark:text-slate-400">
          {formatCount(used)} of {formatCount(limit)}
          {ratio >= 1 ? ' · limit reached' : ratio >= 0.8 ? ' · nearly used up' : ''}
        </span>
      </div>
      <ProgressBar label={label} value={used} max={limit} />
    </div>
  );
}

export function UsagePage() {
  const usage = useQuery(trpc.account.usage.queryOptions({}));
  return (
    <>
      <PageHeader title="Usage" description="This month’s use against your plan’s limits." />
      {usage.error ? (
        <ErrorState message={readApiError(usage.error).message} onRetry={() => void usage.refetch()} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <Card title={usage.data ? `Month ${usage.data.month}` : 'This month'}>
            {usage.isPending ? (
              <div className="space-y-6" role="status" aria-label="Loading usage">
                <Skeleton className="h-8" />
                <Skeleton className="h-8" />
                <Skeleton className="h-8" />
              </div>
            ) : (
              <div className="space-y-6">
                <Meter label="Runs" used={usage.data.runs} limit={usage.data.runsLimit} />
                <Meter label="AI tokens" used={usage.data.aiTokens} limit={usage.data.aiTokensLimit} />
                <Meter label="Endpoints" used={usage.data.endpoints} limit={usage.data.endpointsLimit} />
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  Counters reset <RelativeTime iso={usage.data.resetsAt} />.
                </p>
              </div>
            )}
          </Card>
          <Card title="Plan">
            {usage.isPending ? (
              <Skeleton className="h-16" />
            ) : (
              <div className="space-y-2 text-sm">
                <p>
                  You are on the <Badge tone="info">{usage.data.tier}</Badge> plan.
                </p>
                <p className="text-slate-600 dark:text-slate-400">
                  When a limit is reached, further runs are recorded as “quota exceeded” until the counters reset.
                </p>
                <Link to="/billing" className={buttonClass('secondary', 'sm')}>
                  Plan & billing
                </Link>
              </div>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
