import { issue, type ValidationIssue } from '@cronwise/domain';

/**
 * The success rule of an endpoint, its one grammar: status codes and ranges between 100 and 599,
 * separated by commas, such as "200-299,304". The API validates and normalises it at save time
 * (`validateSuccessStatusCodes`); the engine classifies responses with the same parser
 * (`successStatusMatcher`).
 */

/** Parses a rule: the normalised text and its ranges, or issues that say what to fix. */
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

/** 2xx: what a rule that does not parse (never stored by the API) falls back to. */
const DEFAULT_SUCCESS_RANGES: Array<[number, number]> = [[200, 299]];

/** Whether a response status counts as success under a stored rule. */
export function successStatusMatcher(rule: string): (status: number) => boolean {
  const parsed = validateSuccessStatusCodes(rule);
  const ranges = parsed.ok ? parsed.ranges : DEFAULT_SUCCESS_RANGES;
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}
