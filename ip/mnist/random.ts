// Seeded pseudo-random numbers for training and rate coding. Math.random is
// never used: the same seed gives the same weights and the same spike trains
// on every machine (the generator is 32-bit integer arithmetic only).

/** sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator), seeded through splitmix32. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    // Fold the seed's high bits in so that seeds above 2^32 stay distinct.
    let s = (seed >>> 0) ^ Math.floor(seed / 4294967296);
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Uniform integer in 0 .. 2^32 - 1. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1), a multiple of 2^-32. */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in 0 .. n-1 (n <= 2^32), without modulo bias. */
  below(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1 || n > 4294967296) throw new RangeError(`below: n must be an integer in 1..2^32, got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const x = this.uint32();
      if (x < limit) return x % n;
    }
  }

  /** Standard normal deviate (Box-Muller; one of the pair is discarded so the stream stays simple). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: number }>(xs: T): T {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = xs[i]!;
      xs[i] = xs[j]!;
      xs[j] = t;
    }
    return xs;
  }
}

/** A 32-bit hash of two integers (murmur3 finaliser): independent streams per (seed, sample). */
export function mixSeed(seed: number, id: number): number {
  let h = (seed ^ Math.imul(id >>> 0, 0x9e3779b1)) >>> 0;
  h ^= Math.floor(id / 4294967296);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
