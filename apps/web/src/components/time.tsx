import { useEffect, useState } from 'react';
import { formatExact, formatRelative } from '../lib/format';

const TICK_MS = 15_000;

/** The current time, re-rendered every 15 s so relative times stay true. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** "in 4 min" with the exact instant (local and UTC) on hover and for screen readers. */
export function RelativeTime({ iso, fallback = '—' }: { iso: string | null | undefined; fallback?: string }) {
  const now = useNow();
  if (!iso) return <span>{fallback}</span>;
  return (
    <time
      dateTime={iso}
      title={formatExact(iso)}
      className="underline decoration-slate-300 decoration-dotted underline-offset-2 dark:decoration-slate-600"
    >
      {formatRelative(iso, now)}
    </time>
  );
}
