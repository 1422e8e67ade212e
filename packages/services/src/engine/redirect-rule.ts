import { isSecretHeaderName } from '../endpoints/endpoint-headers';

/**
 * What a redirect may carry to its next hop. The rule, in full:
 *
 * 1. An https URL never redirects to http: the hop is refused (a downgrade would send the
 *    request, its headers and its body in clear text).
 * 2. Secret headers (marked secret, or named Authorization, Proxy-Authorization, Cookie or
 *    containing token, key or secret) go only to the origin the user configured. From the first
 *    hop to another origin on, they are dropped for the rest of the chain.
 * 3. 303, and 301/302 after a POST, continue as GET without a body (what browsers do). A 307
 *    or 308 keeps method and body, so it is followed only within the same origin; to another
 *    origin it is refused rather than re-sending the body there.
 *
 * Cronwise's own headers (signature, idempotency key, user agent) are added on every hop; the
 * signature covers the hop's URL, so it cannot be replayed against the original target.
 */
export interface RedirectHop {
  url: string;
  method: string;
  body: string | null;
  headers: Record<string, string>;
}

export type RedirectDecision = { kind: 'follow'; hop: RedirectHop } | { kind: 'refuse'; reason: string };

export function planRedirect(input: {
  from: RedirectHop;
  location: string;
  statusCode: number;
  /** Lower-case names of the headers whose values are secrets. */
  secretHeaderNames: ReadonlySet<string>;
}): RedirectDecision {
  const { from, statusCode } = input;
  let target: URL;
  try {
    target = new URL(input.location, from.url);
  } catch {
    return { kind: 'refuse', reason: `the redirect location '${input.location}' is not a valid URL` };
  }
  const origin = new URL(from.url);
  if (origin.protocol === 'https:' && target.protocol === 'http:') {
    return { kind: 'refuse', reason: `refused a redirect from https to http (${target.origin})` };
  }
  const isSameOrigin = origin.origin === target.origin;
  const dropsBody = statusCode === 303 || ((statusCode === 301 || statusCode === 302) && from.method === 'POST');
  const method = dropsBody ? 'GET' : from.method;
  const body = dropsBody ? null : from.body;
  if (!isSameOrigin && body !== null) {
    return {
      kind: 'refuse',
      reason: `a ${statusCode} redirect to ${target.origin} would re-send the request body to another origin; not followed`,
    };
  }
  const headers = isSameOrigin
    ? from.headers
    : Object.fromEntries(
        Object.entries(from.headers).filter(
          ([name]) => !input.secretHeaderNames.has(name.toLowerCase()) && !isSecretHeaderName(name),
        ),
      );
  return { kind: 'follow', hop: { url: target.toString(), method, body, headers } };
}
