import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { readApiError } from '../lib/errors';
import { formatCount, formatDuration } from '../lib/format';
import { queryClient, type RouterOutputs, trpc } from '../lib/trpc';
import { RelativeTime } from './time';
import { useToast } from './toasts';
import { Badge, Button, Card, EmptyState, ErrorState, LoadingRows, type Tone } from './ui';

type Proposal = RouterOutputs['ai']['listProposals']['items'][number];

/** Refreshes while a session may be running, so a queued analysis shows up on its own. */
const AI_REFRESH_MS = 5000;

const OUTCOME_TONES: Record<string, Tone> = {
  submitted: 'success',
  no_action: 'neutral',
  step_limit: 'warning',
  time_limit: 'warning',
  budget_exhausted: 'warning',
  provider_error: 'danger',
};

export function AiOutcomeBadge({ outcome }: { outcome: string | null }) {
  if (!outcome) return <Badge tone="info">running</Badge>;
  return <Badge tone={OUTCOME_TONES[outcome] ?? 'neutral'}>{outcome.replaceAll('_', ' ')}</Badge>;
}

/** "Run every 2 min for 1 h", "Run once at …", "Pause until …", "Clear the AI hints". */
export function describeProposal(proposal: Pick<Proposal, 'kind' | 'payload'>): string {
  const { payload } = proposal;
  switch (proposal.kind) {
    case 'interval':
      return `Run every ${formatDuration(payload.intervalMs ?? null)}${payload.ttlMs ? ` for ${formatDuration(payload.ttlMs)}` : ''}`;
    case 'one_shot':
      return payload.runAt ? `Run once at ${new Date(payload.runAt).toLocaleString()}` : 'Run once';
    case 'pause':
      return payload.until ? `Pause until ${new Date(payload.until).toLocaleString()}` : 'Pause';
    default:
      return 'Clear the AI hints';
  }
}

const PROPOSAL_TONES: Record<string, Tone> = {
  pending: 'info',
  approved: 'success',
  applied: 'success',
  rejected: 'neutral',
  expired: 'neutral',
  superseded: 'neutral',
};

export function ProposalRow({ proposal, onDecided }: { proposal: Proposal; onDecided?: () => void }) {
  const toast = useToast();
  const decided = (message: string) => ({
    onSuccess: async () => {
      toast.success(message);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.ai.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() }),
      ]);
      onDecided?.();
    },
    onError: async (error: unknown) => {
      toast.error(error);
      // A newer session may have superseded this proposal meanwhile: show the list as it is now.
      await queryClient.invalidateQueries({ queryKey: trpc.ai.pathKey() });
    },
  });
  const approve = useMutation(trpc.ai.approveProposal.mutationOptions(decided('Suggestion approved and applied')));
  const reject = useMutation(trpc.ai.rejectProposal.mutationOptions(decided('Suggestion rejected')));
  const summary = describeProposal(proposal);
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="proposal">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {summary} <Badge tone={PROPOSAL_TONES[proposal.status] ?? 'neutral'}>{proposal.status}</Badge>
        </p>
        <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{proposal.reason}</p>
        <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          Proposed <RelativeTime iso={proposal.createdAt} />
          {proposal.status === 'pending' && proposal.expiresAt ? (
            <>
              {' '}
              · lapses <RelativeTime iso={proposal.expiresAt} />
            </>
          ) : null}
        </p>
      </div>
      {proposal.status === 'pending' ? (
        <div className="flex gap-2">
          <Button
            size="sm"
            variant="primary"
            onClick={() => approve.mutate({ id: proposal.id })}
            isBusy={approve.isPending}
            aria-label={`Approve: ${summary}`}
          >
            Approve
          </Button>
          <Button
            size="sm"
            onClick={() => reject.mutate({ id: proposal.id })}
            isBusy={reject.isPending}
            aria-label={`Reject: ${summary}`}
          >
            Reject
          </Button>
        </div>
      ) : null}
    </li>
  );
}

