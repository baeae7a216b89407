// Hand-built IR designs that exercise the Verilog generator: every cell op,
// signed and unsigned, widths 1..130, every register reset kind, memories of
// every shape, hierarchy, and names Verilog cannot take as they are.
import type { IrDesign, IrModule, NetId } from '../../hdl/ir.ts';
import { ModBuilder, design, single } from './ir-fixtures.ts';

/** Every binary/unary op on one width and signedness, as outputs named after the op. */
/** `light` leaves out multipliers and dynamic shifters wider than 16 bits, which take WASM Yosys minutes. */
function allOps(b: ModBuilder, w: number, signed: boolean, prefix = '', light = false): void {
  const a = b.input(`${prefix}a`, w, signed);
  const c = b.input(`${prefix}b`, w, signed);
  const n = light && w > 16 ? -1 : b.input(`${prefix}n`, Math.max(1, Math.ceil(Math.log2(w + 3))));
  const o = (name: string, net: NetId): void => void b.output(`${prefix}${name}`, net);
  for (const op of ['and', 'or', 'xor', 'add', 'sub'] as const) o(op, b.bin(op, a, c));
  const heavyOk = !light || w <= 16;
  if (w <= 65 && heavyOk) o('mul', b.bin('mul', a, c));
  o('not', b.op('not', [a], w, { signed }));
  o('neg', b.op('neg', [a], w, { signed }));
  for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) o(op, b.cmp(op, a, c));
  for (const op of ['shl', 'shr', 'sra'] as const) {
    o(`${op}_s`, b.op(op, [a], w, { signed, amount: Math.min(3, w - 1) }));
    if (heavyOk) o(`${op}_d`, b.op(op, [a, n], w, { signed }));
  }
  for (const op of ['redand', 'redor', 'redxor'] as const) o(op, b.op(op, [a], 1));
  if (w > 1) {
    const lo = Math.floor(w / 3);
    const sw = Math.max(1, Math.floor(w / 2));
    o('slice', b.slice(a, lo, Math.min(sw, w - lo)));
    o('msb', b.slice(a, w - 1, 1));
  }
  o('concat', b.op('concat', [a, c, b.slice(a, 0, 1)], 2 * w + 1));
  o('zext', b.op('zext', [a], w + 5));
  o('sext', b.op('sext', [a], w + 5, { signed: true }));
  o('mux2', b.op('mux', [b.slice(c, 0, 1), a, c], w, { signed }));
}

