import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RouterOutputs } from '../lib/trpc';
import { OUTCOME_COLORS } from './status';

type Window = RouterOutputs['health']['overview']['windows'][number];

export function OutcomeChart({ window }: { window: Window }) {
  const data = [
    { name: 'Success', value: window.countsByStatus.success, color: OUTCOME_COLORS.success },
    { name: 'Failure', value: window.countsByStatus.failure, color: OUTCOME_COLORS.failure },
    { name: 'Timeout', value: window.countsByStatus.timeout, color: OUTCOME_COLORS.timeout },
    { name: 'Skipped', value: window.countsByStatus.skipped, color: OUTCOME_COLORS.skipped },
    { name: 'Over quota', value: window.countsByStatus.quotaExceeded, color: OUTCOME_COLORS.quotaExceeded },
    { name: 'Canceled', value: window.countsByStatus.canceled, color: OUTCOME_COLORS.canceled },
  ];
  return (
    <figure
      aria-label={`Runs in the last 24 hours by outcome: ${data.map((item) => `${item.name} ${item.value}`).join(', ')}`}
    >
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          {/* Horizontal bars: the outcome names stay readable at phone width. */}
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.12} horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: 'currentColor' }} />
            <YAxis
              type="category"
              dataKey="name"
              width={80}
              tick={{ fontSize: 12, fill: 'currentColor' }}
              interval={0}
            />
            <Tooltip cursor={{ fillOpacity: 0.08 }} contentStyle={{ fontSize: 12, color: '#0f172a' }} />
            <Bar dataKey="value" name="Runs" radius={[0, 4, 4, 0]}>
              {data.map((item) => (
                <Cell key={item.name} fill={item.color} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
