import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './safe-redirect';

describe('the path followed after sign-in', () => {
  it('keeps paths inside the app, with their search', () => {
    expect(safeRedirectPath('/endpoints/42?status=failure')).toBe('/endpoints/42?status=failure');
  });

  it('refuses other sites and loops back to sign-in', () => {
    expect(safeRedirectPath('https://evil.example')).toBe('/');
    expect(safeRedirectPath('//evil.example/x')).toBe('/');
    expect(safeRedirectPath('/sign-in?redirect=/x')).toBe('/');
    expect(safeRedirectPath(undefined)).toBe('/');
  });
});
