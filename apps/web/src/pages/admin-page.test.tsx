import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueueTable } from './admin-page';

afterEach(cleanup);

const queue = (name: string, failed: number, oldestDueLagMs: number | null = null) => ({
  queue: name,
  queued: oldestDueLagMs === null ? 0 : 3,
  deferred: 12,
  active: 1,
  failed,
  oldestDueAt: oldestDueLagMs === null ? null : new Date(Date.now() - oldestDueLagMs),
  oldestDueLagMs,
});

describe('the admin queue table', () => {
  it('shows depth, lag and failures per queue, and redrives only a queue with failed jobs', async () => {
    const onRedrive = vi.fn();
    render(
      <QueueTable
        queues={[queue('execute-occurrence', 4, 95_000), queue('review-billing', 0)]}
        onRedrive={onRedrive}
        redrivingQueue={null}
      />,
    );
    const occurrences = screen.getByRole('row', { name: /execute-occurrence/ });
    expect(within(occurrences).getByText('1 min 35 s late')).toBeTruthy();
    expect(within(occurrences).getByText('4')).toBeTruthy();
    const billing = screen.getByRole('button', { name: 'Redrive failed jobs of review-billing' });
    expect(billing.hasAttribute('disabled')).toBe(true);

    await userEvent.setup().click(screen.getByRole('button', { name: 'Redrive failed jobs of execute-occurrence' }));
    expect(onRedrive).toHaveBeenCalledWith('execute-occurrence');
  });

  it('marks the queue being redriven as busy, and says when there are no queues yet', () => {
    const { rerender } = render(
      <QueueTable queues={[queue('execute-occurrence', 2)]} onRedrive={() => {}} redrivingQueue="execute-occurrence" />,
    );
    expect(
      screen.getByRole('button', { name: 'Redrive failed jobs of execute-occurrence' }).getAttribute('aria-busy'),
    ).toBe('true');
    rerender(<QueueTable queues={[]} onRedrive={() => {}} redrivingQueue={null} />);
    expect(screen.getByText('No queues yet')).toBeTruthy();
  });
});
