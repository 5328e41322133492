// Which targets were seen already, in a few bytes each: a 64-bit fingerprint of each target's
// identity in an open-addressing table of two Uint32Arrays, never the strings themselves. A
// million targets cost 16 MB (the table grows at half full), where a Set of their identity
// strings cost several times that. Two different targets share a fingerprint with a
// probability of about n² / 2^65 (3 × 10^-8 for a million): then the second is dropped as a duplicate.

const INITIAL = 1 << 12;

export class FingerprintSet {
  private high = new Uint32Array(INITIAL);
  private low = new Uint32Array(INITIAL);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `key`; false when it was there already. */
  add(key: string): boolean {
    const [high, first] = fingerprint(key);
    let low = first;
    // 0/0 marks an empty slot.
    if (high === 0 && low === 0) low = 1;
    if (this.insert(high, low)) {
      this.count++;
      if (this.count * 2 > this.high.length) this.grow();
      return true;
    }
    return false;
  }

  private insert(high: number, low: number): boolean {
    const mask = this.high.length - 1;
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      const h = this.high[slot]!;
      const l = this.low[slot]!;
      if (h === 0 && l === 0) {
        this.high[slot] = high;
        this.low[slot] = low;
        return true;
      }
      if (h === high && l === low) return false;
    }
  }

  private grow(): void {
    const [high, low] = [this.high, this.low];
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(low.length * 2);
    for (let slot = 0; slot < high.length; slot++)
      if (high[slot] !== 0 || low[slot] !== 0) this.insert(high[slot]!, low[slot]!);
  }
}

/** Two independent 32-bit hashes of the UTF-16 code units (murmur-style mixing). */
function fingerprint(key: string): [number, number] {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    a = Math.imul(a ^ code, 2654435761);
    b = Math.imul(b ^ code, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return [a >>> 0, b >>> 0];
}
