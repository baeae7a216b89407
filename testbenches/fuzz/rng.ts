// The fuzzer's seeded random numbers: mulberry32 (32-bit state, fast, good
// enough for test generation), plus the value distributions the generator
// and the stimulus use. Same seed, same numbers, on every machine.

/** Mixes integers into one 32-bit seed (murmur3's finaliser over each part). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    let k = Math.imul(p >>> 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 2 ** 32;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    if (hi < lo) throw new Error(`Rng.int(${lo}, ${hi}): empty range`);
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  bool(pTrue = 0.5): boolean {
    return this.float() < pTrue;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Rng.pick of an empty list');
    return xs[this.int(0, xs.length - 1)]!;
  }

  /** One of the choices, with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let x = this.float() * total;
    for (const [v, w] of choices) {
      if (x < w) return v;
      x -= w;
    }
    return choices[choices.length - 1]![0];
  }

  /** Uniform bit pattern of `width` bits. */
  bits(width: number): bigint {
    let v = 0n;
    for (let i = 0; i < width; i += 32) v = (v << 32n) | BigInt(this.next());
    return BigInt.asUintN(width, v);
  }

  /**
   * A value for a `width`-bit signal, as the type reads it, biased towards the
   * values where arithmetic goes wrong: 0, 1, -1 / all ones, the extremes of
   * the signed and unsigned ranges and their neighbours, single bits, small
   * numbers; uniform otherwise.
   */
  interesting(width: number, signed: boolean): bigint {
    const w = BigInt(width);
    const all = (1n << w) - 1n;
    const half = 1n << (w - 1n);
    let p: bigint;
    switch (this.int(0, 9)) {
      case 0:
        p = this.pick([0n, 1n, all, all - 1n, half, half - 1n, half + 1n]);
        break;
      case 1:
        p = 1n << BigInt(this.int(0, width - 1));
        break;
      case 2:
        p = BigInt(this.int(0, 16));
        break;
      case 3:
        p = all ^ (1n << BigInt(this.int(0, width - 1)));
        break;
      default:
        p = this.bits(width);
    }
    p &= all;
    return signed ? BigInt.asIntN(width, p) : p;
  }
}

/** A seeded stream of uniform numbers in [0, 1) (mulberry32): for code that takes a `() => number`. */
export function floatStream(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.float();
}

/** A uniform integer in [lo, hi] from a stream of numbers in [0, 1). */
export function randomInt(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}
