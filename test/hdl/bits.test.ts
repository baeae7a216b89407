// Software values: every operator checked against plain BigInt arithmetic on
// the numeric values (not against the cell evaluator the operators use).
import { describe, expect, it } from 'vitest';
import { Bits, BitsError, Fixed, SInt, UInt, type HwType } from '../../hdl/index.ts';
import { Random } from './random.ts';

const asN = (t: { width: number; signed: boolean }, v: bigint): bigint => (t.signed ? BigInt.asIntN(t.width, v) : BigInt.asUintN(t.width, v));
const range = (t: HwType): [bigint, bigint] =>
  t.signed ? [-(1n << BigInt(t.width - 1)), (1n << BigInt(t.width - 1)) - 1n] : [0n, (1n << BigInt(t.width)) - 1n];
const clamp = (t: HwType, v: bigint): bigint => {
  const [lo, hi] = range(t);
  return v < lo ? lo : v > hi ? hi : v;
};

function randomPair(r: Random): { t: HwType; a: Bits; b: Bits; u: HwType; c: Bits } {
  const signed = r.bool();
  const w = r.int(1, 130);
  const w2 = r.int(1, 130);
  const t = signed ? SInt(w) : UInt(w);
  const u = signed ? SInt(w2) : UInt(w2);
  return { t, a: Bits.fromPattern(r.bits(w), t), b: Bits.fromPattern(r.bits(w), t), u, c: Bits.fromPattern(r.bits(w2), u) };
}

describe('Bits arithmetic matches BigInt arithmetic', () => {
  const r = new Random(42);
  const cases = Array.from({ length: 400 }, () => randomPair(r));

  it('grows add/sub/mul so they never overflow', () => {
    for (const { t, a, c } of cases) {
      const sum = a.add(c);
      expect(sum.width).toBe(Math.max(t.width, c.width) + 1);
      if (t.signed) expect(sum.raw).toBe(a.raw + c.raw);
      else expect(sum.raw).toBe(asN(sum.type, a.raw + c.raw));
      const diff = a.sub(c);
      expect(diff.raw).toBe(asN(diff.type, a.raw - c.raw));
      const prod = a.mul(c);
      expect(prod.width).toBe(t.width + c.width);
      expect(prod.raw).toBe(a.raw * c.raw);
    }
  });

  it('wraps and saturates in the operand width', () => {
    for (const { t, a, b } of cases) {
      expect(a.addWrap(b).raw).toBe(asN(t, a.raw + b.raw));
      expect(a.subWrap(b).raw).toBe(asN(t, a.raw - b.raw));
      expect(a.addSat(b).raw).toBe(clamp(t, a.raw + b.raw));
      expect(a.subSat(b).raw).toBe(clamp(t, a.raw - b.raw));
      if (t.signed) expect(a.neg().raw).toBe(-a.raw);
    }
  });

  it('compares by value, across widths', () => {
    for (const { a, c } of cases) {
      expect(a.lt(c).raw).toBe(a.raw < c.raw ? 1n : 0n);
      expect(a.le(c).raw).toBe(a.raw <= c.raw ? 1n : 0n);
      expect(a.gt(c).raw).toBe(a.raw > c.raw ? 1n : 0n);
      expect(a.ge(c).raw).toBe(a.raw >= c.raw ? 1n : 0n);
      expect(a.eq(c).raw).toBe(a.raw === c.raw ? 1n : 0n);
      expect(a.ne(c).raw).toBe(a.raw !== c.raw ? 1n : 0n);
    }
  });

  it('does bitwise logic and reductions on the bit patterns', () => {
    for (const { t, a, b } of cases) {
      expect(a.and(b).pattern).toBe(a.pattern & b.pattern);
      expect(a.or(b).pattern).toBe(a.pattern | b.pattern);
      expect(a.xor(b).pattern).toBe(a.pattern ^ b.pattern);
      expect(a.not().pattern).toBe(BigInt.asUintN(t.width, ~a.pattern));
      const ones = a.pattern.toString(2).split('').filter((x) => x === '1').length;
      expect(a.orR().raw).toBe(a.pattern !== 0n ? 1n : 0n);
      expect(a.andR().raw).toBe(ones === t.width ? 1n : 0n);
      expect(a.xorR().raw).toBe(BigInt(ones % 2));
    }
  });

  it('shifts statically and dynamically (floor for signed)', () => {
    const rr = new Random(7);
    for (const { t, a } of cases) {
      const k = rr.int(0, t.width + 3);
      expect(a.shr(k).raw).toBe(asN(t, a.raw >> BigInt(k)));
      expect(a.shl(k).raw).toBe(asN(t, a.raw << BigInt(k)));
      expect(a.shrLogical(k).pattern).toBe(a.pattern >> BigInt(k));
      const amt = Bits.of(k, UInt(8));
      expect(a.shr(amt).raw).toBe(a.shr(k).raw);
      expect(a.shl(amt).raw).toBe(a.shl(k).raw);
    }
  });

  it('slices, concatenates, repeats and resizes', () => {
    const rr = new Random(9);
    for (const { t, a, c } of cases) {
      const lo = rr.int(0, t.width - 1);
      const hi = rr.int(lo, t.width - 1);
      expect(a.slice(hi, lo).pattern).toBe((a.pattern >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n));
      const cat = a.cat(c);
      expect(cat.width).toBe(t.width + c.width);
      expect(cat.pattern).toBe((a.pattern << BigInt(c.width)) | c.pattern);
      expect(a.repeat(3).pattern).toBe((a.pattern << BigInt(2 * t.width)) | (a.pattern << BigInt(t.width)) | a.pattern);
      const w = rr.int(1, 140);
      expect(a.resize(w).raw).toBe(asN({ width: w, signed: t.signed }, a.raw));
      if (w >= t.width) {
        expect(a.zext(w).pattern).toBe(a.pattern);
        expect(a.sext(w).pattern).toBe(BigInt.asUintN(w, BigInt.asIntN(t.width, a.pattern)));
      }
    }
  });

  it('selects and indexes', () => {
    const a = Bits.of(5, UInt(4));
    const b = Bits.of(9, UInt(4));
    expect(Bits.of(1, UInt(1)).select(a, b).raw).toBe(5n);
    expect(Bits.of(0, UInt(1)).select(a, b).raw).toBe(9n);
    const arms = [1, 2, 3].map((v) => Bits.of(v, UInt(4)));
    expect(Bits.of(1, UInt(2)).index(arms).raw).toBe(2n);
    // An index past the last arm gives the last arm (IR semantics).
    expect(Bits.of(3, UInt(2)).index(arms).raw).toBe(3n);
  });
});

