// Software bit vectors: the same operators as hardware signals, evaluated at
// once on BigInt-backed values. Golden models are written with these.
import type { CellOp } from './ir.ts';
import { evalCell } from './passes/cell-semantics.ts';
import { fromPattern, toPattern, typeName, type HwType } from './types.ts';
import { Vec, type CellParams } from './vec.ts';

export class BitsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BitsError';
  }
}

export class Bits extends Vec<Bits> {
  /** Unsigned bit pattern, always within the width. */
  readonly pattern: bigint;
  readonly type: HwType;

  private constructor(pattern: bigint, type: HwType) {
    super();
    this.pattern = pattern;
    this.type = type;
  }

  /** A value of the given type; the number is a real value for fixed-point types. */
  static of(value: number | bigint, type: HwType): Bits {
    return PROTO.lit(value, type);
  }

  /** A value from its unsigned bit pattern (wrapped to the width). */
  static fromPattern(pattern: bigint, type: HwType): Bits {
    return new Bits(toPattern(pattern, type.width), type);
  }

  /** Integer value of the bits as the type reads them (raw, fraction bits included). */
  get raw(): bigint {
    return fromPattern(this.pattern, this.type);
  }

  /** Real value for fixed-point types (exact while it fits a double). */
  toNumber(): number {
    return Number(this.raw) / 2 ** this.type.frac;
  }

  override toString(): string {
    return `${typeName(this.type)}:${this.frac ? this.toNumber() : this.raw}`;
  }

  protected cell(op: CellOp, args: Bits[], type: HwType, params?: CellParams): Bits {
    const p = evalCell(
      op,
      args.map((a) => a.pattern),
      args.map((a) => a.width),
      args.map((a) => a.signed),
      type.width,
      params ?? {},
    );
    return new Bits(p, type);
  }

  protected constant(pattern: bigint, type: HwType): Bits {
    return new Bits(toPattern(pattern, type.width), type);
  }

  fail(code: string, message: string): never {
    throw new BitsError(code, message);
  }
}

const PROTO = Bits.fromPattern(0n, { width: 1, signed: false, frac: 0 });
