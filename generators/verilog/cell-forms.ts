// How each cell will be printed, decided before anything is printed: the
// shape of the Verilog expression and, for each argument, the kind of place
// it lands in. The place decides whether an argument's expression may be
// inlined there without Verilog's width and sign rules changing its value.
import { mask, type IrCell, type NetId } from '../../hdl/ir.ts';
import { decideCompare, reachableArms, type Analysis } from './known-bits.ts';
import type { ModuleView } from './netlist.ts';

/**
 * Where an argument lands:
 * - `ctx`: an operand of a context-determined operator (+, &, ==, ?: arms...).
 *   All operands there have the result width, so no extension happens, but the
 *   signedness of the whole context still flows into it: an arithmetic shift
 *   would turn logical. Only sign-insensitive expressions may be inlined.
 * - `self`: a self-determined place (concatenation element, `$signed(...)`,
 *   reduction operand, shift amount, statement right-hand side, condition).
 *   Anything may be inlined.
 * - `name`: must be a declared signal (part-select, replication of a sign
 *   bit, clock or reset in an event control).
 * - `pass`: the result is the argument itself, so it lands wherever the
 *   result lands.
 */
export type Pos = 'ctx' | 'self' | 'name' | 'pass';

export interface Read {
  net: NetId;
  pos: Pos;
  /** Bits read, when not all of them. */
  lo?: number;
  width?: number;
}

export type NaryOp = '&' | '|' | '^' | '+' | '-' | '*' | '==' | '!=';
export type CompareOp = '<' | '<=' | '>' | '>=';

export type Form =
  | { kind: 'literal'; width: number; value: bigint }
  | { kind: 'pass'; a: NetId }
  | { kind: 'unary'; op: '~' | '-'; a: NetId }
  | { kind: 'reduce'; op: '&' | '|' | '^'; a: NetId }
  | { kind: 'nary'; op: NaryOp; args: NetId[] }
  | { kind: 'compare'; op: CompareOp; signed: boolean; a: NetId; b: NetId }
  /** 1-bit unsigned comparison as logic: a < b is ~a & b, a <= b is ~a | b. */
  | { kind: 'bitCompare'; op: CompareOp; a: NetId; b: NetId }
  /**
   * `narrow`: the amount is wider than 64 bits and the value at most 64:
   * printed guarded, `amt >= W ? 0 : a << amt[narrow-1:0]`, because Verilator
   * 5.006 shifts by such an amount modulo 2^32 or 2^64 when it is below 2^32
   * (VL_SHIFTL_IIW, VL_SHIFTR_IIW, _QQW in verilated_funcs.h).
   */
  | { kind: 'shift'; op: '<<' | '>>'; a: NetId; amount: number | { net: NetId; narrow?: number } }
  | { kind: 'sra'; a: NetId; amount: number | { net: NetId } }
  | { kind: 'slice'; a: NetId; lo: number; width: number }
  | { kind: 'concat'; args: NetId[] }
  | { kind: 'zext'; a: NetId; pad: number }
  | { kind: 'sext'; a: NetId; pad: number }
  | { kind: 'ternary'; sel: NetId; a0: NetId; a1: NetId }
  /** `always @*` case statement: arms[i] for sel == i, `last` for every other value. */
  | { kind: 'case'; sel: NetId; arms: NetId[]; last: NetId };

const NARY: Partial<Record<IrCell['op'], NaryOp>> = { and: '&', or: '|', xor: '^', add: '+', sub: '-', mul: '*', eq: '==', ne: '!=' };
const COMPARE: Partial<Record<IrCell['op'], CompareOp>> = { lt: '<', le: '<=', gt: '>', ge: '>=' };
const REDUCE: Partial<Record<IrCell['op'], '&' | '|' | '^'>> = { redand: '&', redor: '|', redxor: '^' };

