import type { EndpointRecord } from '@cronwise/db';
import type { Actor } from '../actor';
import { prepareAlertPolicy } from '../alerts/alert-policy-input';
import type { ServiceDependencies } from '../dependencies';
import { limitsFor } from '../tier-limits';
import { changeEndpoint } from './change-endpoint';
import { type EndpointSettingsInput, resolveEndpointSettings } from './endpoint-settings';

/** Applies a partial edit; the merged endpoint is re-validated against the rules and the plan. */
export function updateEndpoint(
  deps: ServiceDependencies,
  actor: Actor,
  id: string,
  input: Partial<EndpointSettingsInput>,
): Promise<EndpointRecord> {
  return changeEndpoint(deps, actor, id, async (endpoint, tx) => {
    const alertPolicy = await prepareAlertPolicy(tx, actor.userId, input.alerts);
    const settings = resolveEndpointSettings(input, endpoint, {
      limits: limitsFor(deps, actor),
      targetAllowlist: deps.targetAllowlist,
      encryptionSecret: deps.encryptionSecret,
      now: deps.clock.now(),
    });
    return {
      ...settings,
      headers: settings.headers.map((header) => ({ ...header })),
      ...(alertPolicy !== undefined ? { alertPolicy } : {}),
    };
  });
}
