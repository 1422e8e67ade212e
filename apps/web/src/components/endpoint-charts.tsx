import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '../lib/format';
import type { RouterOutputs } from '../lib/trpc';

type Run = RouterOutputs['runs']['list']['items'][number];

const HOUR_MS = 60 * 60_000;

/** Tick labels precise enough that neighbouring ticks differ: seconds for a short span, a date for a long one. */
function timeLabelFor(spanMs: number) {
  const format = new Intl.DateTimeFormat(
    undefined,
    spanMs < HOUR_MS
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : spanMs < 24 * HOUR_MS
        ? { hour: '2-digit', minute: '2-digit' }
        : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  );
  return (atMs: number) => format.format(new Date(atMs));
}

/** Duration and lateness of the loaded runs, oldest first. */
export function RunTimingChart({ runs }: { runs: Run[] }) {
  const data = runs
    .filter((run) => run.durationMs !== null)
    .map((run) => ({ atMs: Date.parse(run.plannedAt), duration: run.durationMs, lateness: run.latenessMs }))
    .reverse();
  if (data.length < 2)
    return <p className="text-sm text-slate-500 dark:text-slate-400">The chart appears after two finished runs.</p>;
  const timeLabel = timeLabelFor((data.at(-1)?.atMs ?? 0) - (data[0]?.atMs ?? 0));
  return (
    <figure aria-label={`Duration and lateness of the last ${data.length} runs`} className="h-64">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.12} />
          <XAxis
            dataKey="atMs"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={timeLabel}
            tick={{ fontSize: 12, fill: 'currentColor' }}
            minTickGap={32}
          />
          <YAxis
            tickFormatter={(value: number) => formatDuration(value)}
            tick={{ fontSize: 12, fill: 'currentColor' }}
            width={64}
          />
          <Tooltip
            labelFormatter={(label) => new Date(Number(label)).toLocaleString()}
            formatter={(value, name) => [formatDuration(Number(value)), name]}
            contentStyle={{ fontSize: 12, color: '#0f172a' }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            type="monotone"
            dataKey="duration"
            name="Duration"
            stroke="#0d9488"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="lateness"
            name="Lateness"
            stroke="#d97706"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
