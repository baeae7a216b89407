// Seeded random values for test stimulus, biased towards the edge cases
// (0, 1, all ones, the signed extremes) where width and sign bugs show.
export class Rng {
  private s: bigint;
  constructor(seed: number) {
    this.s = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
  }
  private next64(): bigint {
    // xorshift64*
    let x = this.s & 0xffff_ffff_ffff_ffffn;
    x ^= x >> 12n;
    x ^= (x << 25n) & 0xffff_ffff_ffff_ffffn;
    x ^= x >> 27n;
    this.s = x;
    return (x * 0x2545f4914f6cdd1dn) & 0xffff_ffff_ffff_ffffn;
  }
  bits(width: number): bigint {
    let v = 0n;
    for (let got = 0; got < width; got += 64) v = (v << 64n) | this.next64();
    return v & ((1n << BigInt(width)) - 1n);
  }
  int(n: number): number {
    return Number(this.next64() % BigInt(n));
  }
  /** A value of `width` bits, an edge case one time in three. */
  value(width: number): bigint {
    const m = (1n << BigInt(width)) - 1n;
    const edges = [0n, 1n, m, m >> 1n, (m >> 1n) + 1n, 2n & m, (m - 1n) & m];
    return this.int(3) === 0 ? edges[this.int(edges.length)]! : this.bits(width);
  }
}
