/**
 * A person's username: letters of any script, digits, and . _ @ -, starting with a letter or a
 * digit, no spaces, so that it reads the same in every log. Service users (holders of API tokens)
 * are named after their tokens and may carry any name a token may.
 */
export const USERNAME_PATTERN = '^[\\p{L}\\p{N}][\\p{L}\\p{N}._@-]{0,63}$';
const USERNAME = new RegExp(USERNAME_PATTERN, 'u');

export function isUsername(value: string): boolean {
  return USERNAME.test(value);
}

/** The unique form of a username: "Admin" and "admin" are one user, so neither can pose as the other. */
export function foldUsername(username: string): string {
  return username.normalize('NFC').toLowerCase();
}
