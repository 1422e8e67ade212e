import type { Scenario } from './scenario';
import { scheduleMathReport } from './schedule-math';

/** Pure CPU, no database: runs first, before anything else loads the machine. */
export const schedulesScenario: Scenario = {
  name: 'schedules',
  summary: 'schedule math, pure CPU: previews and plans of a sparse cron against a dense one',
  flags: [],
  async run() {
    const math = scheduleMathReport();
    return {
      report: {
        scenario: 'schedules',
        executionsPerSecond: null,
        latenessMs: null,
        steadyLatenessMs: null,
        queriesPerExecution: null,
        rowsReadPerExecution: null,
        jobTableRows: null,
        ...math,
      },
      text: `schedules (median ms): preview of 50 runs sparse ${math.previewSparseMs} vs dense ${math.previewDenseMs} (×${math.previewRatio}); plan after a miss sparse ${math.planAfterMissSparseMs} vs dense ${math.planAfterMissDenseMs} (×${math.planRatio})`,
    };
  },
};
