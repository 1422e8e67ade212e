import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { formatDuration } from '../lib/format';
import type { RouterOutputs } from '../lib/trpc';
import { RelativeTime } from './time';
import { Badge, Card } from './ui';

export type OccurrenceExplanation = RouterOutputs['admin']['explainEndpoint'];

const HINT_LABELS = { manual: 'Manual override', 'ai-interval': 'AI interval hint', 'ai-oneshot': 'AI one-off run' };
const CLAMP_LABELS = {
  'tier-minimum': 'Plan minimum',
  'endpoint-minimum': 'Endpoint minimum',
  'endpoint-maximum': 'Endpoint maximum gap',
  pause: 'Pause',
  'job-status': 'Job status',
  quota: 'Monthly quota',
  backoff: 'Failure backoff',
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Runs seconds apart need the clock time: "in 3 min" twice says nothing. */
const clockTime = (date: Date) =>
  date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function Definition({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-4 gap-y-0.5 py-1.5">
      <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="min-w-0 text-right font-medium break-words">{children}</dd>
    </div>
  );
}

function Source({ source }: { source: string }) {
  const tone = source.startsWith('clamped') || source === 'backoff' || source === 'deferred' ? 'warning' : 'info';
  return <Badge tone={source === 'paused' || source === 'quota' ? 'danger' : tone}>{source}</Badge>;
}

/** Why an endpoint runs when it runs: the same facts as `pnpm cli occurrences:explain`. */
export function OccurrenceExplanationView({ explanation }: { explanation: OccurrenceExplanation }) {
  const { endpoint, schedule, governorInputs: inputs } = explanation;
  return (
    <div className="space-y-6" data-testid="occurrence-explanation">
      {explanation.findings.length > 0 ? (
        <div
          role="alert"
          className="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900"
        >
          <p className="font-medium">Look at</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {explanation.findings.map((finding) => (
              <li key={finding}>{finding}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Endpoint">
          <dl className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            <Definition term="Name">
              <Link
                to="/endpoints/$endpointId"
                params={{ endpointId: endpoint.id }}
                className="text-brand-700 hover:underline dark:text-brand-500"
              >
                {endpoint.name}
              </Link>
            </Definition>
            <Definition term="URL">
              <span className="font-mono text-xs break-all">{endpoint.url}</span>
            </Definition>
            <Definition term="Owner">
              {endpoint.ownerEmail ?? endpoint.ownerId} <Badge tone="info">{endpoint.tier}</Badge>
            </Definition>
            <Definition term="Job">{endpoint.jobStatus}</Definition>
            <Definition term="Schedule">{schedule.description}</Definition>
            <Definition term="Catch-up policy">{schedule.catchUpPolicy}</Definition>
          </dl>
        </Card>
        <Card title="Governor inputs">
          <dl className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            <Definition term="Last planned slot">
              <RelativeTime iso={iso(inputs.lastPlannedAt)} fallback="never" />
            </Definition>
            <Definition term="Last scheduled run">
              <RelativeTime iso={iso(inputs.lastScheduledRunAt)} fallback="never" />
            </Definition>
            <Definition term="Last run (any)">
              <RelativeTime iso={iso(inputs.lastRunAt)} fallback="never" />
              {inputs.lastRunStatus ? ` · ${inputs.lastRunStatus}` : ''}
            </Definition>
            <Definition term="Failure streak">{inputs.failureStreak}</Definition>
            <Definition term="Plan minimum">{formatDuration(inputs.tierMinIntervalMs)}</Definition>
            <Definition term="Endpoint minimum / maximum">
              {inputs.minIntervalMs ? formatDuration(inputs.minIntervalMs) : '—'} /{' '}
              {inputs.maxIntervalMs ? formatDuration(inputs.maxIntervalMs) : '—'}
            </Definition>
            <Definition term="Schedule version">{inputs.scheduleVersion}</Definition>
          </dl>
        </Card>
      </div>

      <Card title="Next run">
        {explanation.planned ? (
          <div className="space-y-2 text-sm">
            <p className="flex flex-wrap items-center gap-2">
              <span className="text-lg font-semibold">
                <RelativeTime iso={iso(explanation.planned.at)} />
              </span>
              <span className="text-slate-500 tabular-nums dark:text-slate-400">
                at {clockTime(explanation.planned.at)}
              </span>
              <span className="text-slate-500 dark:text-slate-400">decided by</span>
              <Source source={explanation.planned.source} />
            </p>
            {explanation.planned.explanation ? (
              <p className="text-slate-700 dark:text-slate-300">{explanation.planned.explanation}</p>
            ) : null}
          </div>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">Nothing is planned.</p>
        )}
        {explanation.upcoming.length > 0 ? (
          <>
            <h3 className="mt-5 text-sm font-semibold">Then, if each run succeeds and nothing changes</h3>
            <ol className="mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {explanation.upcoming.map((run) => (
                <li key={run.at.toISOString()} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
                  <time dateTime={run.at.toISOString()} className="w-20 shrink-0 tabular-nums">
                    {clockTime(run.at)}
                  </time>
                  <Source source={run.source} />
                  <span className="min-w-0 flex-1 basis-64 text-slate-600 dark:text-slate-400">{run.explanation}</span>
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Hints">
          {explanation.hints.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No hints: the baseline schedule applies.</p>
          ) : (
            <ul className="space-y-3 text-sm">
              {explanation.hints.map((hint) => (
                <li key={hint.kind}>
                  <p className="flex flex-wrap items-center gap-2 font-medium">
                    {HINT_LABELS[hint.kind]}
                    <Badge tone={hint.isInForce ? 'success' : 'neutral'}>
                      {hint.isInForce ? 'in force' : 'not in force'}
                    </Badge>
                  </p>
                  <p className="text-slate-700 dark:text-slate-300">
                    {hint.intervalMs ? `every ${formatDuration(hint.intervalMs)}` : null}
                    {hint.intervalMs && hint.runAt ? ', and ' : null}
                    {hint.runAt ? (
                      <>
                        once <RelativeTime iso={iso(hint.runAt)} />
                      </>
                    ) : null}
                    {' · expires '}
                    <RelativeTime iso={iso(hint.expiresAt)} fallback="never" />
                    {hint.reason ? ` · “${hint.reason}”` : ''}
                  </p>
                  <p className="text-xs text-slate-500 dark:text-slate-400">{hint.note}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Clamps">
          <ul className="space-y-2 text-sm">
            {explanation.clamps.map((clamp) => (
              <li key={clamp.name} className="flex items-start gap-2">
                <Badge tone={clamp.isActive ? 'warning' : 'neutral'}>{clamp.isActive ? 'active' : 'idle'}</Badge>
                <span>
                  <span className="font-medium">{CLAMP_LABELS[clamp.name]}</span>
                  <span className="block text-slate-600 dark:text-slate-400">{clamp.detail}</span>
                </span>
              </li>
            ))}
          </ul>
        </Card>
      </div>

      <Card title="Queued occurrence">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          Occurrences due within {formatDuration(explanation.horizonMs)} are pg-boss jobs; later ones wait on the
          endpoint row.
        </p>
        {explanation.queued.length === 0 ? (
          <p className="text-sm font-medium">Nothing is queued.</p>
        ) : (
          <div className="-mx-4 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Where
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    State
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Starts
                  </th>
                  <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">
                    Occurrence
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {explanation.queued.map((entry) => (
                  <tr key={entry.jobId ?? `row-${entry.occurrenceId}`}>
                    <td className="px-4 py-3">
                      {entry.location === 'queue' ? 'queue job' : 'endpoint row'}
                      <span className="block text-xs text-slate-500 dark:text-slate-400">
                        {entry.kind}
                        {entry.attempt && entry.attempt > 1 ? ` · attempt ${entry.attempt}` : ''}
                      </span>
                    </td>
                    <td className="px-4 py-3">
                      <Badge tone={entry.state === 'failed' ? 'danger' : entry.isCurrent ? 'success' : 'warning'}>
                        {entry.state}
                      </Badge>
                      {entry.isCurrent ? null : (
                        <span className="block text-xs text-amber-700 dark:text-amber-400">stale: dropped</span>
                      )}
                    </td>
                    <td className="px-4 py-3">
                      <RelativeTime iso={iso(entry.startAfter)} />
                    </td>
                    <td className="hidden px-4 py-3 font-mono text-xs break-all sm:table-cell">
                      {entry.occurrenceId ?? '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
