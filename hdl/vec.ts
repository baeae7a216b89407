// The operator library, written once over a handful of primitives (a cell of
// the IR and a constant). Software values (Bits) evaluate the primitives at
// once; hardware signals (Signal) add IR cells. So a golden model and the
// hardware built from the same operators cannot disagree on a width or a
// rounding rule.
import type { CellOp } from './ir.ts';
import { bitsFor, fitsRaw, rawRange, toPattern, typeName, type HwType } from './types.ts';

export type Operand<S> = S | number | bigint;

export type Rounding = 'floor' | 'zero';
export type Overflow = 'wrap' | 'saturate';

export interface CellParams {
  value?: bigint;
  lo?: number;
  amount?: number;
}

export abstract class Vec<S extends Vec<S>> {
  abstract readonly type: HwType;

  /** Adds one primitive cell (or, for software values, evaluates it). */
  protected abstract cell(op: CellOp, args: S[], type: HwType, params?: CellParams): S;
  /** A constant from an unsigned bit pattern. */
  protected abstract constant(pattern: bigint, type: HwType): S;
  /** Reports a misuse; returns normally only when errors are being collected. */
  abstract fail(code: string, message: string): void;

  get width(): number {
    return this.type.width;
  }
  get signed(): boolean {
    return this.type.signed;
  }
  get frac(): number {
    return this.type.frac;
  }

  private self(): S {
    return this as unknown as S;
  }

  // ---- literals -------------------------------------------------------

  /** A literal of an exact type; reports when it does not fit. */
  lit(value: number | bigint, type: HwType): S {
    const raw = this.rawOf(value, type);
    if (!fitsRaw(type, raw)) {
      const [lo, hi] = rawRange(type);
      this.fail('literal-range', `literal ${value} does not fit ${typeName(type)} (range ${lo}..${hi}${type.frac ? ` raw, ${type.frac} fraction bits` : ''})`);
      return this.constant(0n, type);
    }
    return this.constant(toPattern(raw, type.width), type);
  }

  private rawOf(value: number | bigint, type: HwType): bigint {
    if (typeof value === 'bigint') return value << BigInt(type.frac);
    if (!Number.isFinite(value)) {
      this.fail('literal-range', `literal ${value} is not a finite number`);
      return 0n;
    }
    const scaled = value * 2 ** type.frac;
    if (!Number.isInteger(scaled)) {
      this.fail('literal-range', `literal ${value} is not exactly representable with ${type.frac} fraction bits`);
      return BigInt(Math.trunc(scaled));
    }
    return BigInt(scaled);
  }

  /** A literal operand in this value's type family: exact type, or the smallest that holds it. */
  protected lift(x: Operand<S>, exact: boolean): S {
    if (typeof x !== 'number' && typeof x !== 'bigint') return x;
    if (exact) return this.lit(x, this.type);
    const raw = this.rawOf(x, this.type);
    if (!this.signed && raw < 0n) {
      this.fail('literal-range', `negative literal ${x} used with unsigned ${typeName(this.type)}`);
      return this.constant(0n, this.type);
    }
    const width = bitsFor(raw < 0n ? raw : 0n, raw > 0n ? raw : 0n, this.signed);
    const type = { width: Math.max(width, this.frac, 1), signed: this.signed, frac: this.frac };
    return this.constant(toPattern(raw, type.width), type);
  }

  // ---- reinterpretation and resizing -----------------------------------

  /** The same bits read as another type of the same width. */
  as(type: HwType): S {
    if (type.width !== this.width) {
      this.fail('width-mismatch', `cannot reinterpret ${typeName(this.type)} as ${typeName(type)}: widths differ`);
      return this.constant(0n, type);
    }
    return this.cell('id', [this.self()], type);
  }
  asUInt(): S {
    return this.as({ width: this.width, signed: false, frac: 0 });
  }
  asSInt(): S {
    return this.as({ width: this.width, signed: true, frac: 0 });
  }

