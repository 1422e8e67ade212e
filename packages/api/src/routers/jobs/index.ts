import { router } from '../../trpc';
import { archiveJob } from './archive-job';
import { createJob } from './create-job';
import { deleteJob } from './delete-job';
import { getJob } from './get-job';
import { listJobs } from './list-jobs';
import { pauseJob } from './pause-job';
import { resumeJob } from './resume-job';
import { updateJob } from './update-job';

export const jobsRouter = router({
  list: listJobs,
  create: createJob,
  get: getJob,
  update: updateJob,
  delete: deleteJob,
  pause: pauseJob,
  resume: resumeJob,
  archive: archiveJob,
});
