/** `pnpm sdk:check`: fails when the checked-in OpenAPI document or SDK types differ from the router. */
import { describeDrift, findDrift, generateSdkArtifacts } from './sdk-generation';

const drift = await findDrift(await generateSdkArtifacts());
if (drift.length > 0) {
  console.error(describeDrift(drift));
  process.exit(1);
}
console.log('sdk: openapi.json and generated types match the router');
process.exit(0);