  /** Widens with zeros (keeps signedness and fraction bits). */
  zext(width: number): S {
    return this.extendTo(width, false, 'zext');
  }
  /** Widens by repeating the sign bit. */
  sext(width: number): S {
    return this.extendTo(width, true, 'sext');
  }

  private extendTo(width: number, sign: boolean, what: string): S {
    if (width === this.width) return this.self();
    if (width < this.width) {
      this.fail('width-mismatch', `${what}(${width}) narrows a ${typeName(this.type)}; use truncate() or resize()`);
      return this.constant(0n, { ...this.type, width });
    }
    return this.cell(sign ? 'sext' : 'zext', [this.self()], { ...this.type, width });
  }

  /** Keeps the low `width` bits. */
  truncate(width: number): S {
    if (width === this.width) return this.self();
    if (width > this.width || width < 1) {
      this.fail('width-mismatch', `truncate(${width}) of a ${typeName(this.type)}: must be between 1 and ${this.width}`);
      return this.constant(0n, { ...this.type, width: Math.max(width, 1) });
    }
    return this.cell('slice', [this.self()], { ...this.type, width }, { lo: 0 });
  }

  /** Value-preserving extension by signedness, or truncation (wrap) when narrower. */
  resize(width: number): S {
    if (width >= this.width) return this.signed ? this.sext(width) : this.zext(width);
    return this.truncate(width);
  }

  /** Adds `k` zero fraction bits at the bottom: same value, finer resolution. */
  private refine(k: number): S {
    if (k === 0) return this.self();
    const zeros = this.constant(0n, { width: k, signed: false, frac: 0 });
    return this.cell('concat', [this.self(), zeros], { width: this.width + k, signed: this.signed, frac: this.frac + k });
  }

  // ---- arithmetic -------------------------------------------------------

  private pair(b: Operand<S>, what: string, exact: boolean): [S, S] | null {
    const o = this.lift(b, exact);
    if (o.signed !== this.signed) {
      this.fail('sign-mismatch', `${what}: ${typeName(this.type)} and ${typeName(o.type)} differ in signedness; convert one explicitly (asSInt/asUInt)`);
      return null;
    }
    const f = Math.max(this.frac, o.frac);
    return [this.refine(f - this.frac), o.refine(f - o.frac)];
  }

  private grown(op: 'add' | 'sub', b: Operand<S>): S {
    const p = this.pair(b, op, false);
    if (!p) return this.constant(0n, { ...this.type, width: this.width + 1 });
    const x = p[0];
    const y = p[1];
    const type = { width: Math.max(x.width, y.width) + 1, signed: this.signed, frac: x.frac };
    return this.cell(op, [x.resize(type.width), y.resize(type.width)], type);
  }

  /** a + b, result max(wa, wb) + 1 bits: never overflows. */
  add(b: Operand<S>): S {
    return this.grown('add', b);
  }
  /** a - b, result max(wa, wb) + 1 bits (unsigned operands: wraps when b > a). */
  sub(b: Operand<S>): S {
    return this.grown('sub', b);
  }

  private sameType(b: Operand<S>, what: string): S | null {
    const o = this.lift(b, true);
    const t = this.type;
    if (o.width !== t.width || o.signed !== t.signed || o.frac !== t.frac) {
      this.fail('width-mismatch', `${what}: operands must have the same type, got ${typeName(t)} and ${typeName(o.type)}`);
      return null;
    }
    return o;
  }

  /** a + b in the operands' common width, wrapping on overflow. */
  addWrap(b: Operand<S>): S {
    const o = this.sameType(b, 'addWrap');
    return o ? this.cell('add', [this.self(), o], this.type) : this.self();
  }
  subWrap(b: Operand<S>): S {
    const o = this.sameType(b, 'subWrap');
    return o ? this.cell('sub', [this.self(), o], this.type) : this.self();
  }
  /** a + b in the operands' common width, clamped to its range. */
  addSat(b: Operand<S>): S {
    const o = this.sameType(b, 'addSat');
    return o ? this.add(o).saturate(this.width) : this.self();
  }
  subSat(b: Operand<S>): S {
    const o = this.sameType(b, 'subSat');
    if (!o) return this.self();
    // An unsigned difference cannot show a negative result: clamp at zero.
    if (!this.signed) return this.lt(o).select(this.constant(0n, this.type), this.subWrap(o));
    return this.sub(o).saturate(this.width);
  }