/** Expressions whose inlining would change the value if printed naively. */
function traps(b: ModBuilder): void {
  const a = b.input('ta', 8);
  const c = b.input('tb', 8);
  const s = b.input('ts', 8, true);
  const u = b.input('tu', 8, true);
  const n = b.input('tn', 4);
  const o = (name: string, net: NetId): void => void b.output(name, net);
  const sum = b.bin('add', a, c);
  o('sum_shr', b.op('shr', [sum], 8, { amount: 1 })); // carry must be lost
  o('sum_zext', b.op('zext', [b.bin('add', a, c)], 9)); // bit 8 is 0
  o('sum_lt', b.cmp('lt', b.bin('add', a, c), c)); // compare of a wrapped sum
  o('sra_in_add', b.bin('add', b.op('sra', [s], 8, { signed: true, amount: 2 }), a)); // >>> in unsigned context
  o('sra_unsigned_net', b.op('sra', [a], 8, { amount: 3 })); // IR sra is arithmetic on any net
  o('sra_in_cmp', b.cmp('eq', b.op('sra', [a], 8, { amount: 1 }), c));
  o('sra_in_mux', b.op('mux', [b.slice(n, 0, 1), b.op('sra', [s], 8, { signed: true, amount: 1 }), a], 8));
  o('sra_in_concat', b.op('concat', [b.op('sra', [s], 8, { signed: true, amount: 4 }), b.slice(a, 0, 2)], 10));
  o('sra_dyn_big', b.op('sra', [s, b.input('tbig', 8)], 8, { signed: true }));
  o('shl_dyn_big', b.op('shl', [a, b.input('tbig2', 8)], 8));
  const ssum = b.bin('add', s, u);
  o('signed_sum_lt', b.cmp('lt', ssum, s)); // $signed around an inlined sum
  o('signed_sum_sext', b.op('sext', [b.bin('add', s, u)], 12, { signed: true }));
  // Unsigned results of signed operands: Verilog would compare signed without $unsigned.
  const su1 = b.op('add', [s, u], 8, { signed: false });
  const su2 = b.op('sub', [s, u], 8, { signed: false });
  o('unsigned_of_signed_lt', b.cmp('lt', su1, su2));
  o('signed_cmp_const', b.cmp('lt', s, b.const(8, 0xfb, { signed: true })));
  o('signed_cmp_min', b.cmp('gt', s, b.const(8, 0x80, { signed: true })));
  o('signed_cmp_1bit', b.cmp('lt', b.slice(s, 7, 1, { signed: true }), b.const(1, 0, { signed: true })));
  o('neg_1bit', b.op('neg', [b.slice(a, 0, 1)], 1));
  o('mul_signed', b.bin('mul', s, u));
  o('not_in_add', b.bin('add', b.op('not', [a], 8), c));
  o('nested', b.bin('xor', b.bin('sub', b.bin('mul', a, c), b.op('shl', [a, n], 8)), b.op('shr', [c, n], 8)));
  o('shr_signed', b.op('shr', [s], 8, { signed: true, amount: 2 })); // logical, whatever the sign
  o('sext_of_slice_of_sum', b.op('sext', [b.slice(b.bin('add', a, c), 2, 4)], 8, { signed: true }));
  o('redxor_of_sum', b.op('redxor', [b.bin('add', a, c)], 1));
  o('eq_of_concat', b.cmp('eq', b.op('concat', [b.slice(a, 0, 4), b.slice(c, 4, 4)], 8), c));
}

export function exprUnsigned(): IrDesign {
  const b = new ModBuilder('expr_u8', { width: 8 });
  allOps(b, 8, false);
  traps(b);
  return single(b.mod);
}

export function exprSigned(): IrDesign {
  const b = new ModBuilder('expr_s8', { width: 8, signed: true });
  allOps(b, 8, true);
  return single(b.mod);
}

export const WIDTHS = [1, 2, 7, 31, 32, 33, 63, 64, 65, 127, 128, 129, 130];
/** The widths the synthesis check uses: each side of every 32/64-bit boundary, and the widest. */
export const SYNTH_WIDTHS = [1, 2, 32, 33, 64, 65, 130];

export function exprWidths(light = false): IrDesign {
  const widths = light ? SYNTH_WIDTHS : WIDTHS;
  const b = new ModBuilder('expr_widths', { widths, light });
  for (const w of widths) {
    allOps(b, w, false, `u${w}_`, light);
    allOps(b, w, true, `s${w}_`, light);
  }
  return single(b.mod);
}

export function muxes(): IrDesign {
  const b = new ModBuilder('muxes');
  const arms = [0, 1, 2, 3, 4].map((i) => b.input(`a${i}`, 6));
  const s1 = b.input('s1', 1);
  const s2 = b.input('s2', 2);
  const s3 = b.input('s3', 3);
  const s8 = b.input('s8', 8);
  b.output('one_arm', b.op('mux', [s2, arms[0]!], 6));
  b.output('two_arms_1bit', b.op('mux', [s1, arms[0]!, arms[1]!], 6));
  b.output('two_arms_3bit', b.op('mux', [s3, arms[0]!, arms[1]!], 6)); // sel >= 1 gives arm 1
  b.output('three_arms', b.op('mux', [s2, arms[0]!, arms[1]!, arms[2]!], 6));
  b.output('four_arms', b.op('mux', [s2, ...arms.slice(0, 4)], 6));
  b.output('five_arms_2bit', b.op('mux', [s2, ...arms], 6)); // arm 4 unreachable
  b.output('five_arms_3bit', b.op('mux', [s3, ...arms], 6));
  b.output('three_arms_8bit', b.op('mux', [s8, arms[0]!, arms[1]!, arms[2]!], 6));
  b.output('same_arm_twice', b.op('mux', [s2, arms[0]!, arms[1]!, arms[0]!], 6));
  b.output('mux_of_sums', b.op('mux', [s1, b.bin('add', arms[0]!, arms[1]!), b.bin('sub', arms[2]!, arms[3]!)], 6));
  b.output('sel_expr', b.op('mux', [b.op('xor', [s2, b.slice(s3, 0, 2)], 2), arms[0]!, arms[1]!, arms[2]!], 6));
  b.output('sel_wide_expr', b.op('mux', [b.op('add', [s3, s3], 3), arms[0]!, arms[1]!], 6));
  return single(b.mod);
}

