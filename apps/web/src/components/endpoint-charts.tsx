import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '../lib/format';
import type { RouterOutputs } from '../lib/trpc';

type Run = RouterOutputs['runs']['list']['items'][number];

const timeLabel = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** Duration and lateness of the loaded runs, oldest first. */
export function RunTimingChart({ runs }: { runs: Run[] }) {
  const data = runs
    .filter((run) => run.durationMs !== null)
    .map((run) => ({ at: run.plannedAt, duration: run.durationMs, lateness: run.latenessMs }))
    .reverse();
  if (data.length < 2)
    return <p className="text-sm text-slate-500 dark:text-slate-400">The chart appears after two finished runs.</p>;
  return (
    <figure aria-label={`Duration and lateness of the last ${data.length} runs`} className="h-64">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.12} />
          <XAxis dataKey="at" tickFormatter={timeLabel} tick={{ fontSize: 12, fill: 'currentColor' }} minTickGap={24} />
          <YAxis
            tickFormatter={(value: number) => formatDuration(value)}
            tick={{ fontSize: 12, fill: 'currentColor' }}
            width={64}
          />
          <Tooltip
            labelFormatter={(label) => new Date(String(label)).toLocaleString()}
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
