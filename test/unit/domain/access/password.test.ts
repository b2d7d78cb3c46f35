import { scryptSync } from 'node:crypto';
import { expect } from 'chai';
import { checkNewPassword, hashPassword, PASSWORD_MIN_LENGTH, SCRYPT_PARAMS, verifyNothing, verifyPassword } from '../../../../src/domain/access/password';
import { csrfTokenFor, generateSessionSecret, hashSessionSecret, sameCsrfToken } from '../../../../src/domain/access/session-secret';
import { type DomainError } from '../../../../src/domain/errors';

describe('password hashing (scrypt)', function () {
  this.timeout(30_000);

  it('verifies the password it hashed and refuses any other', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).to.equal(true);
    for (const wrong of ['correct horse battery stapl', 'Correct horse battery staple', 'correct horse battery staple ', '']) {
      expect(await verifyPassword(wrong, stored)).to.equal(false);
    }
  });

  it('names its parameters and salts every hash, so one password never hashes the same twice', async () => {
    const [a, b] = [await hashPassword('same passphrase here'), await hashPassword('same passphrase here')];
    expect(a).to.not.equal(b);
    const [scheme, n, r, p, salt, key] = a.split('$');
    expect([scheme, Number(n), Number(r), Number(p)]).to.deep.equal(['scrypt', SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p]);
    expect(Buffer.from(salt, 'base64')).to.have.length(16);
    expect(Buffer.from(key, 'base64')).to.have.length(32);
    // Memory-hard: 128 * N * r bytes per derivation.
    expect(128 * SCRYPT_PARAMS.N * SCRYPT_PARAMS.r).to.be.at.least(16 * 1024 * 1024);
  });

  it('treats composed and decomposed forms of the same characters as one password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait, s\u2019il vous pla\u00eet');
    expect(await verifyPassword('cafe\u0301 au lait, s\u2019il vous pla\u00eet', stored)).to.equal(true);
  });

  it('verifies a hash made with other parameters in range, and refuses malformed or absurd ones without throwing', async () => {
    const stored = await hashPassword('parameters may change');
    const [, , , , salt, key] = stored.split('$');
    for (const bad of [
      '',
      'bcrypt$2b$10$abc',
      `scrypt$1048576$8$1$${salt}$${key}`, // N past the bound: a denial of service waiting to happen
      `scrypt$32767$8$1$${salt}$${key}`, // not a power of two
      `scrypt$32768$8$1$${salt}$${key.slice(0, 20)}`,
      `scrypt$32768$8$1$$${key}`,
      `scrypt$x$8$1$${salt}$${key}`,
    ]) {
      expect(await verifyPassword('parameters may change', bad), bad).to.equal(false);
    }
    // The parameters are read from the hash: a key derived under N = 2^14 verifies under N = 2^14 only.
    const older = scryptSync('parameters may change', Buffer.from(salt, 'base64'), 32, { N: 16384, r: 8, p: 1 }).toString('base64');
    expect(await verifyPassword('parameters may change', `scrypt$16384$8$1$${salt}$${older}`)).to.equal(true);
    expect(await verifyPassword('parameters may change', `scrypt$32768$8$1$${salt}$${older}`)).to.equal(false);
  });

  it('spends a derivation on an unknown user and still refuses', async () => {
    expect(await verifyNothing('anything at all')).to.equal(false);
  });

  it('requires at least twelve characters, counted as characters, and at most 256', () => {
    const fails = (password: string) => {
      try {
        checkNewPassword(password);
        return null;
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    expect(PASSWORD_MIN_LENGTH).to.equal(12);
    expect(fails('a'.repeat(11))).to.equal('VALIDATION_FAILED');
    expect(fails('a'.repeat(12))).to.equal(null);
    expect(fails('密'.repeat(11))).to.equal('VALIDATION_FAILED');
    expect(fails('密'.repeat(12))).to.equal(null);
    expect(fails('😀'.repeat(12))).to.equal(null);
    expect(fails('a'.repeat(257))).to.equal('VALIDATION_FAILED');
  });
});

describe('session secrets and CSRF tokens', () => {
  it('stores a hash unlike the secret, and derives a CSRF token unlike both, stable for the session', () => {
    const secret = generateSessionSecret();
    expect(secret).to.match(/^[A-Za-z0-9_-]{43}$/);
    const hash = hashSessionSecret(secret);
    const csrf = csrfTokenFor(secret);
    expect(hash).to.match(/^[0-9a-f]{64}$/);
    expect(csrf).to.equal(csrfTokenFor(secret));
    expect(Buffer.from(csrf, 'base64url').toString('hex')).to.not.equal(hash);
    expect(csrfTokenFor(generateSessionSecret())).to.not.equal(csrf);
  });

  it('compares CSRF tokens exactly, of any length, without throwing', () => {
    const csrf = csrfTokenFor(generateSessionSecret());
    expect(sameCsrfToken(csrf, csrf)).to.equal(true);
    for (const other of ['', csrf.slice(1), `${csrf}x`, csrf.toUpperCase(), '密'.repeat(43)]) expect(sameCsrfToken(other, csrf)).to.equal(false);
  });
});