/** Unused inputs, partly used inputs, dead logic and comparisons that fold to constants. */
export function unusedAndConstants(): IrDesign {
  const b = new ModBuilder('unused_const');
  const a = b.input('a', 8);
  b.input('ignored', 5);
  b.input('ignored_bit', 1);
  const part = b.input('part', 16);
  const x = b.input('x', 8);
  b.output('low', b.slice(part, 0, 4));
  b.output('mid', b.slice(part, 9, 2));
  b.op('add', [a, x], 8); // dead temp
  b.op('xor', [a, x], 8, { name: 'named_but_unread' });
  const zero = b.const(8, 0);
  const ones = b.const(8, 255);
  b.output('ge_zero', b.cmp('ge', a, zero));
  b.output('lt_zero', b.cmp('lt', a, zero));
  b.output('le_max', b.cmp('le', a, ones));
  b.output('gt_max', b.cmp('gt', a, ones));
  b.output('zero_le', b.cmp('le', zero, x));
  const xx = b.bin('xor', x, x);
  b.output('lt_xx', b.cmp('lt', a, xx));
  b.output('ge_sub_self', b.cmp('ge', a, b.bin('sub', x, x)));
  b.output('lt_and_zero', b.cmp('lt', a, b.bin('and', x, zero)));
  b.output('lt_zext', b.cmp('lt', b.op('zext', [b.slice(a, 0, 4)], 8), b.const(8, 16))); // always true
  b.output('lt_real', b.cmp('lt', a, b.const(8, 16))); // not constant
  const kz = b.const(8, 0, { name: 'named_zero' });
  b.output('ge_named_zero', b.cmp('ge', x, kz));
  b.output('shift_out', b.op('shl', [a], 8, { amount: 8 }));
  b.output('shift_far', b.op('shr', [a], 8, { amount: 100 }));
  b.output('sra_far', b.op('sra', [a], 8, { amount: 100 }));
  b.output('slice_const', b.slice(b.const(16, 0xabcd), 4, 8));
  b.output('sext_const', b.op('sext', [b.const(4, 0xa)], 8, { signed: true }));
  b.output('in_to_out', a);
  return single(b.mod);
}

