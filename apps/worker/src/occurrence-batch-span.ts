import { type ExecutionSummary, inSpan } from '@cronwise/services';

/**
 * One span per occurrence batch; the dispatch spans of the batch are its children. With tracing
 * off this is the OpenTelemetry API's no-op span.
 */
export function traceOccurrenceBatch(
  occurrences: number,
  execute: () => Promise<ExecutionSummary>,
): Promise<ExecutionSummary> {
  return inSpan('occurrence batch', { attributes: { 'cronwise.occurrence.count': occurrences } }, async (span) => {
    const summary = await execute();
    span.setAttributes({
      'cronwise.batch.dispatched': summary.dispatched,
      'cronwise.batch.skipped': summary.skipped,
      'cronwise.batch.quota_exceeded': summary.quotaExceeded,
      'cronwise.batch.dropped': summary.dropped,
      'cronwise.batch.statements': summary.statements,
    });
    return summary;
  });
}
