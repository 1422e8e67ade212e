import { issue, type ValidationIssue } from '@cronwise/domain';

/**
 * The accepted-status rule of an endpoint: codes and ranges separated by commas, such as
 * "200-299,304". Returns the normalised text, or issues that say what to fix.
 */
export function validateSuccessStatusCodes(
  text: string,
): { ok: true; normalised: string; ranges: Array<[number, number]> } | { ok: false; issues: ValidationIssue[] } {
  const ranges: Array<[number, number]> = [];
  const issues: ValidationIssue[] = [];
  const parts = text.split(',').map((part) => part.trim());
  for (const part of parts) {
    const match = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(part);
    const low = Number(match?.[1]);
    const high = match?.[2] === undefined ? low : Number(match[2]);
    if (!match || low < 100 || high > 599 || low > high) {
      issues.push(
        issue(
          ['successStatusCodes'],
          `'${part}' is not a status code or range between 100 and 599; write e.g. "200-299,304"`,
        ),
      );
      continue;
    }
    ranges.push([low, high]);
  }
  if (issues.length > 0) return { ok: false, issues };
  const normalised = ranges.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(',');
  return { ok: true, normalised, ranges };
}
