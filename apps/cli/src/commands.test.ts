import { describe, expect, it } from 'vitest';
import { UsageError } from './arguments';
import { COMMANDS } from './commands';
import { formatTable } from './output';

function prepare(line: string[]) {
  const [name, ...args] = line;
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new Error(`no command ${name}`);
  return command.prepare(args);
}

function usageErrorOf(line: string[]): UsageError {
  try {
    prepare(line);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected ${line.join(' ')} to be refused`);
}

describe('command-line validation', () => {
  it('accepts every documented form', () => {
    for (const line of [
      ['user:create', '--email', 'a@example.com', '--password', 'a long passphrase'],
      ['user:create', '--email', 'a@example.com', '--password', 'p', '--name', 'A', '--tier', 'pro', '--admin'],
      ['user:set-tier', '--email', 'a@example.com', '--tier', 'enterprise'],
      ['user:list'],
      ['user:list', '--limit', '10', '--offset', '20'],
      ['apikey:create', '--email', 'a@example.com', '--name', 'ci', '--scopes', 'read,write,admin'],
      ['apikey:create', '--email', 'a@example.com', '--name', 'ci', '--scopes', 'read', '--expires-in-days', '90'],
      ['apikey:revoke', '--id', '0193a5b2-7c1e-7d3a-9f10-2b8c4e6a1d00'],
      ['queue:stats'],
      ['occurrences:reconcile'],
    ]) {
      expect(() => prepare(line), line.join(' ')).not.toThrow();
    }
  });

  it('names each missing or invalid option, with the command’s usage', () => {
    const missing = usageErrorOf(['user:create', '--email', 'not-an-address']);
    expect(missing.message).toBe('--email: must be an e-mail address such as ops@example.com; --password is required');
    expect(missing.usage).toBe(
      'pnpm cli user:create --email E --password P [--name N] [--tier free|pro|enterprise] [--admin]',
    );
    expect(usageErrorOf(['user:set-tier', '--email', 'a@example.com', '--tier', 'gold']).message).toBe(
      '--tier: must be one of free, pro, enterprise',
    );
    expect(
      usageErrorOf(['apikey:create', '--email', 'a@example.com', '--name', 'ci', '--scopes', 'read,root']).message,
    ).toBe('--scopes: each scope must be one of read, write, admin');
    expect(usageErrorOf(['apikey:create', '--email', 'a@example.com', '--name', 'ci', '--scopes', ',']).message).toBe(
      '--scopes: name at least one scope',
    );
    expect(
      usageErrorOf([
        'apikey:create',
        '--email',
        'a@example.com',
        '--name',
        'ci',
        '--scopes',
        'read',
        '--expires-in-days',
        '0',
      ]).message,
    ).toBe('--expires-in-days: must be at least 1 day');
    expect(usageErrorOf(['apikey:revoke', '--id', '42']).message).toBe('--id: must be an API key id (a UUID)');
    expect(usageErrorOf(['user:list', '--limit', 'ten']).message).toBe('--limit: must be a whole number');
    expect(usageErrorOf(['user:list', '--limit', '0']).message).toBe('--limit: must be at least 1');
  });

  it('refuses unknown options, stray words and options without values', () => {
    expect(usageErrorOf(['user:list', '--verbose']).message).toBe("Unknown option '--verbose'");
    expect(usageErrorOf(['queue:stats', 'now']).message).toMatch(/Unexpected argument 'now'/);
    expect(usageErrorOf(['apikey:revoke', '--id']).message).toMatch(/Option '--id <value>' argument missing/);
  });
});

describe('formatTable', () => {
  it('aligns columns under their headers', () => {
    expect(
      formatTable(
        ['queue', 'queued'],
        [
          ['execute-occurrence', '12'],
          ['prune-history', '0'],
        ],
      ),
    ).toBe(['queue               queued', 'execute-occurrence  12', 'prune-history       0'].join('\n'));
  });
});
