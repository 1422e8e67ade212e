import { useQuery } from '@tanstack/react-query';
import { NotFoundPage } from '../components/not-found';
import { Card, PageHeader, Skeleton } from '../components/ui';
import { trpc } from '../lib/trpc';

const CLI_COMMANDS = [
  ['pnpm cli user:list', 'list users'],
  ['pnpm cli user:set-tier --email E --tier free|pro|enterprise', 'change a plan'],
  ['pnpm cli queue:stats', 'due, deferred, active and failed occurrences, and the lag of the oldest due one'],
  ['pnpm cli occurrences:reconcile', 'repair endpoints whose next occurrence is missing'],
] as const;

/** Admins only; everyone else gets the same 404 as for an unknown page. */
export function AdminPage() {
  const me = useQuery(trpc.account.me.queryOptions({}));
  if (me.isPending) return <Skeleton className="h-40" />;
  if (me.data?.role !== 'admin') return <NotFoundPage />;
  return (
    <>
      <PageHeader title="Admin" description="Operator tools for this installation." />
      <Card title="Operator commands">
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
          The admin API is not exposed over HTTP yet; these tasks run from the admin CLI on the server.
        </p>
        <ul className="space-y-3">
          {CLI_COMMANDS.map(([command, purpose]) => (
            <li key={command}>
              <code className="rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800">{command}</code>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{purpose}</p>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
