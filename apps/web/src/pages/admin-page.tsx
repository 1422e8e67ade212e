import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog';
import { NotFoundPage } from '../components/not-found';
import { OccurrenceExplanationView } from '../components/occurrence-explanation';
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
  Skeleton,
} from '../components/ui';
import { readApiError } from '../lib/errors';
import { formatCount, formatDuration } from '../lib/format';
import { queryClient, type RouterOutputs, trpc } from '../lib/trpc';

type QueueStats = RouterOutputs['admin']['queueStats']['queues'][number];

const USERS_PAGE_SIZE = 50;
const QUEUE_REFRESH_MS = 10_000;

const headerCell = 'px-4 py-2 font-medium';
const numberCell = 'px-4 py-3 text-right tabular-nums';

/** Queue depth, backlog lag and failures per pg-boss queue, with a redrive for the failed jobs. */
export function QueueTable({
  queues,
  onRedrive,
  redrivingQueue,
}: {
  queues: QueueStats[];
  onRedrive: (queue: string) => void;
  redrivingQueue: string | null;
}) {
  if (queues.length === 0) {
    return (
      <EmptyState title="No queues yet">The worker creates its queues when it starts for the first time.</EmptyState>
    );
  }
  return (
    <div className="-mx-4 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
          <tr>
            <th scope="col" className={headerCell}>
              Queue
            </th>
            <th scope="col" className={`hidden ${headerCell} text-right sm:table-cell`}>
              Due
            </th>
            <th scope="col" className={`hidden ${headerCell} text-right sm:table-cell`}>
              Later
            </th>
            <th scope="col" className={`hidden ${headerCell} text-right sm:table-cell`}>
              Active
            </th>
            <th scope="col" className={`hidden ${headerCell} text-right sm:table-cell`}>
              Oldest due
            </th>
            <th scope="col" className={`${headerCell} text-right`}>
              Failed
            </th>
            <th scope="col" className={headerCell}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {queues.map((queue) => (
            <tr key={queue.queue}>
              <th scope="row" className="px-4 py-3 text-left font-normal">
                <span className="font-mono text-xs font-medium whitespace-nowrap">{queue.queue}</span>
                <span className="block text-xs text-slate-500 sm:hidden dark:text-slate-400">
                  {formatCount(queue.queued)} due · {formatCount(queue.deferred)} later
                  {queue.oldestDueLagMs === null ? '' : ` · ${formatDuration(queue.oldestDueLagMs)} late`}
                </span>
              </th>
              <td className={`hidden ${numberCell} sm:table-cell`}>{formatCount(queue.queued)}</td>
              <td className={`hidden ${numberCell} sm:table-cell`}>{formatCount(queue.deferred)}</td>
              <td className={`hidden ${numberCell} sm:table-cell`}>{formatCount(queue.active)}</td>
              <td className={`hidden ${numberCell} sm:table-cell`}>
                {queue.oldestDueLagMs === null ? (
                  '—'
                ) : (
                  <span className={queue.oldestDueLagMs > 60_000 ? 'font-medium text-red-700 dark:text-red-400' : ''}>
                    {formatDuration(queue.oldestDueLagMs)} late
                  </span>
                )}
              </td>
              <td className={numberCell}>
                {queue.failed > 0 ? <Badge tone="danger">{formatCount(queue.failed)}</Badge> : '0'}
              </td>
              <td className="px-4 py-3 text-right">
                <Button
                  size="sm"
                  disabled={queue.failed === 0}
                  isBusy={redrivingQueue === queue.queue}
                  onClick={() => onRedrive(queue.queue)}
                  aria-label={`Redrive failed jobs of ${queue.queue}`}
                  title={queue.failed === 0 ? 'No failed jobs' : 'Put the failed jobs back in line'}
                >
                  Redrive
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QueuesCard() {
  const toast = useToast();
  const [confirming, setConfirming] = useState<QueueStats | null>(null);
  const stats = useQuery({ ...trpc.admin.queueStats.queryOptions({}), refetchInterval: QUEUE_REFRESH_MS });
  const redrive = useMutation(
    trpc.admin.redrive.mutationOptions({
      onSuccess: async (result) => {
        setConfirming(null);
        toast.success(
          result.found === 0
            ? `No failed jobs on ${result.queue}`
            : `${result.redriven} of ${result.found} failed job(s) on ${result.queue} run again now`,
        );
        await queryClient.invalidateQueries({ queryKey: trpc.admin.queueStats.pathKey() });
      },
      onError: (error) => toast.error(error),
    }),
  );
  return (
    <Card
      title="Queues"
      actions={
        <Button size="sm" variant="ghost" onClick={() => void stats.refetch()} isBusy={stats.isFetching}>
          Refresh
        </Button>
      }
    >
      {stats.isPending ? (
        <LoadingRows rows={4} label="Loading queues" />
      ) : stats.error ? (
        <ErrorState message={readApiError(stats.error).message} onRetry={() => void stats.refetch()} />
      ) : (
        <QueueTable
          queues={stats.data.queues}
          onRedrive={(name) => setConfirming(stats.data.queues.find((queue) => queue.queue === name) ?? null)}
          redrivingQueue={redrive.isPending ? (redrive.variables?.queue ?? null) : null}
        />
      )}
      <ConfirmDialog
        isOpen={confirming !== null}
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && redrive.mutate({ queue: confirming.queue })}
        title={`Redrive ${confirming?.queue ?? ''}?`}
        confirmLabel="Redrive failed jobs"
        isBusy={redrive.isPending}
      >
        {formatCount(confirming?.failed ?? 0)} failed job(s) go back in line and run again now, each with one more
        attempt. An occurrence that is no longer its endpoint’s current one is dropped without a run.
      </ConfirmDialog>
    </Card>
  );
}

function UsersCard() {
  const [offset, setOffset] = useState(0);
  const users = useQuery(trpc.admin.users.queryOptions({ limit: USERS_PAGE_SIZE, offset }));
  const total = users.data?.total ?? 0;
  return (
    <Card title={users.data ? `Users (${formatCount(total)})` : 'Users'}>
      {users.isPending ? (
        <LoadingRows rows={3} label="Loading users" />
      ) : users.error ? (
        <ErrorState message={readApiError(users.error).message} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <EmptyState title="No users">Accounts appear here once people sign up.</EmptyState>
      ) : (
        <>
          <div className="-mx-4 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
                <tr>
                  <th scope="col" className={headerCell}>
                    User
                  </th>
                  <th scope="col" className={headerCell}>
                    Plan
                  </th>
                  <th scope="col" className={`hidden ${headerCell} sm:table-cell`}>
                    Joined
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {users.data.items.map((user) => (
                  <tr key={user.id}>
                    <td className="px-4 py-3">
                      <span className="font-medium break-all">{user.email}</span>
                      {user.role === 'admin' ? (
                        <span className="ml-2">
                          <Badge tone="info">admin</Badge>
                        </span>
                      ) : null}
                      {user.emailVerified ? null : (
                        <span className="ml-2">
                          <Badge tone="warning">unconfirmed</Badge>
                        </span>
                      )}
                      {user.name ? (
                        <span className="block text-xs text-slate-500 dark:text-slate-400">{user.name}</span>
                      ) : null}
                    </td>
                    <td className="px-4 py-3">
                      <Badge tone={user.tier === 'free' ? 'neutral' : 'success'}>{user.tier}</Badge>
                    </td>
                    <td className="hidden px-4 py-3 text-slate-600 sm:table-cell dark:text-slate-400">
                      <RelativeTime iso={user.createdAt.toISOString()} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {total > USERS_PAGE_SIZE ? (
            <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-2 text-sm">
              <p className="text-slate-600 dark:text-slate-400">
                {offset + 1}–{Math.min(offset + USERS_PAGE_SIZE, total)} of {formatCount(total)}
              </p>
              <div className="flex gap-2">
                <Button size="sm" disabled={offset === 0} onClick={() => setOffset(offset - USERS_PAGE_SIZE)}>
                  Previous
                </Button>
                <Button
                  size="sm"
                  disabled={offset + USERS_PAGE_SIZE >= total}
                  onClick={() => setOffset(offset + USERS_PAGE_SIZE)}
                >
                  Next
                </Button>
              </div>
            </nav>
          ) : null}
          <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
            Change a plan with <code className="font-mono">pnpm cli user:set-tier --email E --tier pro</code>.
          </p>
        </>
      )}
    </Card>
  );
}

function ExplainSection({ endpointId }: { endpointId: string | undefined }) {
  const navigate = useNavigate({ from: '/admin' });
  const [draft, setDraft] = useState(endpointId ?? '');
  useEffect(() => setDraft(endpointId ?? ''), [endpointId]);
  const explanation = useQuery({
    ...trpc.admin.explainEndpoint.queryOptions({ id: endpointId ?? '' }),
    enabled: Boolean(endpointId),
    retry: false,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = draft.trim();
    void navigate({ search: id ? { endpoint: id } : {} });
  };
  const error = explanation.error ? readApiError(explanation.error) : null;
  return (
    <section aria-labelledby="explain-heading" className="space-y-4">
      <Card
        title={
          <span id="explain-heading" className="text-base font-semibold">
            Why does an endpoint run when it runs?
          </span>
        }
      >
        <form onSubmit={submit} className="flex flex-wrap items-start gap-3" aria-label="Explain an endpoint">
          <Field
            label="Endpoint id"
            hint="The id in the endpoint page’s address. Same as pnpm cli occurrences:explain."
            errors={error?.issues.length ? error.issues.map((issue) => issue.message) : undefined}
            className="min-w-0 flex-1 basis-72"
          >
            {(control) => (
              <Input
                {...control}
                value={draft}
                placeholder="0193a5b2-7c1e-7d3a-9f10-2b8c4e6a1d00"
                className="font-mono"
                onChange={(event) => setDraft(event.target.value)}
              />
            )}
          </Field>
          <Button type="submit" variant="primary" className="sm:mt-7" isBusy={explanation.isFetching}>
            Explain
          </Button>
        </form>
      </Card>
      {!endpointId || error?.issues.length ? null : explanation.isPending ? (
        <div role="status" aria-label="Loading the explanation" className="space-y-4">
          <Skeleton className="h-32" />
          <Skeleton className="h-48" />
        </div>
      ) : error ? (
        <ErrorState message={error.message} onRetry={() => void explanation.refetch()} />
      ) : explanation.data ? (
        <OccurrenceExplanationView explanation={explanation.data} />
      ) : null}
    </section>
  );
}

/** Admins only; everyone else gets the same 404 as for an unknown page (and the API answers 403). */
export function AdminPage() {
  const me = useQuery(trpc.account.me.queryOptions({}));
  const search = useSearch({ from: '/app/admin' });
  if (me.isPending) return <Skeleton className="h-40" />;
  if (me.data?.role !== 'admin') return <NotFoundPage />;
  return (
    <>
      <PageHeader title="Admin" description="Operator tools for this installation: queues, users and schedules." />
      <div className="space-y-6">
        <QueuesCard />
        <UsersCard />
        <ExplainSection endpointId={search.endpoint} />
      </div>
    </>
  );
}
