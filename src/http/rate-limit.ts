/**
 * A sliding-window counter per key, in memory: the count of the current fixed window plus the
 * previous window's count weighted by how much of it still overlaps the last `windowMs`. O(1)
 * memory per key; keys are dropped when the map grows past `maxKeys`, so a flood of new keys
 * (addresses) cannot exhaust memory.
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, { start: number; current: number; previous: number }>();

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = () => Date.now(),
    private readonly maxKeys = 50_000,
  ) {}

  /** Seconds to wait before `key` may go on, or 0 when it is under the limit. Counts nothing. */
  retryAfter(key: string): number {
    const window = this.roll(key);
    if (!window) return 0;
    const elapsed = this.now() - window.start;
    const estimate = window.previous * (1 - elapsed / this.windowMs) + window.current;
    if (estimate < this.limit) return 0;
    return Math.max(1, Math.ceil((this.windowMs - elapsed) / 1000));
  }

  /** Counts one event for `key`. */
  hit(key: string): void {
    let window = this.roll(key);
    if (!window) {
      if (this.windows.size >= this.maxKeys) this.evict();
      window = { start: this.windowStart(), current: 0, previous: 0 };
      this.windows.set(key, window);
    }
    window.current += 1;
  }

  /** Counts one event and answers as retryAfter would have before it. */
  take(key: string): number {
    const wait = this.retryAfter(key);
    if (wait === 0) this.hit(key);
    return wait;
  }

  private windowStart(): number {
    const now = this.now();
    return now - (now % this.windowMs);
  }

  /** Moves the key's windows forward to now; forgets keys idle for two windows. */
  private roll(key: string) {
    const window = this.windows.get(key);
    if (!window) return undefined;
    const start = this.windowStart();
    if (start === window.start) return window;
    if (start - window.start === this.windowMs) {
      window.previous = window.current;
    } else {
      window.previous = 0;
    }
    window.current = 0;
    window.start = start;
    if (window.previous === 0) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private evict(): void {
    const start = this.windowStart();
    for (const [key, window] of this.windows) {
      if (start - window.start > this.windowMs) this.windows.delete(key);
    }
    // Still full of live keys: drop the oldest tenth rather than grow without bound.
    let excess = this.windows.size - Math.floor(this.maxKeys * 0.9);
    for (const key of this.windows.keys()) {
      if (excess-- <= 0) break;
      this.windows.delete(key);
    }
  }
}