export function registers(): IrDesign {
  const b = new ModBuilder('registers');
  const clk = b.input('clk', 1, false, 'clock');
  const rst = b.input('rst', 1, false, 'reset');
  const rstN = b.input('rst_n', 1, false, 'reset');
  const en = b.input('en', 1);
  const en2 = b.input('en2', 2);
  const a = b.input('a', 8);
  const s = b.input('s', 8, true);
  const one = b.const(8, 1);
  const r0 = b.reg({ name: 'free', width: 8, clock: clk, init: 5n });
  r0.connect(b.bin('add', r0.q, one));
  const r1 = b.reg({ name: 'sync_hi', width: 8, clock: clk, enable: en, reset: { net: rst, value: 3n } });
  r1.connect(b.bin('add', r1.q, a));
  const r2 = b.reg({ name: 'sync_lo', width: 8, clock: clk, reset: { net: rstN, activeLow: true, value: 0xaan } });
  r2.connect(b.bin('xor', r2.q, a));
  const r3 = b.reg({ name: 'async_hi', width: 8, clock: clk, reset: { net: rst, async: true, value: 7n } });
  r3.connect(b.bin('sub', a, r3.q));
  const r4 = b.reg({ name: 'async_lo', width: 8, clock: clk, enable: en, reset: { net: rstN, async: true, activeLow: true, value: 1n } });
  r4.connect(b.bin('add', r4.q, r4.q));
  const r5 = b.reg({ name: 'reset_and_init', width: 8, clock: clk, reset: { net: rst, value: 2n }, init: 9n });
  r5.connect(b.bin('add', r5.q, one));
  const r6 = b.reg({ name: 'signed_acc', width: 8, signed: true, clock: clk, reset: { net: rst, value: 0xfdn } });
  r6.connect(b.bin('add', b.op('sra', [r6.q], 8, { signed: true, amount: 1 }), s));
  const r7 = b.reg({ name: 'toggle', width: 1, clock: clk, enable: en2, init: 0n });
  r7.connect(b.op('not', [r7.q], 1));
  const r8 = b.reg({ width: 130, clock: clk, reset: { net: rst, value: (1n << 129n) | 5n } });
  r8.connect(b.op('concat', [b.slice(r8.q, 0, 122), a], 130));
  for (const r of [r0, r1, r2, r3, r4, r5, r6, r7]) b.outputNet(b.mod.nets[r.q]!.name, r.q);
  b.output('wide', r8.q);
  return single(b.mod);
}

export function memories(): IrDesign {
  const b = new ModBuilder('memories');
  const clk = b.input('clk', 1, false, 'clock');
  const we = b.input('we', 1);
  const re = b.input('re', 1);
  const wa = b.input('wa', 4);
  const ra = b.input('ra', 4);
  const ra6 = b.input('ra6', 6);
  const wa3 = b.input('wa3', 3);
  const ra2 = b.input('ra2', 2);
  const wd = b.input('wd', 8);
  // Power of two, write + sync read with enable + async read.
  const m0 = b.memory({ name: 'pow2', width: 8, depth: 16 });
  b.writePort(m0, wa, wd, we, clk);
  b.outputNet('pow2_q', b.readPort(m0, ra, { name: 'pow2_q', sync: true, clock: clk, enable: re }));
  b.output('pow2_async', b.readPort(m0, wa, {}));
  // Depth 10 (not a power of two), initialised, 4-bit addresses reach past it.
  const m1 = b.memory({ name: 'npot', width: 5, depth: 10, init: [1n, 2n, 3n, 4n, 5n, 6n, 7n] });
  b.writePort(m1, wa, b.slice(wd, 0, 5), we, clk);
  b.outputNet('npot_q', b.readPort(m1, ra, { name: 'npot_q', sync: true, clock: clk }));
  b.output('npot_async', b.readPort(m1, ra, {}));
  // Address wider (6 bits) and narrower (3 bits) than the index.
  const m2 = b.memory({ name: 'addr_widths', width: 8, depth: 16 });
  b.writePort(m2, wa3, wd, we, clk);
  b.outputNet('wide_addr_q', b.readPort(m2, ra6, { name: 'wide_addr_q', sync: true, clock: clk }));
  b.output('narrow_addr', b.readPort(m2, wa3, {}));
  // ROM.
  const m3 = b.memory({ name: 'rom', width: 8, depth: 5, init: [0x11n, 0x22n, 0n, 0x44n, 0x55n] });
  b.output('rom_q', b.readPort(m3, wa3, {}));
  // Two write ports on one clock (the later wins), constant addresses in and out of range.
  const m4 = b.memory({ name: 'two_writes', width: 8, depth: 4 });
  b.writePort(m4, ra2, wd, we, clk);
  b.writePort(m4, ra2, b.op('not', [wd], 8), re, clk);
  b.writePort(m4, b.const(3, 2), wd, b.slice(wd, 7, 1), clk);
  b.writePort(m4, b.const(3, 7), wd, re, clk); // never in range: dropped
  b.output('two_writes_q', b.readPort(m4, ra2, {}));
  b.output('const_addr_q', b.readPort(m4, b.const(2, 3), {}));
  // Depth 1 and a signed memory.
  const m5 = b.memory({ name: 'single', width: 3, depth: 1 });
  b.writePort(m5, b.slice(wa, 0, 1), b.slice(wd, 0, 3), we, clk);
  b.outputNet('single_q', b.readPort(m5, b.slice(ra, 0, 1), { name: 'single_q', sync: true, clock: clk }));
  const m6 = b.memory({ name: 'signed_mem', width: 6, depth: 8, signed: true, init: [0x3fn, 0x20n] });
  b.writePort(m6, wa3, b.slice(wd, 0, 6, { signed: true }), we, clk);
  b.output('signed_lt', b.cmp('lt', b.readPort(m6, wa3, {}), b.const(6, 0, { signed: true })));
  return single(b.mod);
}

