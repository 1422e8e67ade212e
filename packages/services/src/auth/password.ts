import { AppError, ErrorCode, issue, validationError } from '@cronwise/domain';
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): strong, and ~50 ms on a small server.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;
export const MIN_PASSWORD_LENGTH = 10;
/** argon2 hashes any length, but an unbounded input is a cheap way to burn CPU. */
export const MAX_PASSWORD_LENGTH = 256;

export function assertAcceptablePassword(password: string, path: string[] = ['password']): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw validationError([issue(path, `use at least ${MIN_PASSWORD_LENGTH} characters; a short phrase works well`)]);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw validationError([issue(path, `use at most ${MAX_PASSWORD_LENGTH} characters`)]);
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch (error) {
    throw new AppError(ErrorCode.INTERNAL, 'a stored password hash could not be read', undefined, { cause: error });
  }
}

let dummyHash: Promise<string> | null = null;
/** Verifies against a throwaway hash so an unknown e-mail takes as long as a wrong password. */
export async function spendPasswordVerificationTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('cronwise-timing-equaliser');
  await verify(await dummyHash, password).catch(() => false);
}
