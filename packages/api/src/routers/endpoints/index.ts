import { router } from '../../trpc';
import { clearEndpointAiHints } from './clear-endpoint-ai-hints';
import { clearEndpointOverride } from './clear-endpoint-override';
import { createEndpoint } from './create-endpoint';
import { deleteEndpoint } from './delete-endpoint';
import { getEndpoint } from './get-endpoint';
import { listEndpoints } from './list-endpoints';
import { pauseEndpoint } from './pause-endpoint';
import { resetEndpointFailures } from './reset-endpoint-failures';
import { resumeEndpoint } from './resume-endpoint';
import { runEndpoint } from './run-endpoint';
import { setEndpointOverride } from './set-endpoint-override';
import { testEndpoint } from './test-endpoint';
import { updateEndpoint } from './update-endpoint';

export const endpointsRouter = router({
  list: listEndpoints,
  create: createEndpoint,
  get: getEndpoint,
  update: updateEndpoint,
  delete: deleteEndpoint,
  pause: pauseEndpoint,
  resume: resumeEndpoint,
  run: runEndpoint,
  test: testEndpoint,
  resetFailures: resetEndpointFailures,
  setOverride: setEndpointOverride,
  clearOverride: clearEndpointOverride,
  clearAiHints: clearEndpointAiHints,
});
