import { describe, expect, it } from 'vitest';
import {
  checkEndpointForm,
  emptyEndpointForm,
  formFieldForIssuePath,
  formToEndpointInput,
} from './endpoint-form-state';

describe('turning the endpoint form into an API request', () => {
  it('sends seconds as milliseconds and an interval as its length', () => {
    const input = formToEndpointInput({
      ...emptyEndpointForm('UTC'),
      name: 'Sync',
      url: ' https://api.example.com/sync ',
      scheduleType: 'interval',
      intervalAmount: '2',
      intervalUnit: 'hours',
      timeoutSeconds: '7.5',
      minIntervalSeconds: '',
    });
    expect(input.url).toBe('https://api.example.com/sync');
    expect(input.schedule).toEqual({ type: 'interval', intervalMs: 7_200_000 });
    expect(input.timeoutMs).toBe(7500);
    expect(input.minIntervalMs).toBeNull();
  });

  it('drops the body of a GET and blank header rows, and keeps secret flags', () => {
    const input = formToEndpointInput({
      ...emptyEndpointForm('UTC'),
      method: 'GET',
      body: '{"ignored":true}',
      headers: [
        { key: 1, name: 'Authorization', value: 'Bearer x', isSecret: true },
        { key: 2, name: '', value: '', isSecret: false },
      ],
    });
    expect(input.body).toBeNull();
    expect(input.headers).toEqual([{ name: 'Authorization', value: 'Bearer x', isSecret: true }]);
  });

  it('flags boxes that are not numbers before anything is sent', () => {
    const problems = checkEndpointForm({
      ...emptyEndpointForm('UTC'),
      timeoutSeconds: 'soon',
      retryMaxAttempts: '2.5',
    });
    expect(problems).toEqual({
      timeout: ['enter a number of 0 or more'],
      'retry.maxAttempts': ['enter a whole number'],
    });
  });

  it('places API issues on the field that shows them', () => {
    expect(formFieldForIssuePath('schedule.cron')).toBe('cron');
    expect(formFieldForIssuePath('schedule.intervalMs')).toBe('interval');
    expect(formFieldForIssuePath('timeoutMs')).toBe('timeout');
    expect(formFieldForIssuePath('headers.0.name')).toBe('headers.0.name');
  });
});
