import type { Request } from 'express';

export const SESSION_COOKIE = 'phoenix_session';
/** The cookie is sent to the API only, never to the dashboard's static files. */
const COOKIE_PATH = '/api/v1';
/** A session secret as generateSessionSecret writes it: 32 bytes, base64url. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The session secret of the request's cookie, or null when there is none of the right shape. */
export function sessionSecretOf(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return SECRET_SHAPE.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * The Set-Cookie value of a new session: HttpOnly (page scripts cannot read it), SameSite=Strict
 * (no other site's page or link sends it), Secure when the request came over https or the
 * service is configured to say so (it sits behind a TLS proxy).
 */
export function sessionCookie(secret: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  return [`${SESSION_COOKIE}=${secret}`, `Path=${COOKIE_PATH}`, `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(options.secure ? ['Secure'] : [])].join('; ');
}

/** The Set-Cookie value that makes the browser forget the session. */
export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, `Path=${COOKIE_PATH}`, 'Max-Age=0', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}
