import { router } from '../../trpc';
import { analyzeEndpoint } from './analyze-endpoint';
import { approveProposal, rejectProposal } from './decide-proposal';
import { getAiSession } from './get-ai-session';
import { listAiSessions } from './list-ai-sessions';
import { listProposals } from './list-proposals';

/** The AI planner: analyses on demand, the session audit trail, and suggest-mode proposals. */
export const aiRouter = router({
  analyze: analyzeEndpoint,
  listSessions: listAiSessions,
  getSession: getAiSession,
  listProposals,
  approveProposal,
  rejectProposal,
});

/** Procedures that only queue work: REST answers them 202 Accepted. */
export const ACCEPTED_PROCEDURE_PATHS: ReadonlySet<string> = new Set(['ai.analyze']);
