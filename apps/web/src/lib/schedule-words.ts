import cronstrue from 'cronstrue';
import { describeInterval } from './format';

type Schedule = { type: 'cron'; cron: string; timezone: string } | { type: 'interval'; intervalMs: number };

/** "At 09:00, Monday through Friday (Europe/Berlin)" or "Every 15 minutes". */
export function describeSchedule(schedule: Schedule): string {
  if (schedule.type === 'interval') {
    const words = describeInterval(schedule.intervalMs);
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  try {
    const words = cronstrue.toString(schedule.cron, { use24HourTimeFormat: true, verbose: false });
    return `${words} (${schedule.timezone})`;
  } catch {
    return `${schedule.cron} (${schedule.timezone})`;
  }
}