/** Addresses that are signed nets reinterpreted as unsigned (an `id` cell): the index must not read as negative. */
export function signedAddresses(): IrDesign {
  const b = new ModBuilder('signed_addresses');
  const clk = b.input('clk', 1, false, 'clock');
  const sa = b.input('sa', 3, true);
  const we = b.input('we', 1);
  const wd = b.input('wd', 8);
  // One `id` per port: a single-use temporary is inlined, so the index would be the signed input itself.
  const m = b.memory({ name: 'table', width: 8, depth: 8, init: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n] });
  b.writePort(m, b.op('id', [sa], 3, { signed: false }), wd, we, clk);
  b.output('q', b.readPort(m, b.op('id', [sa], 3, { signed: false }), {}));
  return single(b.mod);
}

/** 256 x 16 with a synchronous read: an iCE40 SB_RAM40_4K. */
export function blockRam(): IrDesign {
  const b = new ModBuilder('block_ram', { depth: 256, width: 16 });
  const clk = b.input('clk', 1, false, 'clock');
  const we = b.input('we', 1);
  const wa = b.input('wa', 8);
  const ra = b.input('ra', 8);
  const wd = b.input('wd', 16);
  const m = b.memory({ name: 'ram', width: 16, depth: 256 });
  b.writePort(m, wa, wd, we, clk);
  b.outputNet('q', b.readPort(m, ra, { name: 'q', sync: true, clock: clk }));
  return single(b.mod);
}

/** Writes from two clocks (Verilator MULTIDRIVEN, intended). */
export function twoClockMemory(): IrDesign {
  const b = new ModBuilder('two_clock_mem');
  const c1 = b.input('c1', 1, false, 'clock');
  const c2 = b.input('c2', 1, false, 'clock');
  const a = b.input('a', 2);
  const d = b.input('d', 4);
  const m = b.memory({ name: 'm', width: 4, depth: 4 });
  b.writePort(m, a, d, b.slice(d, 0, 1), c1);
  b.writePort(m, a, b.op('not', [d], 4), b.slice(d, 1, 1), c2);
  b.outputNet('q', b.readPort(m, a, { name: 'q', sync: true, clock: c2 }));
  b.readPort(m, a, {}); // unread async port
  return single(b.mod);
}

/** A memory nobody reads and a register nobody reads. */
export function writeOnly(): IrDesign {
  const b = new ModBuilder('write_only');
  const clk = b.input('clk', 1, false, 'clock');
  const a = b.input('a', 3);
  const m = b.memory({ name: 'sink', width: 8, depth: 8 });
  b.writePort(m, a, b.op('zext', [a], 8), b.const(1, 1), clk);
  const r = b.reg({ width: 3, clock: clk, init: 0n });
  r.connect(a);
  b.output('y', b.const(1, 0));
  return single(b.mod);
}

function adder(name: string): IrModule {
  const b = new ModBuilder(name, { width: 4 });
  const a = b.input('a', 4);
  const c = b.input('b', 4);
  b.input('spare', 2);
  const sum = b.op('add', [b.op('zext', [a], 5), b.op('zext', [c], 5)], 5);
  b.output('y', b.slice(sum, 0, 4));
  b.output('carry', b.slice(sum, 4, 1));
  return b.mod;
}

