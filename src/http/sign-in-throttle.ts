import type { Request } from 'express';
import { foldUsername } from '../domain/access/username';
import { clientAddress, tooMany } from './auth';
import { SlidingWindowLimiter } from './rate-limit';

export interface SignInThrottleSettings {
  /** Failures of one account from one address before that pair backs off. */
  failuresPerPair: number;
  /** Longest back-off of a pair, in ms. */
  maxBackoffMs: number;
  /** Failed sign-ins per account, from addresses it never signed in from, in a window. */
  failuresPerAccount: number;
  /** Failed sign-ins per address, for accounts that never signed in from it, in a window. */
  failuresPerAddress: number;
  windowMs: number;
  /** How long a successful sign-in makes its (account, address) pair known. */
  knownForMs: number;
}

const MAX_KEYS = 50_000;

/**
 * Password attempts throttled without a lockout anyone else can cause (issue 22: five wrong
 * passwords from another address made the victim's right password answer 429 for 448 s, and 21
 * failures from one address blocked every user behind it).
 *
 * - Each (account, address) pair backs off on its own: after `failuresPerPair` failures, each
 *   further attempt waits twice as long as the one before (1 s, 2 s, 4 s, … up to
 *   `maxBackoffMs`); a success clears it.
 * - A pair that signed in successfully within `knownForMs` is *known*: only its own back-off
 *   applies, so the right password from an address its user signed in from before always works,
 *   whatever others try against the account or from the address.
 * - An unknown pair also meets the global limits against brute force: `failuresPerAccount` per
 *   account (across addresses) and `failuresPerAddress` per address (across accounts) in a
 *   sliding window.
 *
 * All of it is in the memory of one process (a restart forgets it, like the rate limits).
 */
export class SignInThrottle {
  private readonly perAccount: SlidingWindowLimiter;
  private readonly perAddress: SlidingWindowLimiter;
  private readonly pairs = new Map<string, { failures: number; last: number }>();
  private readonly known = new Map<string, number>();

  constructor(
    private readonly settings: SignInThrottleSettings,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.perAccount = new SlidingWindowLimiter(settings.failuresPerAccount, settings.windowMs, now);
    this.perAddress = new SlidingWindowLimiter(settings.failuresPerAddress, settings.windowMs, now);
  }

  /** @throws DomainError TOO_MANY_REQUESTS while the pair backs off, or (unknown pairs) a global limit is reached */
  check(username: string, req: Request): void {
    const account = foldUsername(username);
    const address = clientAddress(req);
    const pair = pairKey(account, address);
    const backoff = this.backoffLeft(pair);
    if (backoff > 0) throw tooMany(`Too many failed sign-ins for this account from this address; retry in ${backoff} s`, backoff);
    if (this.isKnown(pair)) return;
    const forAccount = this.perAccount.retryAfter(account);
    const fromAddress = this.perAddress.retryAfter(address);
    const wait = Math.max(forAccount, fromAddress);
    if (wait > 0) {
      const which = forAccount >= fromAddress ? 'for this account' : 'from this address';
      throw tooMany(`Too many failed sign-ins ${which}; retry in ${wait} s (an address this account signed in from before is not held back)`, wait);
    }
  }

  failed(username: string, req: Request): void {
    const account = foldUsername(username);
    const address = clientAddress(req);
    const pair = pairKey(account, address);
    const now = this.now();
    const entry = this.pairs.get(pair);
    const stale = entry && now - entry.last > this.settings.windowMs + this.settings.maxBackoffMs;
    if (!entry && this.pairs.size >= MAX_KEYS) this.pairs.clear();
    this.pairs.set(pair, { failures: entry && !stale ? entry.failures + 1 : 1, last: now });
    this.perAccount.hit(account);
    this.perAddress.hit(address);
  }

  succeeded(username: string, req: Request): void {
    const pair = pairKey(foldUsername(username), clientAddress(req));
    this.pairs.delete(pair);
    if (!this.known.has(pair) && this.known.size >= MAX_KEYS) this.known.clear();
    this.known.set(pair, this.now());
  }

  private isKnown(pair: string): boolean {
    const at = this.known.get(pair);
    return at !== undefined && this.now() - at <= this.settings.knownForMs;
  }

  /** Whole seconds the pair must still wait, 0 when it may try. */
  private backoffLeft(pair: string): number {
    const entry = this.pairs.get(pair);
    if (!entry || entry.failures < this.settings.failuresPerPair) return 0;
    const doublings = Math.min(entry.failures - this.settings.failuresPerPair, 30);
    const delay = Math.min(this.settings.maxBackoffMs, 1000 * 2 ** doublings);
    const left = entry.last + delay - this.now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }
}

function pairKey(account: string, address: string): string {
  return `${account}\u0000${address}`;
}

