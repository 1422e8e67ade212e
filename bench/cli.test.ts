import { describe, expect, it } from 'vitest';
import { BenchUsageError, helpText, parseBenchArguments, type ScenarioInfo } from './cli';

const scenarios: ScenarioInfo[] = [
  { name: 'schedules', summary: 'pure CPU', flags: [] },
  { name: 'scale', summary: 'many endpoints', flags: ['endpoints', 'seconds'] },
  { name: 'runs-api', summary: 'history endpoints', flags: ['runs'] },
];

describe('pnpm bench arguments', () => {
  it('runs every scenario in registry order when none is named', () => {
    expect(parseBenchArguments([], scenarios)).toEqual({
      kind: 'run',
      scenarios: ['schedules', 'scale', 'runs-api'],
      flags: {},
    });
  });

  it('reads a scenario with its sizing flags, spaced or with =', () => {
    expect(parseBenchArguments(['scale', '--endpoints', '400000', '--seconds=120'], scenarios)).toEqual({
      kind: 'run',
      scenarios: ['scale'],
      flags: { endpoints: 400_000, seconds: 120 },
    });
  });

  it('reads several run depths for runs-api', () => {
    expect(parseBenchArguments(['runs-api', '--runs', '1000000,10_000_000'], scenarios)).toMatchObject({
      flags: { runs: [1_000_000, 10_000_000] },
    });
  });

  it('answers --help anywhere on the line', () => {
    expect(parseBenchArguments(['scale', '--help'], scenarios)).toEqual({ kind: 'help' });
  });

  it('names the known scenarios when one is unknown', () => {
    expect(() => parseBenchArguments(['saturate'], scenarios)).toThrow(
      new BenchUsageError(
        'unknown scenario "saturate"; the scenarios are schedules, scale, runs-api (pnpm bench --help)',
      ),
    );
  });

  it('names the known flags when one is unknown', () => {
    expect(() => parseBenchArguments(['scale', '--endpoint', '5'], scenarios)).toThrow(
      /unknown flag --endpoint; the flags are --endpoints, --seconds, --runs/,
    );
  });

  it('refuses a size that is not a positive whole number, with an example', () => {
    expect(() => parseBenchArguments(['scale', '--seconds', '-5'], scenarios)).toThrow(
      /--seconds needs a positive whole number, e\.g\. --seconds 60/,
    );
    expect(() => parseBenchArguments(['scale', '--endpoints', '1.5'], scenarios)).toThrow(/got "1.5"/);
    expect(() => parseBenchArguments(['scale', '--endpoints'], scenarios)).toThrow(/--endpoints needs/);
  });

  it('refuses a flag that sizes none of the chosen scenarios and says which it sizes', () => {
    expect(() => parseBenchArguments(['schedules', '--runs', '5'], scenarios)).toThrow(
      /--runs does not apply to schedules; it sizes runs-api, e\.g\. pnpm bench runs-api --runs/,
    );
  });

  it('lists every scenario and flag in the help text', () => {
    const help = helpText(scenarios);
    for (const name of ['schedules', 'scale', 'runs-api', '--endpoints', '--seconds', '--runs', '--help']) {
      expect(help).toContain(name);
    }
  });
});
