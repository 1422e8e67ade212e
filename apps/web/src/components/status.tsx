import { Badge, type Tone } from './ui';

const RUN_TONES: Record<string, Tone> = {
  success: 'success',
  failure: 'danger',
  timeout: 'danger',
  running: 'info',
  skipped: 'neutral',
  quota_exceeded: 'warning',
  canceled: 'neutral',
};

const RUN_LABELS: Record<string, string> = { quota_exceeded: 'quota exceeded' };

export function RunStatusBadge({ status }: { status: string }) {
  return <Badge tone={RUN_TONES[status] ?? 'neutral'}>{RUN_LABELS[status] ?? status}</Badge>;
}

const JOB_TONES: Record<string, Tone> = { active: 'success', paused: 'warning', archived: 'neutral' };

export function JobStatusBadge({ status }: { status: string }) {
  return <Badge tone={JOB_TONES[status] ?? 'neutral'}>{status}</Badge>;
}

/** One badge for an endpoint's state: paused, failing, or healthy. */
export function EndpointStateBadge({
  endpoint,
}: {
  endpoint: { pause: { pausedBy: string | null } | null; failureStreak: number; lastRunStatus: string | null };
}) {
  if (endpoint.pause)
    return (
      <Badge tone="warning">
        {endpoint.pause.pausedBy === 'user' || !endpoint.pause.pausedBy
          ? 'paused'
          : `paused by ${endpoint.pause.pausedBy}`}
      </Badge>
    );
  if (endpoint.failureStreak > 0) return <Badge tone="danger">{`failing × ${endpoint.failureStreak}`}</Badge>;
  if (!endpoint.lastRunStatus) return <Badge tone="neutral">no runs yet</Badge>;
  return <Badge tone="success">healthy</Badge>;
}

/** Chart colours per outcome, readable on light and dark backgrounds. */
export const OUTCOME_COLORS = {
  success: '#059669',
  failure: '#dc2626',
  timeout: '#ea580c',
  skipped: '#94a3b8',
  quotaExceeded: '#d97706',
  canceled: '#64748b',
} as const;