/** The value of an unnamed constant cell driving `id`, else undefined. */
function constArg(id: NetId, view: ModuleView): bigint | undefined {
  const d = view.cellOf[id]!;
  if (d < 0 || view.mod.nets[id]!.named) return undefined;
  const dc = view.mod.cells[d]!;
  return dc.op === 'const' ? (dc.value ?? 0n) & mask(view.mod.nets[id]!.width) : undefined;
}

/**
 * The constant value of an unsigned comparison that the known bits decide
 * (Verilator warns, UNSIGNED or CMPCONST, when such a comparison is left in),
 * else undefined.
 */
export function constantCompare(c: IrCell, view: ModuleView, kb: Analysis): boolean | undefined {
  const a = c.args[0]!;
  const b = c.args[1]!;
  if (view.net(a).signed) return undefined;
  return kb.sameValue(a, b) ? c.op === 'le' || c.op === 'ge' : decideCompare(c.op, kb.bits(a), kb.bits(b), false);
}

/** Whether the op is an ordered comparison (`constantCompare` may settle it). */
export function isOrderedCompare(op: IrCell['op']): boolean {
  return COMPARE[op] !== undefined;
}

/**
 * How a cell prints. For ordered comparisons, `decided` passes the result of
 * `constantCompare` when the caller has it already (it is the costly part).
 */
export function formOf(c: IrCell, view: ModuleView, kb: Analysis, decided?: boolean | null): Form {
  const out = view.net(c.out);
  const w = out.width;
  const a = c.args[0]!;
  const b = c.args[1]!;
  const nary = NARY[c.op];
  if (nary) return { kind: 'nary', op: nary, args: c.args };
  const cmp = COMPARE[c.op];
  if (cmp) {
    const signed = view.net(a).signed;
    // Verilator warns (UNSIGNED, CMPCONST) when an unsigned comparison is
    // constant; print the constant instead.
    const r = decided === undefined ? constantCompare(c, view, kb) : (decided ?? undefined);
    if (r !== undefined) return { kind: 'literal', width: 1, value: r ? 1n : 0n };
    // A 1-bit unsigned comparison is a gate; as one, Verilator's constant
    // folding has no comparison to call constant.
    if (!signed && view.net(a).width === 1) return { kind: 'bitCompare', op: cmp, a, b };
    return { kind: 'compare', op: cmp, signed, a, b };
  }
  const red = REDUCE[c.op];
  if (red) return { kind: 'reduce', op: red, a };
  switch (c.op) {
    case 'const':
      return { kind: 'literal', width: w, value: (c.value ?? 0n) & mask(w) };
    case 'id':
      return { kind: 'pass', a };
    case 'not':
      return { kind: 'unary', op: '~', a };
    case 'neg':
      return { kind: 'unary', op: '-', a };
    case 'shl':
    case 'shr': {
      const op = c.op === 'shl' ? '<<' : '>>';
      if (c.amount === undefined) {
        // The guarded form keeps ceil(log2(w)) bits of the amount: enough for every amount below w.
        const narrow = view.net(b).width > 64 && w <= 64 ? Math.max(1, Math.ceil(Math.log2(w))) : undefined;
        return { kind: 'shift', op, a, amount: narrow === undefined ? { net: b } : { net: b, narrow } };
      }
      if (c.amount === 0) return { kind: 'pass', a };
      if (c.amount >= w) return { kind: 'literal', width: w, value: 0n };
      return { kind: 'shift', op, a, amount: c.amount };
    }
    case 'sra':
      if (c.amount === undefined) return { kind: 'sra', a, amount: { net: b } };
      // Shifting by the width or more leaves only copies of the sign bit.
      if (c.amount === 0 || w === 1) return { kind: 'pass', a };
      return { kind: 'sra', a, amount: Math.min(c.amount, w - 1) };
    case 'slice': {
      const lo = c.lo ?? 0;
      const v = constArg(a, view);
      if (v !== undefined) return { kind: 'literal', width: w, value: (v >> BigInt(lo)) & mask(w) };
      if (lo === 0 && w === view.net(a).width) return { kind: 'pass', a };
      return { kind: 'slice', a, lo, width: w };
    }
    case 'concat':
      return { kind: 'concat', args: c.args };
    case 'zext':
      return { kind: 'zext', a, pad: w - view.net(a).width };
    case 'sext': {
      const aw = view.net(a).width;
      const v = constArg(a, view);
      if (v !== undefined) {
        const neg = (v >> BigInt(aw - 1)) & 1n;
        return { kind: 'literal', width: w, value: neg ? v | (mask(w) & ~mask(aw)) : v };
      }
      return { kind: 'sext', a, pad: w - aw };
    }
    case 'mux': {
      const sel = a;
      const n = c.args.length - 1;
      if (n === 1) return { kind: 'pass', a: c.args[1]! };
      const reach = reachableArms(view.net(sel).width, n);
      if (reach === 2) return { kind: 'ternary', sel, a0: c.args[1]!, a1: c.args[2]! };
      return { kind: 'case', sel, arms: c.args.slice(1, reach), last: c.args[reach]! };
    }
  }
  throw new Error(`unknown cell op '${c.op}'`);
}

