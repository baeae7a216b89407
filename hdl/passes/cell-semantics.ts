// The reference semantics of every IR cell, over unsigned bit patterns.
// Constant folding, the built-in simulator and software values (Bits) all
// evaluate cells through this one function, so they cannot disagree.
//
// Conventions (they refine the comments in ir.ts where those are silent):
// - Every value in and out is an unsigned bit pattern of its width; inputs
//   are masked to their width first, the result is masked to `outWidth`.
// - add/sub/mul/neg/and/or/xor/not are modular on `outWidth`. The IR gives
//   them operands of the out width already; an operand that is narrower
//   (IR that checkWidths rejects) is extended by its own signedness.
// - Compares are signed when the first operand is signed, else unsigned.
// - shl/shr/sra shift by `amount` (static) or by args[1] read as unsigned.
//   sra always fills with the operand's top bit (arithmetic shift), whatever
//   the declared signedness; shr always fills with zeros. A shift by the
//   width or more gives 0 (shl, shr) or all copies of the top bit (sra).
// - mux: args [sel, a0, a1, ...]; a select past the last arm picks the last.
import { mask, type CellOp } from '../ir.ts';

/** The cell fields besides its operands that some ops read. */
export interface CellParams {
  /** const: the value (unsigned bit pattern of the out width). */
  value?: bigint;
  /** slice: the lowest bit taken. */
  lo?: number;
  /** shl/shr/sra: a static shift amount (then there is no second operand). */
  amount?: number;
}

const maskOf = mask;

/** Signed reading of a `width`-bit pattern. */
export function toSigned(pattern: bigint, width: number): bigint {
  const p = pattern & maskOf(width);
  return p >> BigInt(width - 1) === 1n ? p - (1n << BigInt(width)) : p;
}

/** Number of operands each op takes: [min, max] (max Infinity for variadic). */
export function cellArity(op: CellOp, params: CellParams = {}): [number, number] {
  switch (op) {
    case 'const':
      return [0, 0];
    case 'id': case 'not': case 'neg': case 'zext': case 'sext': case 'slice':
    case 'redand': case 'redor': case 'redxor':
      return [1, 1];
    case 'and': case 'or': case 'xor': case 'add': case 'sub': case 'mul':
    case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge':
      return [2, 2];
    case 'shl': case 'shr': case 'sra':
      return params.amount === undefined ? [2, 2] : [1, 1];
    case 'concat':
      return [1, Infinity];
    case 'mux':
      return [2, Infinity];
  }
}

export const CELL_OPS: readonly CellOp[] = Object.freeze([
  'const', 'id', 'not', 'and', 'or', 'xor', 'neg', 'add', 'sub', 'mul',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'shl', 'shr', 'sra', 'slice', 'concat',
  'zext', 'sext', 'mux', 'redand', 'redor', 'redxor',
] as CellOp[]);

const CELL_OP_SET: ReadonlySet<string> = new Set(CELL_OPS);

export function isCellOp(op: unknown): op is CellOp {
  return typeof op === 'string' && CELL_OP_SET.has(op);
}

/** Whether `n` operands suit the op (cellArity without allocating). */
export function arityFits(op: CellOp, amount: number | undefined, n: number): boolean {
  switch (op) {
    case 'const':
      return n === 0;
    case 'id': case 'not': case 'neg': case 'zext': case 'sext': case 'slice':
    case 'redand': case 'redor': case 'redxor':
      return n === 1;
    case 'shl': case 'shr': case 'sra':
      return n === (amount === undefined ? 2 : 1);
    case 'concat':
      return n >= 1;
    case 'mux':
      return n >= 2;
    default:
      return n === 2;
  }
}

/**
 * Evaluates one cell. `args` are unsigned bit patterns of `argWidths`;
 * `argSigned` says how each operand's type reads them. Returns the unsigned
 * bit pattern of the result, `outWidth` bits. Throws on an unknown op or a
 * missing operand or parameter.
 */
/** Operand i as an unsigned pattern of its width. */
function operandOf(args: readonly bigint[], argWidths: readonly number[], i: number): bigint {
  return args[i]! & maskOf(argWidths[i]!);
}

/** Operand i brought to the out width by its own signedness (no-op for valid IR). */
function wideOf(args: readonly bigint[], argWidths: readonly number[], argSigned: readonly boolean[], outWidth: number, i: number): bigint {
  const outMask = maskOf(outWidth);
  const w = argWidths[i]!;
  if (w >= outWidth) return operandOf(args, argWidths, i) & outMask;
  return (argSigned[i] ? toSigned(operandOf(args, argWidths, i), w) : operandOf(args, argWidths, i)) & outMask;
}

/** The static amount, else operand 1 read as unsigned. */
function shiftAmountOf(op: CellOp, args: readonly bigint[], argWidths: readonly number[], params: CellParams): bigint {
  if (params.amount !== undefined) {
    if (!Number.isInteger(params.amount) || params.amount < 0) throw new Error(`evalCell: ${op}: bad shift amount ${params.amount}`);
    return BigInt(params.amount);
  }
  return operandOf(args, argWidths, 1);
}

/** Operand i of a compare: signed when the first operand is. */
function compared(args: readonly bigint[], argWidths: readonly number[], argSigned: readonly boolean[], i: number): bigint {
  const v = operandOf(args, argWidths, i);
  return argSigned[0] ? toSigned(v, argWidths[i]!) : v;
}

function bitOf(outMask: bigint, b: boolean): bigint {
  return (b ? 1n : 0n) & outMask;
}

