import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { readApiError } from '../lib/errors';
import { type RouterOutputs, trpc } from '../lib/trpc';
import { RelativeTime } from './time';
import { Badge, Button, EmptyState, ErrorState, LoadingRows, type Tone } from './ui';

type Alert = RouterOutputs['alerts']['list']['items'][number];

const PAGE_SIZE = 25;
const MAX_LIMIT = 200;

const KINDS: Record<string, { label: string; tone: Tone }> = {
  failing: { label: 'failing', tone: 'danger' },
  recovered: { label: 'recovered', tone: 'success' },
  auto_paused: { label: 'auto-paused', tone: 'danger' },
  quota_exhausted: { label: 'quota exhausted', tone: 'warning' },
  ai_paused: { label: 'AI paused', tone: 'warning' },
};

const DELIVERY_TONES: Record<string, Tone> = { delivered: 'success', failed: 'danger', pending: 'neutral' };

function AlertItem({ alert, showEndpoint }: { alert: Alert; showEndpoint: boolean }) {
  const kind = KINDS[alert.kind] ?? { label: alert.kind, tone: 'neutral' as Tone };
  return (
    <li className="py-3">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={kind.tone}>{kind.label}</Badge>
        {alert.isOpen ? <Badge tone="danger">open</Badge> : null}
        <span className="text-slate-500 dark:text-slate-400">
          <RelativeTime iso={alert.createdAt} />
          {alert.resolvedAt ? (
            <>
              {' · resolved '}
              <RelativeTime iso={alert.resolvedAt} />
            </>
          ) : null}
        </span>
        {showEndpoint ? (
          <Link
            to="/endpoints/$endpointId"
            params={{ endpointId: alert.endpointId }}
            className="text-brand-700 hover:underline dark:text-brand-500"
          >
            endpoint
          </Link>
        ) : null}
      </p>
      <p className="mt-1 text-sm break-words">{alert.message}</p>
      {alert.deliveries.length > 0 ? (
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500 dark:text-slate-400">
          {alert.deliveries.map((delivery) => (
            <li key={delivery.id} className="flex items-center gap-1">
              {delivery.channelName}{' '}
              <Badge tone={DELIVERY_TONES[delivery.status] ?? 'neutral'}>{delivery.status}</Badge>
              {delivery.lastError ? <span title={delivery.lastError}>· {delivery.lastError.slice(0, 60)}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">No channel was chosen for this alert.</p>
      )}
    </li>
  );
}

/** Recorded alerts, newest first: every endpoint's, or one endpoint's. */
export function AlertHistory({ endpointId }: { endpointId?: string }) {
  // "Older alerts" asks for a longer first page (up to the API's 200) rather than a cursor.
  const [limit, setLimit] = useState(PAGE_SIZE);
  const alerts = useQuery({
    ...(endpointId
      ? trpc.alerts.listForEndpoint.queryOptions({ id: endpointId, limit })
      : trpc.alerts.list.queryOptions({ limit })),
    placeholderData: keepPreviousData,
  });
  if (alerts.isPending) return <LoadingRows rows={3} label="Loading alerts" />;
  if (alerts.error) {
    return <ErrorState message={readApiError(alerts.error).message} onRetry={() => void alerts.refetch()} />;
  }
  const items = alerts.data.items;
  if (items.length === 0) {
    return (
      <EmptyState title="No alerts">
        {endpointId
          ? 'This endpoint has not raised an alert. Set an alert policy to be told when it fails.'
          : 'Nothing has raised an alert yet. Alerts appear here when an endpoint with an alert policy fails, recovers or is paused.'}
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {items.map((alert) => (
          <AlertItem key={alert.id} alert={alert} showEndpoint={!endpointId} />
        ))}
      </ul>
      {alerts.data.nextCursor && limit < MAX_LIMIT ? (
        <Button
          size="sm"
          className="mt-3"
          isBusy={alerts.isFetching}
          onClick={() => setLimit(Math.min(MAX_LIMIT, limit + PAGE_SIZE))}
        >
          Older alerts
        </Button>
      ) : null}
    </>
  );
}
