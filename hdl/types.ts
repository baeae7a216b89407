// Hardware types: unsigned, signed and fixed-point bit vectors. An integer is
// a fixed-point number with no fraction bits, so one set of rules covers both.
export interface HwType {
  readonly width: number;
  readonly signed: boolean;
  /** Fraction bits (binary point position); 0 for integers. */
  readonly frac: number;
}

function checkWidth(width: number, what: string): void {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`${what}: width must be a positive integer, got ${width}`);
}

export function UInt(width: number): HwType {
  checkWidth(width, 'UInt');
  return { width, signed: false, frac: 0 };
}

export function SInt(width: number): HwType {
  checkWidth(width, 'SInt');
  return { width, signed: true, frac: 0 };
}

/** One bit, unsigned. */
export function Bool(): HwType {
  return { width: 1, signed: false, frac: 0 };
}

/**
 * Fixed-point: `intBits` integer bits (including the sign bit when signed)
 * and `fracBits` fraction bits. Fixed(8, 8, true) is Q7.8 in TI notation.
 */
export function Fixed(intBits: number, fracBits: number, signed: boolean): HwType {
  if (!Number.isInteger(intBits) || intBits < 0) throw new RangeError(`Fixed: intBits must be >= 0, got ${intBits}`);
  if (!Number.isInteger(fracBits) || fracBits < 0) throw new RangeError(`Fixed: fracBits must be >= 0, got ${fracBits}`);
  checkWidth(intBits + fracBits, 'Fixed');
  return { width: intBits + fracBits, signed, frac: fracBits };
}

export function sameType(a: HwType, b: HwType): boolean {
  return a.width === b.width && a.signed === b.signed && a.frac === b.frac;
}

/** Short type text used in messages and dumps: u8, s16, sq7.8, uq0.4. */
export function typeName(t: HwType): string {
  if (t.frac === 0) return `${t.signed ? 's' : 'u'}${t.width}`;
  return `${t.signed ? 's' : 'u'}q${t.width - t.frac}.${t.frac}`;
}

/** Smallest and largest integer (raw, bit-pattern interpreted per signedness). */
export function rawRange(t: HwType): [bigint, bigint] {
  const w = BigInt(t.width);
  return t.signed ? [-(1n << (w - 1n)), (1n << (w - 1n)) - 1n] : [0n, (1n << w) - 1n];
}

export function fitsRaw(t: HwType, v: bigint): boolean {
  const w = t.width;
  if (!(w >= 1 && (w | 0) === w)) {
    const [lo, hi] = rawRange(t);
    return v >= lo && v <= hi;
  }
  // The same as comparing with rawRange(t), without building the range.
  return t.signed ? BigInt.asIntN(w, v) === v : v >= 0n && BigInt.asUintN(w, v) === v;
}

/** Number of bits of a non-negative value (0 for 0). */
function bitLength(v: bigint): number {
  if (v < 0x100000000n) {
    const n = Number(v);
    return n === 0 ? 0 : 32 - Math.clz32(n);
  }
  return v.toString(2).length;
}

/** Two's-complement bits a value needs: bitLength(v) + 1, or bitLength(-v-1) + 1 when negative. */
function signedBits(v: bigint): number {
  return (v >= 0n ? bitLength(v) : bitLength(-v - 1n)) + 1;
}

/** Bits needed to hold every value of [lo, hi] in the given signedness. */
export function bitsFor(lo: bigint, hi: bigint, signed: boolean): number {
  if (signed) {
    // w bits hold -2^(w-1) .. 2^(w-1)-1: a value v needs bitLength(v) + 1 bits, a negative one bitLength(-v-1) + 1.
    return Math.max(1, signedBits(lo), signedBits(hi));
  }
  if (lo >= 0n && hi >= 0n) return Math.max(1, bitLength(lo), bitLength(hi));
  let w = 1;
  for (;;) {
    const t = { width: w, signed, frac: 0 };
    if (fitsRaw(t, lo) && fitsRaw(t, hi)) return w;
    w++;
  }
}

/** Unsigned bit pattern of a raw value. */
export function toPattern(v: bigint, width: number): bigint {
  return BigInt.asUintN(width, v);
}

/** Raw value of a bit pattern as the type reads it. */
export function fromPattern(p: bigint, t: HwType): bigint {
  return t.signed ? BigInt.asIntN(t.width, p) : BigInt.asUintN(t.width, p);
}
