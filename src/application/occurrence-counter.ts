/**
 * Counts how often each row content has appeared so far in an imported file, in constant memory
 * per distinct row: a content is kept as the first 64 bits of its sha256 in an open-addressing
 * table of a BigUint64Array (8 bytes a slot, at most half full), and only contents seen twice or
 * more get a Map entry. A 50 MB file of 850,000 rows takes about 16 MB, where a Map of strings took
 * several times that.
 *
 * Two different contents share 64 bits with a chance of about n² / 2^65 (2 in 100 million at
 * 850,000 rows); the later one would then be numbered as a repeat of the earlier. The numbering
 * still depends on the file alone, so re-importing the same file stays idempotent.
 */
export class OccurrenceCounter {
  private slots = new BigUint64Array(1 << 16);
  private used = 0;
  private readonly repeats = new Map<bigint, number>();

  /** The nth time (1, 2, …) this content hash (hex, at least 16 digits) has been counted. */
  next(contentHex: string): number {
    const key = BigInt(`0x${contentHex.slice(0, 16)}`) || 1n; // 0 marks an empty slot
    if (this.insert(key)) return 1;
    const n = (this.repeats.get(key) ?? 1) + 1;
    this.repeats.set(key, n);
    return n;
  }

  /** What `next` would answer for this content now, without counting it. */
  peek(contentHex: string): number {
    const key = BigInt(`0x${contentHex.slice(0, 16)}`) || 1n;
    if (!this.has(key)) return 1;
    return (this.repeats.get(key) ?? 1) + 1;
  }

  private has(key: bigint): boolean {
    const mask = this.slots.length - 1;
    for (let i = Number(key & BigInt(mask)); ; i = (i + 1) & mask) {
      const slot = this.slots[i];
      if (slot === key) return true;
      if (slot === 0n) return false;
    }
  }

  /** Adds the key; false when it was there already. */
  private insert(key: bigint): boolean {
    if ((this.used + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let i = Number(key & BigInt(mask)); ; i = (i + 1) & mask) {
      const slot = this.slots[i];
      if (slot === key) return false;
      if (slot === 0n) {
        this.slots[i] = key;
        this.used += 1;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new BigUint64Array(old.length * 2);
    this.used = 0;
    for (const key of old) if (key !== 0n) this.insert(key);
  }
}
