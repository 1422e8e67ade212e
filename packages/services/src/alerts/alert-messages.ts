import type { AlertKind } from '@cronwise/domain';

/** One alert, as every channel kind renders it. */
export interface AlertMessage {
  subject: string;
  text: string;
  /** The JSON body of a signed webhook. */
  payload: Record<string, unknown>;
}

export interface AlertFacts {
  id: string;
  kind: AlertKind | 'test';
  message: string;
  createdAt: Date;
  endpoint: { id: string; name: string; url: string } | null;
  jobId: string | null;
  details: unknown;
}

const HEADLINES: Record<AlertFacts['kind'], string> = {
  failing: 'is failing',
  recovered: 'recovered',
  auto_paused: 'was paused after repeated failures',
  quota_exhausted: 'is held: the monthly run quota is spent',
  ai_paused: 'was paused by the AI planner',
  test: 'test notification',
};

export function renderAlert(facts: AlertFacts, publicUrl: string): AlertMessage {
  const subject = facts.endpoint
    ? `[Cronwise] ${facts.endpoint.name} ${HEADLINES[facts.kind]}`
    : `[Cronwise] ${HEADLINES[facts.kind]}`;
  const link = facts.endpoint ? `${publicUrl.replace(/\/$/, '')}/endpoints/${facts.endpoint.id}` : null;
  const lines = [subject, '', facts.message];
  if (facts.endpoint) lines.push('', `Target: ${facts.endpoint.url}`);
  if (link) lines.push(`Details: ${link}`);
  return {
    subject,
    text: lines.join('\n'),
    payload: {
      type: facts.kind === 'test' ? 'alert.test' : `alert.${facts.kind}`,
      alert: {
        id: facts.id,
        kind: facts.kind,
        message: facts.message,
        createdAt: facts.createdAt.toISOString(),
        endpoint: facts.endpoint,
        jobId: facts.jobId,
        details: facts.details ?? {},
        url: link,
      },
    },
  };
}
