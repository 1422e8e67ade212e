import { findEndpointForUser, findRunByOccurrence } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import { testOccurrenceJob } from '@cronwise/jobs';
import type { EngineDependencies } from './contract';
import { executeOccurrences } from './execute-occurrences';
import { newOccurrenceId } from './occurrences';

/**
 * Calls an endpoint once, synchronously, through the same pipeline as a
 * scheduled run (SSRF guard, signing, quota, capture), and records the run
 * with source `test`. The schedule is untouched.
 */
export async function testEndpoint(deps: EngineDependencies, input: { userId: string; endpointId: string }) {
  const endpoint = await findEndpointForUser(deps.db, input.userId, input.endpointId);
  if (!endpoint) throw new AppError(ErrorCode.NOT_FOUND, `endpoint ${input.endpointId} was not found`);
  const now = deps.clock.now();
  const occurrenceId = newOccurrenceId(now.getTime());
  const job = testOccurrenceJob({
    endpointId: endpoint.id,
    occurrenceId,
    scheduleVersion: endpoint.scheduleVersion,
    at: now,
  });
  const summary = await executeOccurrences(deps, [{ id: occurrenceId, data: job.data }]);
  if (summary.dropped > 0) {
    throw new AppError(ErrorCode.CONFLICT, 'the endpoint cannot be tested while its job is archived');
  }
  const recorded = await findRunByOccurrence(deps.db, input.userId, occurrenceId);
  if (!recorded) throw new AppError(ErrorCode.INTERNAL, 'the test run was not recorded');
  return recorded;
}