/** The AI planner on the endpoint page: pending suggestions, "Analyze now" and the session timeline. */
export function AiPanel({ endpointId, aiMode }: { endpointId: string; aiMode: 'off' | 'suggest' | 'auto' }) {
  const toast = useToast();
  const proposals = useQuery({
    ...trpc.ai.listProposals.queryOptions({ id: endpointId, status: 'pending' }),
    refetchInterval: AI_REFRESH_MS,
  });
  const sessions = useQuery({
    ...trpc.ai.listSessions.queryOptions({ id: endpointId, limit: 10 }),
    refetchInterval: AI_REFRESH_MS,
  });
  const analyze = useMutation(
    trpc.ai.analyze.mutationOptions({
      onSuccess: async () => {
        toast.success('Analysis queued: the session appears below in a moment');
        await queryClient.invalidateQueries({ queryKey: trpc.ai.pathKey() });
      },
      onError: (error) => toast.error(error),
    }),
  );
  const isOff = aiMode === 'off';
  return (
    <Card
      title="AI planner"
      className="mt-6"
      actions={
        <Button
          size="sm"
          onClick={() => analyze.mutate({ id: endpointId })}
          isBusy={analyze.isPending}
          disabled={isOff}
        >
          Analyze now
        </Button>
      }
    >
      {isOff ? (
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
          The AI planner is off for this endpoint. Choose “Suggest” or “Automatic” under Edit to let it adjust the
          cadence.
        </p>
      ) : (
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
          {aiMode === 'suggest'
            ? 'In suggest mode the planner proposes changes and waits for you to approve them.'
            : 'In automatic mode the planner applies short-lived, bounded changes itself.'}
        </p>
      )}
      <h3 className="text-sm font-semibold">Pending suggestions</h3>
      {proposals.isPending ? (
        <LoadingRows rows={1} label="Loading suggestions" />
      ) : proposals.error ? (
        <ErrorState message={readApiError(proposals.error).message} onRetry={() => void proposals.refetch()} />
      ) : proposals.data.items.length === 0 ? (
        <p className="py-2 text-sm text-slate-500 dark:text-slate-400">Nothing waits for your decision.</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {proposals.data.items.map((proposal) => (
            <ProposalRow key={proposal.id} proposal={proposal} />
          ))}
        </ul>
      )}
      <h3 className="mt-5 text-sm font-semibold">Sessions</h3>
      {sessions.isPending ? (
        <LoadingRows rows={2} label="Loading AI sessions" />
      ) : sessions.error ? (
        <ErrorState message={readApiError(sessions.error).message} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.items.length === 0 ? (
        <EmptyState title="No AI sessions yet">
          {isOff
            ? 'Turn the planner on to have it read this endpoint’s runs.'
            : 'The planner looks at this endpoint after its runs change, or when you press “Analyze now”.'}
        </EmptyState>
      ) : (
        <ol className="relative mt-2 space-y-4 border-l border-slate-200 pl-5 dark:border-slate-800">
          {sessions.data.items.map((session) => (
            <li key={session.id} className="relative" data-testid="ai-session">
              <span
                aria-hidden="true"
                className="absolute top-1.5 -left-[1.65rem] size-2.5 rounded-full bg-brand-600 ring-4 ring-white dark:ring-slate-900"
              />
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Link
                  to="/ai-sessions/$sessionId"
                  params={{ sessionId: session.id }}
                  className="font-medium text-brand-700 hover:underline dark:text-brand-500"
                >
                  <RelativeTime iso={session.startedAt} />
                </Link>
                <AiOutcomeBadge outcome={session.outcome} />
                <Badge>{session.trigger}</Badge>
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {formatCount(session.tokensIn + session.tokensOut)} tokens · {formatDuration(session.durationMs)} ·{' '}
                  {session.model}
                </span>
              </div>
              {session.reasoning ? (
                <p className="mt-1 line-clamp-2 text-sm text-slate-700 dark:text-slate-300">{session.reasoning}</p>
              ) : null}
              {session.error ? <p className="mt-1 text-sm text-red-700 dark:text-red-400">{session.error}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
