/**
 * Named types for the API's inputs and outputs, all derived from the generated OpenAPI types,
 * so they change when the API changes (and `pnpm sdk:generate` is run).
 */
import type { components, operations } from './generated/schema.js';

type Schemas = components['schemas'];

/** The JSON body of an operation's 200 answer. */
export type OperationOutput<Name extends keyof operations> = operations[Name]['responses'] extends {
  200: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/** The JSON request body of an operation. */
export type OperationInput<Name extends keyof operations> = operations[Name]['requestBody'] extends
  | { content: { 'application/json': infer Body } }
  | undefined
  ? Body
  : never;

/** The query parameters of an operation. */
export type OperationQuery<Name extends keyof operations> = NonNullable<operations[Name]['parameters']['query']>;

export type Me = Schemas['Me'];
export type Usage = Schemas['Usage'];
export type ApiKey = Schemas['ApiKey'];
export type CreatedApiKey = OperationOutput<'apiKeys-create'>;
export type SigningKeyRing = Schemas['SigningKeyRing'];
export type Job = Schemas['Job'];
export type Endpoint = Schemas['Endpoint'];
export type RunSummary = Schemas['RunSummary'];
export type Run = Schemas['Run'];
export type Health = Schemas['Health'];
/** A baseline schedule as you send it: cron with a time zone, or an interval. */
export type Schedule = Schemas['Schedule'];
export type RunStatus = RunSummary['status'];

export type CreateApiKeyInput = OperationInput<'apiKeys-create'>;
export type CreateJobInput = OperationInput<'jobs-create'>;
export type UpdateJobInput = OperationInput<'jobs-update'>;
export type ListJobsQuery = OperationQuery<'jobs-list'>;
export type CreateEndpointInput = OperationInput<'endpoints-create'>;
export type UpdateEndpointInput = OperationInput<'endpoints-update'>;
export type ListEndpointsQuery = OperationQuery<'endpoints-list'>;
export type PauseEndpointInput = OperationInput<'endpoints-pause'>;
export type SetOverrideInput = OperationInput<'endpoints-setOverride'>;
export type ListRunsQuery = OperationQuery<'runs-list'>;
export type PreviewScheduleInput = OperationInput<'schedules-preview'>;

export type Page<Item> = { items: Item[]; total: number; limit: number; offset: number };
export type RunPage = OperationOutput<'runs-list'>;
export type Deleted = OperationOutput<'jobs-delete'>;
export type QueuedRun = OperationOutput<'endpoints-run'>;
export type SchedulePreview = OperationOutput<'schedules-preview'>;

export type AiSession = Schemas['AiSession'];
export type AiSessionSummary = Schemas['AiSessionSummary'];
export type AiSessionPage = OperationOutput<'ai-listSessions'>;
export type ListAiSessionsQuery = Omit<OperationQuery<'ai-listSessions'>, 'cursor'> & { cursor?: string };
export type AiProposal = Schemas['AiProposal'];
export type ProposalStatus = AiProposal['status'];
export type ApprovedProposal = OperationOutput<'ai-approveProposal'>;

export type NotificationChannel = Schemas['NotificationChannel'];
export type CreatedNotificationChannel = Schemas['CreatedNotificationChannel'];
export type CreateNotificationChannelInput = OperationInput<'notificationChannels-create'>;
export type ChannelTestResult = Schemas['ChannelTestResult'];
export type Alert = Schemas['Alert'];
export type AlertPolicy = Schemas['AlertPolicy'];
export type AlertPage = OperationOutput<'alerts-list'>;
export type ListAlertsQuery = OperationQuery<'alerts-list'>;
