import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type DigestConfig } from '../config';
import { DomainError } from '../domain/errors';
import { parseDigest, type ChainDigest } from '../domain/ledger/digest';

export interface DigestKey {
  key: Buffer;
  /** Where the key came from: 'environment' or the key file's path. */
  source: string;
  /** True when this call generated the key file. */
  created: boolean;
}

/**
 * The digest signing key: PHOENIX_DIGEST_KEY, else the key file. With `create`, a missing key
 * file is generated (32 random bytes, hex, mode 0600) so a fresh install signs from its first
 * start; the operator should then move it off the data folder (a key beside the database proves
 * nothing against someone who holds both). Returns null when there is no key and none may be made.
 * @throws ConfigError when the key file is unreadable or too short
 */
export function loadDigestKey(config: DigestConfig, options: { create: boolean }): DigestKey | null {
  if (config.key !== null) return { key: Buffer.from(config.key, 'utf8'), source: 'environment', created: false };
  let text: string;
  try {
    text = fs.readFileSync(config.keyFile, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`cannot read the digest key file ${config.keyFile}: ${(error as Error).message}`);
    if (!options.create) return null;
    fs.mkdirSync(path.dirname(config.keyFile), { recursive: true });
    const generated = randomBytes(32).toString('hex');
    fs.writeFileSync(config.keyFile, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return { key: Buffer.from(generated, 'utf8'), source: config.keyFile, created: true };
  }
  if (text.length < 32) throw new ConfigError(`the digest key file ${config.keyFile} must hold at least 32 characters`);
  return { key: Buffer.from(text, 'utf8'), source: config.keyFile, created: false };
}

/** Appends one digest as a JSON line; the file is a log, never rewritten. */
export async function appendDigest(file: string, digest: ChainDigest): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await fs.promises.appendFile(file, `${JSON.stringify(digest)}\n`, { mode: 0o600 });
}

/**
 * Reads a digest from a file holding one JSON object, or a JSON-lines log (its last line).
 * @throws DomainError VALIDATION_FAILED when the file cannot be read or holds no valid digest
 */
export function readDigestFile(file: string): ChainDigest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw DomainError.validation([{ field: 'digest', message: `cannot read ${file}: ${(error as Error).message}` }]);
  }
  const trimmed = text.trim();
  const last = trimmed.split('\n').pop() ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    // A pretty-printed single object spans lines; try the whole file before giving up.
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw DomainError.validation([{ field: 'digest', message: `${file} holds no JSON digest (a JSON object, or JSON lines with the digest last)` }]);
    }
  }
  return parseDigest(parsed);
}
