import { router } from '../../trpc';
import { getMe } from './get-me';
import { getUsage } from './get-usage';

export const accountRouter = router({ me: getMe, usage: getUsage });
