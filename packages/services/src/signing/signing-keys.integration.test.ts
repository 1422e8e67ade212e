import { makeUser } from '@cronwise/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { type EngineHarness, ManualClock, startEngineHarness } from '../testing';
import { getSigningKeys, rotateSigningKey } from './signing-keys';

const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
let harness: EngineHarness;
beforeAll(async () => {
  harness = await startEngineHarness({ clock });
});
afterAll(async () => {
  await harness.close();
});

async function actorFor(): Promise<Actor> {
  const user = await makeUser(harness.deps.db);
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    isEmailVerified: true,
    credential: { kind: 'session', sessionId: 'test' },
  };
}

async function keyStates(userId: string): Promise<Record<string, number>> {
  const keys = await harness.deps.db.signingKey.findMany({ where: { userId }, select: { state: true } });
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key.state] = (counts[key.state] ?? 0) + 1;
  return counts;
}

describe('signing-key rotation', () => {
  it('leaves exactly one current key when rotations race each other', async () => {
    const actor = await actorFor();
    await getSigningKeys(harness.deps, actor);
    const rotations = await Promise.all(Array.from({ length: 6 }, () => rotateSigningKey(harness.deps, actor)));

    const states = await keyStates(actor.userId);
    expect(states.current).toBe(1);
    expect(states.previous).toBe(1);
    expect(states.retired).toBe(5);
    const ring = await getSigningKeys(harness.deps, actor);
    // The last rotation to commit made the current key; every rotation saw a single ring.
    expect(rotations.map((rotated) => rotated.current.keyId)).toContain(ring.current.keyId);
  });

  it('leaves exactly one current key when rotations race the first use', async () => {
    const actor = await actorFor();
    await Promise.all([
      rotateSigningKey(harness.deps, actor),
      rotateSigningKey(harness.deps, actor),
      getSigningKeys(harness.deps, actor),
    ]);
    expect((await keyStates(actor.userId)).current).toBe(1);
  });
});
