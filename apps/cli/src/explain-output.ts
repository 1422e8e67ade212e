import { formatDuration } from '@cronwise/domain';
import type { OccurrenceExplanation } from '@cronwise/services';
import { formatTable, formatTime } from './output';

const orNone = (time: Date | null) => (time ? formatTime(time) : '-');

function relative(time: Date, now: Date): string {
  const deltaMs = time.getTime() - now.getTime();
  if (Math.abs(deltaMs) < 1_000) return 'now';
  return deltaMs > 0 ? `in ${formatDuration(deltaMs)}` : `${formatDuration(-deltaMs)} ago`;
}

/** `occurrences:explain` for people: one section per question an operator asks. */
export function formatOccurrenceExplanation(explained: OccurrenceExplanation): string {
  const { endpoint, schedule, governorInputs: inputs, now } = explained;
  const lines: string[] = [];
  lines.push(`Endpoint ${endpoint.name} (${endpoint.id})`);
  lines.push(`  ${endpoint.url}`);
  lines.push(
    `  owner ${endpoint.ownerEmail ?? endpoint.ownerId} on the ${endpoint.tier} plan; job ${endpoint.jobId} is ${endpoint.jobStatus}`,
  );
  lines.push(`  explained at ${formatTime(now)}`);
  lines.push('');
  lines.push(`Schedule: ${schedule.description}; catch-up policy ${schedule.catchUpPolicy}`);
  lines.push('');
  lines.push('Governor inputs');
  lines.push(
    formatTable(
      ['input', 'value'],
      [
        ['last planned slot', orNone(inputs.lastPlannedAt)],
        ['last scheduled run', orNone(inputs.lastScheduledRunAt)],
        ['last run (any)', `${orNone(inputs.lastRunAt)}${inputs.lastRunStatus ? ` (${inputs.lastRunStatus})` : ''}`],
        ['failure streak', String(inputs.failureStreak)],
        ['schedule version', String(inputs.scheduleVersion)],
        ['plan minimum', formatDuration(inputs.tierMinIntervalMs)],
        ['endpoint minimum', inputs.minIntervalMs ? formatDuration(inputs.minIntervalMs) : '-'],
        ['endpoint maximum gap', inputs.maxIntervalMs ? formatDuration(inputs.maxIntervalMs) : '-'],
      ],
    ).replace(/^/gm, '  '),
  );
  lines.push('');
  lines.push('Hints');
  if (explained.hints.length === 0) lines.push('  none');
  for (const hint of explained.hints) {
    const what =
      hint.intervalMs !== null && hint.runAt !== null
        ? `every ${formatDuration(hint.intervalMs)}, and once at ${formatTime(hint.runAt)}`
        : hint.intervalMs !== null
          ? `every ${formatDuration(hint.intervalMs)}`
          : `once at ${orNone(hint.runAt)}`;
    const expiry = hint.expiresAt ? `expires ${formatTime(hint.expiresAt)}` : 'no expiry';
    lines.push(
      `  ${hint.isInForce ? '*' : '-'} ${hint.kind}: ${what}; ${expiry}${hint.reason ? ` — "${hint.reason}"` : ''}`,
    );
    lines.push(`      ${hint.note}`);
  }
  lines.push('');
  lines.push('Clamps (* = holding back or moving runs now)');
  for (const clamp of explained.clamps) lines.push(`  ${clamp.isActive ? '*' : '-'} ${clamp.name}: ${clamp.detail}`);
  lines.push('');
  lines.push('Next run');
  if (explained.planned) {
    lines.push(
      `  ${formatTime(explained.planned.at)} (${relative(explained.planned.at, now)}), decided by ${explained.planned.source}`,
    );
    if (explained.planned.explanation) lines.push(`  ${explained.planned.explanation}`);
  } else {
    lines.push('  nothing planned');
  }
  if (explained.upcoming.length > 0) {
    lines.push('');
    lines.push('Then, if each run succeeds and nothing changes');
    lines.push(
      formatTable(
        ['at', 'rule', 'why'],
        explained.upcoming.map((run) => [formatTime(run.at), String(run.source), run.explanation]),
      ).replace(/^/gm, '  '),
    );
  }
  lines.push('');
  lines.push(
    `Queued occurrence (jobs exist within ${formatDuration(explained.horizonMs)}; later ones wait on the endpoint row)`,
  );
  if (explained.queued.length === 0) lines.push('  none');
  else {
    lines.push(
      formatTable(
        ['where', 'state', 'kind', 'start after', 'occurrence', 'current'],
        explained.queued.map((entry) => [
          entry.location === 'queue' ? `queue job ${entry.jobId}` : 'endpoint row',
          entry.state,
          entry.attempt && entry.attempt > 1 ? `${entry.kind} #${entry.attempt}` : entry.kind,
          `${formatTime(entry.startAfter)} (${relative(entry.startAfter, now)})`,
          entry.occurrenceId ?? '-',
          entry.isCurrent ? 'yes' : 'no (stale)',
        ]),
      ).replace(/^/gm, '  '),
    );
  }
  if (explained.findings.length > 0) {
    lines.push('');
    lines.push('Look at');
    for (const finding of explained.findings) lines.push(`  ! ${finding}`);
  }
  return lines.join('\n');
}
