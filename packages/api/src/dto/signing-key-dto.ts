import type { SigningKeyRing } from '@cronwise/services';
import { z } from 'zod';

const signingKeySchema = z.object({
  keyId: z.string().meta({ description: 'Sent in Cronwise-Signature as v2=<keyId>:<hex>' }),
  secret: z.string().meta({ description: 'HMAC-SHA256 secret; keep it on the receiving side only' }),
  createdAt: z.string(),
});

export const signingKeyRingSchema = z
  .object({
    current: signingKeySchema,
    previous: signingKeySchema
      .extend({ graceExpiresAt: z.string().meta({ description: 'It stops co-signing at this time' }) })
      .nullable(),
  })
  .meta({ id: 'SigningKeyRing' });

export function toSigningKeyRingDto(ring: SigningKeyRing): z.infer<typeof signingKeyRingSchema> {
  const view = (key: SigningKeyRing['current']) => ({
    keyId: key.keyId,
    secret: key.secret,
    createdAt: key.createdAt.toISOString(),
  });
  return {
    current: view(ring.current),
    previous: ring.previous
      ? { ...view(ring.previous), graceExpiresAt: ring.previous.graceExpiresAt.toISOString() }
      : null,
  };
}
