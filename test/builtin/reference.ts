// Reference arithmetic for the tests, written from the IR's definitions with
// plain BigInt math, independent of the simulator's code generator.
import { Rng as FuzzRng } from '../../testbenches/fuzz/rng.ts';

export const mask = (w: number): bigint => (1n << BigInt(w)) - 1n;
/** Unsigned pattern of v on w bits (two's complement for negative v). */
export const u = (v: bigint, w: number): bigint => v & mask(w);
/** Pattern read as a signed w-bit number. */
export const s = (v: bigint, w: number): bigint => {
  const p = u(v, w);
  return p >= 1n << BigInt(w - 1) ? p - (1n << BigInt(w)) : p;
};
export const read = (pattern: bigint, w: number, signed: boolean): bigint => (signed ? s(pattern, w) : pattern);
export const bool = (b: boolean): bigint => (b ? 1n : 0n);
export const parity = (v: bigint): bigint => BigInt([...v.toString(2)].filter((c) => c === '1').length & 1);

/** A small deterministic generator (mulberry32) with helpers for wide values. */
export class Rng {
  private readonly r: FuzzRng;
  constructor(seed: number) {
    this.r = new FuzzRng(seed);
  }
  next32(): number {
    return this.r.next();
  }
  /** Uniform pattern of w bits. */
  bits(w: number): bigint {
    let v = 0n;
    for (let i = 0; i < w; i += 32) v = (v << 32n) | BigInt(this.next32());
    return u(v, w);
  }
  int(n: number): number {
    return this.next32() % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

/** Interesting patterns of a width: zero, one, all ones, the sign bit, the largest positive, a few below. */
export function corners(w: number): bigint[] {
  const set = new Set<bigint>([0n, 1n, mask(w), 1n << BigInt(w - 1), mask(w) >> 1n, u(-2n, w), 2n & mask(w)]);
  return [...set];
}
