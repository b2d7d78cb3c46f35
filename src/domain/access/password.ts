import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { DomainError } from '../errors';

/**
 * Password hashing with scrypt (RFC 7914), memory-hard so that a stolen users table costs an
 * attacker memory as well as time for every guess. Parameters: N = 2^15, r = 8, p = 1, which
 * needs 128 * N * r = 32 MiB and about 50-100 ms of one core per hash; a 16-byte random salt per
 * password; a 32-byte key. The stored form names its parameters,
 * `scrypt$<N>$<r>$<p>$<salt base64>$<key base64>`, so they can be raised later without
 * invalidating existing hashes.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Twice the memory the parameters need: node refuses a derivation past maxmem. */
const MAX_MEMORY_BYTES = 64 * 1024 * 1024;

/** Counted in characters (code points), so a Chinese passphrase is measured as it is typed. */
export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the work one request can ask for; no passphrase needs more. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Checks a new password against the rules, naming the offending field.
 * @throws DomainError VALIDATION_FAILED when it is too short or too long
 */
export function checkNewPassword(password: string, field = 'password'): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw DomainError.validation([{ field, message: `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` }]);
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, SCRYPT_PARAMS);
  const { N, r, p } = SCRYPT_PARAMS;
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches `stored`; compares in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

const DUMMY_HASH_SALT = Buffer.alloc(SALT_BYTES);

/**
 * Spends the time of one verification on nothing: sign-in runs it for an unknown username or a
 * user without a password, so the answer's timing does not tell which usernames exist.
 */
export async function verifyNothing(password: string): Promise<false> {
  await derive(password, DUMMY_HASH_SALT, SCRYPT_PARAMS);
  return false;
}

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: MAX_MEMORY_BYTES };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** The stored hash's parts, or null when it is not one this module wrote (or asks for absurd work). */
function parseHash(stored: string): { params: { N: number; r: number; p: number }; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^[0-9]{1,8}$/.test(part) ? Number.parseInt(part, 10) : 0));
  const powerOfTwo = N >= 2 ** 10 && N <= 2 ** 17 && (N & (N - 1)) === 0;
  if (!powerOfTwo || r < 1 || r > 16 || p < 1 || p > 4 || 128 * N * r * p > MAX_MEMORY_BYTES) return null;
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  if (salt.length < SALT_BYTES || key.length !== KEY_BYTES) return null;
  return { params: { N, r, p }, salt, key };
}
