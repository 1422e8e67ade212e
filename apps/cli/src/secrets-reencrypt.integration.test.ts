import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPOSITORY_ROOT } from '@cronwise/db/migrate';
import { testDatabaseUrl } from '@cronwise/db/testing';
import { decryptSecret, encryptionKeyId, encryptSecret, sealedKeyId, systemClock } from '@cronwise/services';
import { type EngineHarness, makeEndpointFor, startEngineHarness } from '@cronwise/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const OLD_SECRET = 'the-secret-before-the-rotation-0123456789';
const NEW_SECRET = 'the-secret-after-the-rotation-9876543210';

let harness: EngineHarness;
beforeAll(async () => {
  harness = await startEngineHarness({ clock: systemClock });
});
afterAll(async () => {
  await harness.close();
});

function cli(args: string[], env: Record<string, string | undefined>) {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'apps/cli/src/main.ts'), ...args],
    {
      cwd: REPOSITORY_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('secrets:reencrypt', () => {
  it('moves every stored secret to the current ENCRYPTION_SECRET, once', async () => {
    const { user, endpoint } = await makeEndpointFor(harness.deps, {
      url: 'https://api.example.com/hook',
      overrides: {
        headers: [
          { name: 'Authorization', value: encryptSecret('Bearer live', OLD_SECRET), isSecret: true },
          { name: 'X-Trace', value: 'plain', isSecret: false },
        ],
      },
    });
    await harness.deps.db.signingKey.create({
      data: { userId: user.id, keyId: 'key_rotation', secretEncrypted: encryptSecret('whsec_rotation', OLD_SECRET) },
    });
    const channel = await harness.deps.db.notificationChannel.create({
      data: {
        userId: user.id,
        kind: 'slack',
        name: 'Slack',
        target: 'https://hooks.slack.com/services/…',
        secretEncrypted: encryptSecret('https://hooks.slack.com/services/T/B/rotation', OLD_SECRET),
      },
    });
    const env = {
      DATABASE_URL: testDatabaseUrl(),
      ENCRYPTION_SECRET: NEW_SECRET,
      ENCRYPTION_SECRET_PREVIOUS: OLD_SECRET,
    };

    const first = await cli(['secrets:reencrypt', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      signingKeys: { reencrypted: 1 },
      endpointHeaders: { reencrypted: 1 },
      notificationChannels: { reencrypted: 1 },
      skipped: 0,
    });
    const sealedChannel = await harness.deps.db.notificationChannel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(decryptSecret(sealedChannel.secretEncrypted ?? '', NEW_SECRET)).toBe(
      'https://hooks.slack.com/services/T/B/rotation',
    );

    const key = await harness.deps.db.signingKey.findUniqueOrThrow({ where: { keyId: 'key_rotation' } });
    expect(sealedKeyId(key.secretEncrypted)).toBe(encryptionKeyId(NEW_SECRET));
    expect(decryptSecret(key.secretEncrypted, NEW_SECRET)).toBe('whsec_rotation');
    const stored = await harness.deps.db.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    const [authorization, trace] = stored.headers as Array<{ name: string; value: string; isSecret: boolean }>;
    expect(decryptSecret(authorization?.value ?? '', NEW_SECRET)).toBe('Bearer live');
    expect(trace).toEqual({ name: 'X-Trace', value: 'plain', isSecret: false });

    const second = await cli(['secrets:reencrypt', '--json'], env);
    expect(JSON.parse(second.stdout)).toMatchObject({
      signingKeys: { reencrypted: 0, current: 1 },
      endpointHeaders: { reencrypted: 0 },
      notificationChannels: { reencrypted: 0, current: 1 },
    });
  }, 180_000);

  it('refuses to run against an external database without ENCRYPTION_SECRET, naming it', async () => {
    const outcome = await cli(['secrets:reencrypt'], {
      DATABASE_URL: testDatabaseUrl(),
      ENCRYPTION_SECRET: undefined,
      NODE_ENV: 'production',
    });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('ENCRYPTION_SECRET: is required (it is not set)');
  }, 180_000);
});