  /** a * b, result wa + wb bits (fraction bits add up). */
  mul(b: Operand<S>): S {
    const o = this.lift(b, false);
    if (o.signed !== this.signed) {
      this.fail('sign-mismatch', `mul: ${typeName(this.type)} and ${typeName(o.type)} differ in signedness`);
      return this.constant(0n, { ...this.type, width: this.width + o.width });
    }
    const type = { width: this.width + o.width, signed: this.signed, frac: this.frac + o.frac };
    return this.cell('mul', [this.resize(type.width), o.resize(type.width)], type);
  }

  /** -a, one bit wider; signed only. */
  neg(): S {
    if (!this.signed) {
      this.fail('sign-mismatch', `neg of unsigned ${typeName(this.type)}; convert to signed first`);
      return this.self();
    }
    const type = { ...this.type, width: this.width + 1 };
    return this.cell('neg', [this.sext(type.width)], type);
  }

  /** Clamps to the range of `width` bits of the same signedness. */
  saturate(width: number): S {
    if (width >= this.width) return this.resize(width);
    const narrow = { ...this.type, width };
    const range = rawRange(narrow);
    const lo = range[0];
    const hi = range[1];
    const tooHigh = this.gt(this.constant(toPattern(hi, this.width), this.type));
    const low = this.truncate(width);
    const hiC = this.constant(toPattern(hi, width), narrow);
    if (!this.signed) return tooHigh.select(hiC, low);
    const tooLow = this.lt(this.constant(toPattern(lo, this.width), this.type));
    const loC = this.constant(toPattern(lo, width), narrow);
    return tooHigh.select(hiC, tooLow.select(loC, low));
  }

  /**
   * Converts to another fixed-point (or integer) type: drops fraction bits
   * with the given rounding, then fits the width by wrapping or saturating.
   */
  narrow(type: HwType, opts: { round: Rounding; overflow: Overflow }): S {
    if (type.signed !== this.signed) {
      this.fail('sign-mismatch', `narrow: ${typeName(this.type)} to ${typeName(type)} changes signedness; convert first`);
      return this.constant(0n, type);
    }
    let x: S = this.self();
    if (type.frac > x.frac) x = x.refine(type.frac - x.frac);
    else if (type.frac < x.frac) x = x.dropFraction(x.frac - type.frac, opts.round);
    const fitted = opts.overflow === 'saturate' ? x.saturate(type.width) : x.resize(type.width);
    return fitted.width === type.width && fitted.frac === type.frac ? fitted : fitted.as(type);
  }

  /** Removes k low bits: floor (arithmetic shift) or toward zero. */
  private dropFraction(k: number, round: Rounding): S {
    const t = { ...this.type, frac: this.frac - k };
    if (k >= this.width) {
      this.fail('width-mismatch', `cannot drop ${k} fraction bits from ${typeName(this.type)}`);
      return this.self();
    }
    const shifted = (x: S): S => x.cell('slice', [x], { ...t, width: x.width - k }, { lo: k });
    if (round === 'floor' || !this.signed) return shifted(this.self());
    // Toward zero: bias negative values by 2^k - 1 before the floor shift.
    const wide = this.sext(this.width + 1);
    const bias = this.constant(toPattern((1n << BigInt(k)) - 1n, this.width + 1), wide.type);
    const zero = this.constant(0n, wide.type);
    const biased = wide.cell('add', [wide, this.msb().select(bias, zero)], wide.type);
    return shifted(biased).truncate(this.width - k);
  }

