/** Only same-app paths are followed after sign-in, so a crafted link cannot send people elsewhere. */
export function safeRedirectPath(candidate: unknown): string {
  if (typeof candidate !== 'string' || !candidate.startsWith('/') || candidate.startsWith('//')) return '/';
  if (candidate.startsWith('/sign-in') || candidate.startsWith('/sign-up')) return '/';
  return candidate;
}
