import type { Executor } from '../transaction';

/** Every endpoint id of a job (tenant-scoped), for job-wide pause, resume and archive. */
export async function listEndpointIdsForJob(db: Executor, userId: string, jobId: string): Promise<string[]> {
  const rows = await db.endpoint.findMany({ where: { userId, jobId }, select: { id: true }, orderBy: { id: 'asc' } });
  return rows.map((row) => row.id);
}
