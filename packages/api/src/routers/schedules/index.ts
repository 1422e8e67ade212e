import { router } from '../../trpc';
import { previewSchedule } from './preview-schedule';

export const schedulesRouter = router({ preview: previewSchedule });