/** Called for each net a form reads: where it lands, and which bits (lo < 0: all of them). */
export type ReadVisitor = (net: NetId, pos: Pos, lo: number, width: number) => void;

/** Visits every read of a form, in the order `formReads` lists them (no allocation). */
export function visitReads(f: Form, view: ModuleView, visit: ReadVisitor): void {
  switch (f.kind) {
    case 'literal':
      return;
    case 'pass':
      return visit(f.a, 'pass', -1, 0);
    case 'unary':
      return visit(f.a, 'ctx', -1, 0);
    case 'reduce':
      return visit(f.a, 'self', -1, 0);
    case 'nary':
      for (let i = 0; i < f.args.length; i++) visit(f.args[i]!, 'ctx', -1, 0);
      return;
    case 'compare': {
      // Signed: each side sits alone inside $signed(...).
      const pos = f.signed ? 'self' : 'ctx';
      visit(f.a, pos, -1, 0);
      return visit(f.b, pos, -1, 0);
    }
    case 'bitCompare':
      visit(f.a, 'ctx', -1, 0);
      return visit(f.b, 'ctx', -1, 0);
    case 'shift':
      visit(f.a, 'ctx', -1, 0);
      // A narrowed amount is compared and part-selected, so it must be a declared signal.
      if (typeof f.amount !== 'number') visit(f.amount.net, f.amount.narrow === undefined ? 'self' : 'name', -1, 0);
      return;
    case 'sra':
      visit(f.a, 'self', -1, 0);
      if (typeof f.amount !== 'number') visit(f.amount.net, 'self', -1, 0);
      return;
    case 'slice':
      return visit(f.a, 'name', f.lo, f.width);
    case 'concat':
      for (let i = 0; i < f.args.length; i++) visit(f.args[i]!, 'self', -1, 0);
      return;
    case 'zext':
      return visit(f.a, 'self', -1, 0);
    case 'sext':
      return visit(f.a, 'name', -1, 0);
    case 'ternary':
      visit(f.sel, conditionPos(f.sel, view), -1, 0);
      visit(f.a1, 'ctx', -1, 0);
      return visit(f.a0, 'ctx', -1, 0);
    case 'case':
      visit(f.sel, 'ctx', -1, 0);
      for (let i = 0; i < f.arms.length; i++) visit(f.arms[i]!, 'self', -1, 0);
      return visit(f.last, 'self', -1, 0);
  }
}

export function formReads(f: Form, view: ModuleView): Read[] {
  const reads: Read[] = [];
  visitReads(f, view, (net, pos, lo, width) => reads.push(lo < 0 ? { net, pos } : { net, pos, lo, width }));
  return reads;
}

/** A 1-bit condition stands alone; a wider one is compared with zero. */
export function conditionPos(net: NetId, view: ModuleView): Pos {
  return view.net(net).width === 1 ? 'self' : 'ctx';
}