  /** Floor shift right by k (arithmetic for signed), same width. */
  shr(k: number | S): S {
    return this.shift(this.signed ? 'sra' : 'shr', k);
  }
  /** Shift left by k, same width (high bits drop). */
  shl(k: number | S): S {
    return this.shift('shl', k);
  }
  /** Logical shift right regardless of signedness. */
  shrLogical(k: number | S): S {
    return this.shift('shr', k);
  }

  private shift(op: 'shl' | 'shr' | 'sra', k: number | S): S {
    if (typeof k === 'number') {
      if (!Number.isInteger(k) || k < 0) {
        this.fail('shift-amount', `shift amount must be a non-negative integer, got ${k}`);
        return this.self();
      }
      if (k === 0) return this.self();
      return this.cell(op, [this.self()], this.type, { amount: k });
    }
    if (k.signed) {
      this.fail('sign-mismatch', `dynamic shift amount must be unsigned, got ${typeName(k.type)}`);
      return this.self();
    }
    return this.cell(op, [this.self(), k], this.type);
  }

  // ---- bitwise ------------------------------------------------------------

  private bitwise(op: 'and' | 'or' | 'xor', b: Operand<S>): S {
    const o = this.sameType(b, op);
    return o ? this.cell(op, [this.self(), o], this.type) : this.self();
  }
  and(b: Operand<S>): S {
    return this.bitwise('and', b);
  }
  or(b: Operand<S>): S {
    return this.bitwise('or', b);
  }
  xor(b: Operand<S>): S {
    return this.bitwise('xor', b);
  }
  not(): S {
    return this.cell('not', [this.self()], this.type);
  }
  andR(): S {
    return this.cell('redand', [this.self()], BOOL);
  }
  orR(): S {
    return this.cell('redor', [this.self()], BOOL);
  }
  xorR(): S {
    return this.cell('redxor', [this.self()], BOOL);
  }

  // ---- comparison -----------------------------------------------------------

  private compare(op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', b: Operand<S>): S {
    const p = this.pair(b, op, false);
    if (!p) return this.constant(0n, BOOL);
    const w = Math.max(p[0].width, p[1].width);
    return this.cell(op, [p[0].resize(w), p[1].resize(w)], BOOL);
  }
  eq(b: Operand<S>): S {
    return this.compare('eq', b);
  }
  ne(b: Operand<S>): S {
    return this.compare('ne', b);
  }
  lt(b: Operand<S>): S {
    return this.compare('lt', b);
  }
  le(b: Operand<S>): S {
    return this.compare('le', b);
  }
  gt(b: Operand<S>): S {
    return this.compare('gt', b);
  }
  ge(b: Operand<S>): S {
    return this.compare('ge', b);
  }

  // ---- bits -------------------------------------------------------------------

  /** Bits hi..lo (inclusive) as an unsigned value. */
  slice(hi: number, lo: number): S {
    if (!Number.isInteger(hi) || !Number.isInteger(lo) || lo < 0 || hi < lo || hi >= this.width) {
      this.fail('width-mismatch', `slice(${hi}, ${lo}) is out of range for ${typeName(this.type)}`);
      return this.constant(0n, { width: Math.max(1, hi - lo + 1 || 1), signed: false, frac: 0 });
    }
    return this.cell('slice', [this.self()], { width: hi - lo + 1, signed: false, frac: 0 }, { lo });
  }
  bit(i: number): S {
    return this.slice(i, i);
  }
  msb(): S {
    return this.bit(this.width - 1);
  }

  /** Concatenation, this value in the most significant bits; unsigned result. */
  cat(...rest: S[]): S {
    const all = [this.self(), ...rest];
    let width = 0;
    for (let i = 0; i < all.length; i++) width += all[i]!.width;
    return this.cell('concat', all, { width, signed: false, frac: 0 });
  }

