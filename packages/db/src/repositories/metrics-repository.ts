/**
 * Whole-installation counts for the metrics endpoint. Read on every scrape, so each is one
 * cheap aggregate; nothing here is tenant-scoped on purpose.
 */
import type { SqlExecutor } from '../sql';

export interface InstallationCounts {
  users: number;
  /** Endpoints that are not paused (they may still belong to a paused job). */
  activeEndpoints: number;
  pausedEndpoints: number;
}

export async function countInstallation(sql: SqlExecutor): Promise<InstallationCounts> {
  const { rows } = await sql.query<{ users: string; active: string; paused: string }>(
    `SELECT (SELECT count(*) FROM users) AS users,
            count(*) FILTER (WHERE "pausedAt" IS NULL) AS active,
            count(*) FILTER (WHERE "pausedAt" IS NOT NULL) AS paused
       FROM endpoints`,
  );
  const row = rows[0];
  return {
    users: Number(row?.users ?? 0),
    activeEndpoints: Number(row?.active ?? 0),
    pausedEndpoints: Number(row?.paused ?? 0),
  };
}
