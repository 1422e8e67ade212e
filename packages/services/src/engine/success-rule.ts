/**
 * An endpoint's success rule: comma-separated status codes and ranges, e.g.
 * "200-299,304". Parsed here once; validated by the API at save time.
 */
export function parseSuccessStatusCodes(rule: string): (status: number) => boolean {
  const ranges = rule
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [low, high] = part.split('-').map((value) => Number(value.trim()));
      return [low ?? Number.NaN, high ?? low ?? Number.NaN] as const;
    })
    .filter(([low, high]) => Number.isInteger(low) && Number.isInteger(high));
  if (ranges.length === 0) return (status) => status >= 200 && status < 300;
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}