export function evalCell(
  op: CellOp,
  args: readonly bigint[],
  argWidths: readonly number[],
  argSigned: readonly boolean[],
  outWidth: number,
  params: CellParams = {},
): bigint {
  const [minArgs, maxArgs] = cellArity(op, params);
  if (args.length < minArgs || args.length > maxArgs) {
    throw new Error(`evalCell: ${op} takes ${minArgs === maxArgs ? minArgs : `${minArgs}..${maxArgs}`} operands, got ${args.length}`);
  }
  if (argWidths.length < args.length || argSigned.length < args.length) {
    throw new Error(`evalCell: ${op}: every operand needs a width and a signedness`);
  }
  const outMask = maskOf(outWidth);
  // (The helpers are plain functions outside: no closures made per call.)

  switch (op) {
    case 'const':
      if (typeof params.value !== 'bigint') throw new Error('evalCell: const needs a bigint value');
      return params.value & outMask;
    case 'id':
      return operandOf(args, argWidths, 0) & outMask;
    case 'not':
      return ~wideOf(args, argWidths, argSigned, outWidth, 0) & outMask;
    case 'and':
      return wideOf(args, argWidths, argSigned, outWidth, 0) & wideOf(args, argWidths, argSigned, outWidth, 1);
    case 'or':
      return wideOf(args, argWidths, argSigned, outWidth, 0) | wideOf(args, argWidths, argSigned, outWidth, 1);
    case 'xor':
      return wideOf(args, argWidths, argSigned, outWidth, 0) ^ wideOf(args, argWidths, argSigned, outWidth, 1);
    case 'neg':
      return -wideOf(args, argWidths, argSigned, outWidth, 0) & outMask;
    case 'add':
      return (wideOf(args, argWidths, argSigned, outWidth, 0) + wideOf(args, argWidths, argSigned, outWidth, 1)) & outMask;
    case 'sub':
      return (wideOf(args, argWidths, argSigned, outWidth, 0) - wideOf(args, argWidths, argSigned, outWidth, 1)) & outMask;
    case 'mul':
      return (wideOf(args, argWidths, argSigned, outWidth, 0) * wideOf(args, argWidths, argSigned, outWidth, 1)) & outMask;
    case 'eq': {
      const x = compared(args, argWidths, argSigned, 0);
      const y = compared(args, argWidths, argSigned, 1);
      return bitOf(outMask, x === y);
    }
    case 'ne': {
      const x = compared(args, argWidths, argSigned, 0);
      const y = compared(args, argWidths, argSigned, 1);
      return bitOf(outMask, x !== y);
    }
    case 'lt': {
      const x = compared(args, argWidths, argSigned, 0);
      const y = compared(args, argWidths, argSigned, 1);
      return bitOf(outMask, x < y);
    }
    case 'le': {
      const x = compared(args, argWidths, argSigned, 0);
      const y = compared(args, argWidths, argSigned, 1);
      return bitOf(outMask, x <= y);
    }
    case 'gt': {
      const x = compared(args, argWidths, argSigned, 0);
      const y = compared(args, argWidths, argSigned, 1);
      return bitOf(outMask, x > y);
    }
    case 'ge': {
      const x = compared(args, argWidths, argSigned, 0);
      const y = compared(args, argWidths, argSigned, 1);
      return bitOf(outMask, x >= y);
    }
    case 'shl': {
      const n = shiftAmountOf(op, args, argWidths, params);
      const w = argWidths[0]!;
      return n >= BigInt(w) ? 0n : (operandOf(args, argWidths, 0) << n) & maskOf(w) & outMask;
    }
    case 'shr': {
      const n = shiftAmountOf(op, args, argWidths, params);
      const w = argWidths[0]!;
      return n >= BigInt(w) ? 0n : (operandOf(args, argWidths, 0) >> n) & outMask;
    }
    case 'sra': {
      const w = argWidths[0]!;
      let n = shiftAmountOf(op, args, argWidths, params);
      if (n > BigInt(w)) n = BigInt(w);
      // BigInt >> on a negative value floors, which is the arithmetic shift.
      return (toSigned(operandOf(args, argWidths, 0), w) >> n) & maskOf(w) & outMask;
    }
    case 'slice': {
      const lo = params.lo;
      if (lo === undefined || !Number.isInteger(lo) || lo < 0) throw new Error(`evalCell: slice needs a non-negative integer lo, got ${lo}`);
      return (operandOf(args, argWidths, 0) >> BigInt(lo)) & outMask;
    }
    case 'concat': {
      let acc = 0n;
      for (let i = 0; i < args.length; i++) acc = (acc << BigInt(argWidths[i]!)) | operandOf(args, argWidths, i);
      return acc & outMask;
    }
    case 'zext':
      return operandOf(args, argWidths, 0) & outMask;
    case 'sext':
      return toSigned(operandOf(args, argWidths, 0), argWidths[0]!) & outMask;
    case 'mux': {
      const arms = args.length - 1;
      const sel = operandOf(args, argWidths, 0);
      const k = sel >= BigInt(arms) ? arms - 1 : Number(sel);
      return operandOf(args, argWidths, k + 1) & outMask;
    }
    case 'redand':
      return bitOf(outMask, operandOf(args, argWidths, 0) === maskOf(argWidths[0]!));
    case 'redor':
      return bitOf(outMask, operandOf(args, argWidths, 0) !== 0n);
    case 'redxor': {
      let x = operandOf(args, argWidths, 0);
      let parity = 0n;
      while (x !== 0n) {
        parity ^= x & 1n;
        x >>= 1n;
      }
      return parity & outMask;
    }
  }
  throw new Error(`evalCell: unknown op '${String(op)}'`);
}
