import { describe, expect, it } from 'vitest';
import { connectTestDatabase, makeUser } from '../testing';
import { createUser, findUserByEmail, findUserById, findUserCredentialsByEmail, updateUser } from './users-repository';

const db = connectTestDatabase();

describe('users repository', () => {
  it('stores emails in lower case and finds users by any casing', async () => {
    const user = await createUser(db, { email: '  Ada@Example.TEST ', name: 'Ada' });
    expect(user.email).toBe('ada@example.test');
    expect((await findUserByEmail(db, 'ADA@example.test'))?.id).toBe(user.id);
  });

  it('never selects the password hash except for credential checks', async () => {
    const user = await makeUser(db, { passwordHash: 'argon2-hash' });
    const found = await findUserById(db, user.id);
    expect(found).not.toHaveProperty('passwordHash');
    expect((await findUserCredentialsByEmail(db, user.email))?.passwordHash).toBe('argon2-hash');
  });

  it('rejects a second user with the same email', async () => {
    const user = await makeUser(db);
    await expect(createUser(db, { email: user.email.toUpperCase() })).rejects.toThrow();
  });

  it('defaults to the free tier and the user role, and updates the tier', async () => {
    const user = await makeUser(db);
    expect(user).toMatchObject({ tier: 'free', role: 'user' });
    expect((await updateUser(db, user.id, { tier: 'pro' })).tier).toBe('pro');
  });
});
