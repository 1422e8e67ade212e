import { router } from '../../trpc';
import { getSigningKeys } from './get-signing-keys';
import { rotateSigningKey } from './rotate-signing-key';

export const signingKeysRouter = router({ get: getSigningKeys, rotate: rotateSigningKey });
