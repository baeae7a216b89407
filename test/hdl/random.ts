// A small seeded generator for reproducible random tests (mulberry32 + BigInt helpers).
import { Rng } from '../../testbenches/fuzz/rng.ts';

export class Random {
  private readonly r: Rng;
  constructor(seed: number) {
    this.r = new Rng(seed);
  }
  next(): number {
    return this.r.float();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  bool(): boolean {
    return this.next() < 0.5;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Uniform bit pattern of `width` bits, biased towards edge values now and then. */
  bits(width: number): bigint {
    const r = this.next();
    const m = (1n << BigInt(width)) - 1n;
    if (r < 0.05) return 0n;
    if (r < 0.1) return m;
    if (r < 0.15) return 1n << BigInt(width - 1);
    if (r < 0.2) return m >> 1n;
    let v = 0n;
    for (let i = 0; i < width; i += 30) v = (v << 30n) | BigInt(Math.floor(this.next() * 2 ** 30));
    return v & m;
  }
}
