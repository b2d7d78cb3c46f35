import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A session secret is 32 random bytes (base64url) that lives only in the browser's cookie; the
 * database keeps its sha256, so a leaked sessions table holds no usable session.
 */
export function generateSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionSecret(secret: string): string {
  return createHash('sha256').update(`phoenix-session\0${secret}`, 'utf8').digest('hex');
}

/**
 * The session's CSRF token, derived from its secret so that nothing more is stored: whoever can
 * read it (the page that signed in, GET /auth/me) already holds the session, and another site,
 * which can make the browser send the cookie but never read it, cannot compute it. A different
 * prefix from hashSessionSecret keeps the token from revealing the stored hash.
 */
export function csrfTokenFor(secret: string): string {
  return createHash('sha256').update(`phoenix-csrf\0${secret}`, 'utf8').digest('base64url');
}

/** Constant-time comparison of a presented CSRF token with the expected one. */
export function sameCsrfToken(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
