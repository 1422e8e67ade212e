import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyEndpointForm } from '../lib/endpoint-form-state';
import { queryClient } from '../lib/trpc';
import { EndpointForm } from './endpoint-form-page';

afterEach(cleanup);

function renderForm(props: Partial<Parameters<typeof EndpointForm>[0]> = {}) {
  const onSubmit = vi.fn();
  render(
    <QueryClientProvider client={queryClient}>
      <EndpointForm
        initial={emptyEndpointForm('Europe/Berlin')}
        submitLabel="Create endpoint"
        isSubmitting={false}
        submitError={null}
        onSubmit={onSubmit}
        cancel={null}
        {...props}
      />
    </QueryClientProvider>,
  );
  return { onSubmit };
}

const validationError = (issues: { path: (string | number)[]; message: string }[]) => ({
  message: 'invalid input',
  data: { error: { code: 'VALIDATION_FAILED', httpStatus: 400, message: 'invalid input', issues } },
});

describe('the endpoint form', () => {
  it('shows each API validation issue beside its field, linked for screen readers', () => {
    renderForm({
      submitError: validationError([
        { path: ['schedule', 'cron'], message: 'not a cron expression: "every day"' },
        { path: ['url'], message: 'use an http or https URL' },
      ]),
    });
    const cron = screen.getByLabelText('Cron expression');
    expect(cron.getAttribute('aria-invalid')).toBe('true');
    const describedBy = cron.getAttribute('aria-describedby') ?? '';
    const messages = describedBy
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(messages).toContain('not a cron expression: "every day"');
    expect(screen.getByLabelText('URL').getAttribute('aria-invalid')).toBe('true');
  });

  it('lists issues for fields it does not show in one summary instead of dropping them', () => {
    renderForm({ submitError: validationError([{ path: ['jobId'], message: 'no such job' }]) });
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText(/jobId: no such job/)).toBeTruthy();
  });

  it('refuses a timeout that is not a number without calling the API', async () => {
    const user = userEvent.setup();
    const { onSubmit } = renderForm();
    const timeout = screen.getByLabelText('Timeout (seconds)');
    await user.clear(timeout);
    await user.type(timeout, 'soon');
    await user.click(screen.getByRole('button', { name: 'Create endpoint' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(timeout.getAttribute('aria-invalid')).toBe('true');
  });

  it('describes the schedule in words as it is typed', async () => {
    const user = userEvent.setup();
    renderForm();
    const cron = screen.getByLabelText('Cron expression');
    await user.clear(cron);
    await user.type(cron, '0 9 * * 1-5');
    expect(screen.getByText(/At 09:00, Monday through Friday \(Europe\/Berlin\)/)).toBeTruthy();
  });
});
