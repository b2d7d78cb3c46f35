import { createToken } from '../../src/application/token-service';
import { hashPassword } from '../../src/domain/access/password';
import type { Role } from '../../src/domain/access/roles';
import type { Database } from '../../src/data/database';

/** The password every test person holds (hashed once per process: scrypt is slow on purpose). */
export const PERSON_PASSWORD = 'person-correct-horse-battery';
let hashed: Promise<string> | undefined;

/**
 * A person who signs in (kind person), whose password they set themselves, holding a token they
 * issued themselves: the credential a committee member decides with. Returns the token.
 */
export async function personToken(db: Database, username: string, role: Role): Promise<string> {
  hashed ??= hashPassword(PERSON_PASSWORD);
  const passwordHash = await hashed;
  const at = new Date().toISOString();
  await db.write(async (repos) => {
    if (await repos.users.findByUsername(username)) return;
    await repos.users.insert({ username, displayName: username, role, kind: 'person', passwordHash, passwordSetBy: username, disabledAt: null, createdAt: at, createdBy: 'test', updatedAt: at });
  });
  return (await createToken(db, { role, name: `${username} token`, user: username, createdBy: username })).token;
}
