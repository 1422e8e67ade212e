/** Progress lines go to stderr, so stdout carries only the report. */
export function log(message: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}
