import { router } from '../../trpc';
import { getRun } from './get-run';
import { listRuns } from './list-runs';

export const runsRouter = router({ list: listRuns, get: getRun });