describe('fixed point', () => {
  it('aligns binary points on add and adds fraction bits on mul', () => {
    const a = Bits.of(1.5, Fixed(4, 2, true)); // raw 6
    const b = Bits.of(-0.375, Fixed(2, 3, true)); // raw -3
    const s = a.add(b);
    expect(s.frac).toBe(3);
    expect(s.toNumber()).toBe(1.125);
    const p = a.mul(b);
    expect(p.frac).toBe(5);
    expect(p.toNumber()).toBe(-0.5625);
  });

  it('rounds by floor or toward zero, then wraps or saturates', () => {
    const r = new Random(3);
    for (let i = 0; i < 300; i++) {
      const frac = r.int(0, 6);
      const t = Fixed(r.int(1, 10), frac, true);
      const x = Bits.fromPattern(r.bits(t.width), t);
      const dropped = r.int(0, frac);
      const to = Fixed(r.int(1, 8), frac - dropped, true);
      const k = BigInt(dropped);
      const floor = x.raw >> k;
      const towardZero = x.raw < 0n ? -(-x.raw >> k) : x.raw >> k;
      expect(x.narrow(to, { round: 'floor', overflow: 'wrap' }).raw).toBe(asN(to, floor));
      expect(x.narrow(to, { round: 'zero', overflow: 'wrap' }).raw).toBe(asN(to, towardZero));
      expect(x.narrow(to, { round: 'floor', overflow: 'saturate' }).raw).toBe(clamp(to, floor));
      expect(x.narrow(to, { round: 'zero', overflow: 'saturate' }).raw).toBe(clamp(to, towardZero));
    }
  });
});

describe('misuse of software values is an error naming the problem', () => {
  it('rejects literals that do not fit', () => {
    expect(() => Bits.of(256, UInt(8))).toThrow(/literal 256 does not fit u8 \(range 0\.\.255\)/);
    expect(() => Bits.of(-129, SInt(8))).toThrow(BitsError);
    expect(() => Bits.of(0.3, Fixed(4, 2, false))).toThrow(/not exactly representable/);
  });
  it('rejects bitwise ops on mismatched widths and mixed signedness', () => {
    expect(() => Bits.of(1, UInt(8)).and(Bits.of(1, UInt(4)))).toThrow(/and: operands must have the same type, got u8 and u4/);
    expect(() => Bits.of(1, UInt(8)).add(Bits.of(1, SInt(8)))).toThrow(/differ in signedness/);
    expect(() => Bits.of(1, UInt(8)).neg()).toThrow(/neg of unsigned/);
    expect(() => Bits.of(1, UInt(8)).slice(8, 0)).toThrow(/out of range/);
  });
});
