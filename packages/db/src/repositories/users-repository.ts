import type { Prisma, Role, Tier } from '../generated/prisma/client';
import type { Executor } from '../transaction';

/** Public user fields; the password hash is never selected by default. */
export const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  tier: true,
  emailVerifiedAt: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export type UserRecord = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export interface CreateUserData {
  email: string;
  name?: string;
  passwordHash?: string | null;
  emailVerifiedAt?: Date | null;
  role?: Role;
  tier?: Tier;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createUser(db: Executor, data: CreateUserData): Promise<UserRecord> {
  return db.user.create({
    data: { ...data, email: normaliseEmail(data.email), name: data.name ?? '' },
    select: userSelect,
  });
}

export function findUserById(db: Executor, id: string): Promise<UserRecord | null> {
  return db.user.findUnique({ where: { id }, select: userSelect });
}

export function findUserByEmail(db: Executor, email: string): Promise<UserRecord | null> {
  return db.user.findUnique({ where: { email: normaliseEmail(email) }, select: userSelect });
}

/** For password login only: the one query that reads the hash. */
export function findUserCredentialsByEmail(
  db: Executor,
  email: string,
): Promise<(UserRecord & { passwordHash: string | null }) | null> {
  return db.user.findUnique({
    where: { email: normaliseEmail(email) },
    select: { ...userSelect, passwordHash: true },
  });
}

/** For confirming a sign-up link with the password: the hash, read by id. */
export function findUserCredentialsById(
  db: Executor,
  id: string,
): Promise<(UserRecord & { passwordHash: string | null }) | null> {
  return db.user.findUnique({ where: { id }, select: { ...userSelect, passwordHash: true } });
}

export function updateUser(
  db: Executor,
  id: string,
  data: Partial<Pick<CreateUserData, 'name' | 'role' | 'tier' | 'passwordHash' | 'emailVerifiedAt'>>,
): Promise<UserRecord> {
  return db.user.update({ where: { id }, data, select: userSelect });
}

export function listUsers(db: Executor, page: { limit: number; offset: number }): Promise<UserRecord[]> {
  return db.user.findMany({
    select: userSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: page.limit,
    skip: page.offset,
  });
}
