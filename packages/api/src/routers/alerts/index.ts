import { router } from '../../trpc';
import { listAlerts, listEndpointAlerts } from './list-alerts';

export const alertsRouter = router({ list: listAlerts, listForEndpoint: listEndpointAlerts });
