/**
 * Whether this browser has signed in before. The session cookie is HttpOnly, so the app cannot
 * see it; without this hint every first visit would probe the API and log a 401 in the console.
 * It only decides whether to ask: the server still decides who is signed in.
 */
const HINT_KEY = 'cronwise.hasSession';

export function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return true;
  }
}

export function setSessionHint(isSignedIn: boolean): void {
  try {
    if (isSignedIn) localStorage.setItem(HINT_KEY, '1');
    else localStorage.removeItem(HINT_KEY);
  } catch {
    // Storage can be disabled; the app then always asks the server.
  }
}
