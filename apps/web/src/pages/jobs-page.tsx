import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { NewJobDialog } from '../components/job-form-dialog';
import { JobStatusBadge } from '../components/status';
import { RelativeTime } from '../components/time';
import { Button, Card, EmptyState, ErrorState, Field, Input, LoadingRows, PageHeader, Select } from '../components/ui';
import { readApiError } from '../lib/errors';
import { trpc } from '../lib/trpc';
import { type JobsSearch, jobsRoute } from '../router';

const PAGE_SIZE = 20;
/** The API pages by offset without a name filter; a search looks through this many newest jobs. */
const SEARCH_WINDOW = 200;

export function JobsPage() {
  const search = jobsRoute.useSearch();
  const navigate = useNavigate({ from: '/jobs' });
  const [isCreating, setIsCreating] = useState(false);
  const [searchText, setSearchText] = useState(search.search ?? '');
  const page = search.page ?? 1;
  const term = search.search?.trim().toLowerCase() ?? '';

  const setSearch = (next: Partial<JobsSearch>) =>
    navigate({ search: (previous: JobsSearch) => ({ ...previous, page: undefined, ...next }), replace: true });

  // Typing is debounced into the URL, so a search can be shared and survives a reload.
  const currentSearch = search.search ?? '';
  useEffect(() => {
    if (currentSearch === searchText) return;
    const timer = setTimeout(
      () =>
        void navigate({
          search: (previous: JobsSearch) => ({ ...previous, page: undefined, search: searchText || undefined }),
          replace: true,
        }),
      250,
    );
    return () => clearTimeout(timer);
  }, [searchText, currentSearch, navigate]);

  const jobs = useQuery({
    ...trpc.jobs.list.queryOptions({
      ...(search.status ? { status: search.status } : {}),
      limit: term ? SEARCH_WINDOW : PAGE_SIZE,
      offset: term ? 0 : (page - 1) * PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const matching = term
    ? (jobs.data?.items ?? []).filter((job) => `${job.name} ${job.description}`.toLowerCase().includes(term))
    : (jobs.data?.items ?? []);
  const items = term ? matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) : matching;
  const total = term ? matching.length : (jobs.data?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Each job groups endpoints that Cronwise calls on their schedules."
        actions={
          <Button variant="primary" onClick={() => setIsCreating(true)}>
            New job
          </Button>
        }
      />
      <NewJobDialog isOpen={isCreating} onClose={() => setIsCreating(false)} />
      <Card>
        <div className="mb-4 grid gap-3 sm:grid-cols-[1fr_12rem]">
          <Field label="Search">
            {(control) => (
              <Input
                {...control}
                type="search"
                placeholder="Name or description"
                value={searchText}
                onChange={(event) => setSearchText(event.target.value)}
              />
            )}
          </Field>
          <Field label="Status">
            {(control) => (
              <Select
                {...control}
                value={search.status ?? ''}
                onChange={(event) =>
                  void setSearch({ status: (event.target.value || undefined) as JobsSearch['status'] })
                }
              >
                <option value="">All</option>
                <option value="active">Active</option>
                <option value="paused">Paused</option>
                <option value="archived">Archived</option>
              </Select>
            )}
          </Field>
        </div>
        {jobs.isPending ? (
          <LoadingRows rows={5} label="Loading jobs" />
        ) : jobs.error ? (
          <ErrorState message={readApiError(jobs.error).message} onRetry={() => void jobs.refetch()} />
        ) : items.length === 0 ? (
          term || search.status ? (
            <EmptyState title="No jobs match">Try another search or status.</EmptyState>
          ) : (
            <EmptyState
              title="No jobs yet"
              action={
                <Button variant="primary" onClick={() => setIsCreating(true)}>
                  New job
                </Button>
              }
            >
              Create a job, then add the endpoints Cronwise should call.
            </EmptyState>
          )
        ) : (
          <>
            <div className="-mx-4 overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
                  <tr>
                    <th scope="col" className="px-4 py-2 font-medium">
                      Name
                    </th>
                    <th scope="col" className="px-4 py-2 font-medium">
                      Status
                    </th>
                    <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">
                      Created
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                  {items.map((job) => (
                    <tr key={job.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                      <td className="px-4 py-3">
                        <Link
                          to="/jobs/$jobId"
                          params={{ jobId: job.id }}
                          className="font-medium text-brand-700 hover:underline dark:text-brand-500"
                        >
                          {job.name}
                        </Link>
                        {job.description ? (
                          <p className="line-clamp-1 text-xs text-slate-500 dark:text-slate-400">{job.description}</p>
                        ) : null}
                      </td>
                      <td className="px-4 py-3">
                        <JobStatusBadge status={job.status} />
                      </td>
                      <td className="hidden px-4 py-3 text-slate-600 sm:table-cell dark:text-slate-400">
                        <RelativeTime iso={job.createdAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-2 text-sm">
              <p className="text-slate-600 dark:text-slate-400">
                Page {page} of {pageCount} · {total} job{total === 1 ? '' : 's'}
              </p>
              <div className="flex gap-2">
                <Button
                  size="sm"
                  disabled={page <= 1}
                  onClick={() =>
                    void navigate({
                      search: (previous: JobsSearch) => ({ ...previous, page: page - 1 > 1 ? page - 1 : undefined }),
                    })
                  }
                >
                  Previous
                </Button>
                <Button
                  size="sm"
                  disabled={page >= pageCount}
                  onClick={() => void navigate({ search: (previous: JobsSearch) => ({ ...previous, page: page + 1 }) })}
                >
                  Next
                </Button>
              </div>
            </nav>
          </>
        )}
      </Card>
    </>
  );
}