export function hierarchy(): IrDesign {
  const leaf = adder('adder');
  // A child whose module and port names are keywords.
  const kb = new ModBuilder('reg', { kind: 'keyword' });
  const kin = kb.input('input', 4);
  const kclk = kb.input('always', 1, false, 'clock');
  const kr = kb.reg({ name: 'output', width: 4, clock: kclk, init: 0n });
  kr.connect(kin);
  kb.outputNet('output', kr.q);
  const kw = kb.mod;
  // A middle level that uses the leaf.
  const mid = new ModBuilder('mid');
  const ma = mid.input('a', 4);
  const mo = mid.childOutputs(leaf, 'leaf_');
  mid.instance('leaf', leaf, { a: ma, b: ma, y: mo.y!, carry: mo.carry! });
  mid.output('twice', mo.y!);
  mid.output('spare_carry', mo.carry!);
  const top = new ModBuilder('top');
  const a = top.input('a', 4);
  const c = top.input('b', 4);
  const clk = top.input('clk', 1, false, 'clock');
  const u0 = top.childOutputs(leaf, 'u0_');
  top.instance('u0', leaf, { a, b: c, spare: top.slice(a, 0, 2), y: u0.y!, carry: u0.carry! });
  const u1y = top.net('u1_y', 4);
  top.instance('wire', leaf, { a: top.bin('xor', a, c), b: u0.y!, y: u1y }); // carry and spare unconnected
  const m = top.childOutputs(mid.mod, 'm_');
  top.instance('mid', mid.mod, { a: u1y, twice: m.twice!, spare_carry: m.spare_carry! });
  const k = top.childOutputs(kw, 'k_');
  top.instance('module', kw, { input: m.twice!, always: clk, output: k.output! });
  top.output('y', top.op('concat', [u0.carry!, u1y, k.output!], 9));
  top.output('twice', m.twice!);
  return design(top.mod, leaf, kw, mid.mod);
}

/** Names that are keywords, illegal, or collide. */
export function names(): IrDesign {
  const b = new ModBuilder('names');
  const reg = b.input('reg', 4);
  const wire = b.input('wire', 4);
  const logic = b.input('logic', 4);
  b.input('_init_g', 1); // unused, and named like the generator's loop variable
  const x = b.op('xor', [reg, wire], 4, { name: 'x' });
  const x2 = b.op('and', [reg, logic], 4, { name: 'x' });
  const x1 = b.op('or', [x, x2], 4, { name: 'x_1' });
  const dotted = b.op('add', [x1, reg], 4, { name: 'core.lane0.v' });
  const digit = b.op('sub', [dotted, wire], 4, { name: '3x' });
  const empty = b.op('not', [digit], 4, { name: '' });
  const self = b.op('neg', [empty], 4, { name: 'names' });
  const bool = b.op('xor', [self, logic], 4, { name: 'bool' });
  const af = b.op('or', [bool, reg], 4, { name: 'always_ff' });
  const unusedOk = b.op('and', [af, wire], 4, { name: '_unused_ok' });
  b.output('output', unusedOk);
  b.output('x', x2); // an output port named like a wire: the port keeps the name
  const clk = b.input('clk', 1);
  const m = b.memory({ name: 'initial', width: 4, depth: 6 });
  b.writePort(m, b.slice(reg, 0, 3), wire, b.slice(logic, 0, 1), clk);
  b.output('mem_q', b.readPort(m, b.slice(wire, 0, 3), {}));
  return single(b.mod);
}

/** Every design the tool tests run, by name (the light widths design: see allOps). */
export function corpus(): Record<string, IrDesign> {
  return {
    expr_u8: exprUnsigned(),
    expr_s8: exprSigned(),
    expr_widths: exprWidths(true),
    muxes: muxes(),
    unused_const: unusedAndConstants(),
    registers: registers(),
    memories: memories(),
    signed_addresses: signedAddresses(),
    block_ram: blockRam(),
    two_clock_mem: twoClockMemory(),
    write_only: writeOnly(),
    hierarchy: hierarchy(),
    names: names(),
  };
}
