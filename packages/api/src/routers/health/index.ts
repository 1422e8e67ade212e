import { router } from '../../trpc';
import { getEndpointHealth } from './get-endpoint-health';
import { getJobHealth } from './get-job-health';
import { getOverview } from './get-overview';

export const healthRouter = router({ endpoint: getEndpointHealth, job: getJobHealth, overview: getOverview });
