import { makeUser } from '@cronwise/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { rotateSigningKey } from '../signing/signing-keys';
import { type EngineHarness, ManualClock, startEngineHarness } from '../testing';
import { SIGNING_KEY_CACHE_MS, SigningKeyCache } from './signing-keys';

const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
let harness: EngineHarness;
beforeAll(async () => {
  harness = await startEngineHarness({ clock });
});
afterAll(async () => {
  await harness.close();
});

describe('the signing-key cache (an engine collaborator)', () => {
  it('creates a first key on use, reuses the ring for a minute, then reads the rotated one', async () => {
    const user = await makeUser(harness.deps.db);
    const actor: Actor = {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      tier: user.tier,
      isEmailVerified: true,
      credential: { kind: 'session', sessionId: 'test' },
    };
    const cache = new SigningKeyCache(harness.deps.sql, harness.deps.encryptionSecret);
    const start = clock.now();
    const [first] = (await cache.ringsFor([user.id], start)).get(user.id) ?? [];
    expect(first?.id).toMatch(/^key_/);

    const rotated = await rotateSigningKey(harness.deps, actor);
    const cached = await cache.ringsFor([user.id], new Date(start.getTime() + SIGNING_KEY_CACHE_MS / 2));
    expect(cached.get(user.id)?.map((key) => key.id)).toEqual([first?.id]);

    const reloaded = await cache.ringsFor([user.id], new Date(start.getTime() + SIGNING_KEY_CACHE_MS + 1));
    // The new current key first; the previous one keeps co-signing through its grace period.
    expect(reloaded.get(user.id)?.map((key) => key.id)).toEqual([rotated.current.keyId, first?.id]);
  });
});