  /** n copies side by side. */
  repeat(n: number): S {
    if (!Number.isInteger(n) || n < 1) {
      this.fail('width-mismatch', `repeat(${n}) needs a positive count`);
      return this.self();
    }
    return n === 1 ? this.asUInt() : this.cell('concat', Array(n).fill(this.self()), { width: this.width * n, signed: false, frac: 0 });
  }

  // ---- selection -----------------------------------------------------------------

  /** this ? whenTrue : whenFalse. `this` must be one bit. */
  select(whenTrue: Operand<S>, whenFalse: Operand<S>): S {
    if (this.width !== 1) {
      this.fail('width-mismatch', `select condition must be 1 bit, got ${typeName(this.type)}`);
    }
    const arms = armsOf(this.self(), [whenTrue, whenFalse], 'select');
    const t = arms[0];
    const f = arms[1];
    if (!t || !f) return typeof whenTrue === 'object' ? whenTrue : this.self();
    return this.cell('mux', [this.self(), f, t], t.type);
  }

  /** arms[this]: an indexed multiplexer; an index past the end gives the last arm. */
  index(arms: Operand<S>[]): S {
    const xs = armsOf(this.self(), arms, 'index');
    if (xs.some((x) => !x) || xs.length === 0) return this.self();
    if (this.signed) this.fail('sign-mismatch', 'index selector must be unsigned');
    return this.cell('mux', [this.self(), ...(xs as S[])], (xs[0] as S).type);
  }
}

export const BOOL: HwType = Object.freeze({ width: 1, signed: false, frac: 0 });

/** Brings literal arms to the type of the first non-literal arm; all arms must agree. */
function armsOf<S extends Vec<S>>(ctx: S, arms: Operand<S>[], what: string): (S | null)[] {
  let typed: S | undefined;
  for (let i = 0; i < arms.length; i++) {
    const a = arms[i]!;
    if (typeof a === 'object') {
      typed = a;
      break;
    }
  }
  const out: (S | null)[] = new Array(arms.length);
  if (!typed) {
    ctx.fail('width-mismatch', `${what}: at least one arm must be a signal or value with a type`);
    return out.fill(null);
  }
  const tt = typed.type;
  for (let i = 0; i < arms.length; i++) {
    const a = arms[i]!;
    const x = typeof a === 'object' ? a : typed.lit(a, tt);
    const ta = x.type;
    if (ta.width !== tt.width || ta.signed !== tt.signed || ta.frac !== tt.frac) {
      ctx.fail('width-mismatch', `${what}: arms must have the same type, got ${typeName(tt)} and ${typeName(ta)}`);
      out[i] = null;
    } else out[i] = x;
  }
  return out;
}

/** Priority selection: the first case whose condition holds, else `otherwise`. */
export function priority<S extends Vec<S>>(cases: [S, Operand<S>][], otherwise: Operand<S>): S {
  if (cases.length === 0) {
    if (typeof otherwise === 'object') return otherwise;
    throw new Error('priority: no cases and a literal default have no type');
  }
  let acc: Operand<S> = otherwise;
  for (let i = cases.length - 1; i >= 0; i--) {
    const c = cases[i]![0];
    const v = cases[i]![1];
    acc = c.select(v, acc);
  }
  return acc as S;
}

/**
 * Parallel selection on a key: cases must not overlap. Dense keys 0..n-1
 * become one indexed multiplexer; others a chain of compares.
 */
export function choose<S extends Vec<S>>(key: S, cases: [number | bigint, Operand<S>][], otherwise: Operand<S>): S {
  const keys = cases.map(([k]) => BigInt(k));
  if (new Set(keys.map(String)).size !== keys.length) {
    key.fail('duplicate-case', `choose: duplicate case keys ${keys.join(', ')}`);
  }
  const dense = keys.every((k, i) => k === BigInt(i)) && keys.length >= 2;
  if (dense && BigInt(keys.length) === 1n << BigInt(key.width)) return key.index(cases.map(([, v]) => v));
  return priority(cases.map(([k, v]) => [key.eq(k), v] as [S, Operand<S>]), otherwise);
}

