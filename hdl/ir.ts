// The IR: the single contract between the language (hdl/) and every consumer
// (Verilog and SFQ generators, simulators, board flows). Plain data only: no
// classes, no functions, no Verilog-only notions. Every node carries the user's
// source location so that any consumer can point back at the design.
//
// Semantics (all consumers must agree):
// - Two-state logic. Every net has exactly one driver: an input port, a cell,
//   a register, a memory read port or an instance output.
// - Cells are modular (wrap-around) on their result width. Operand widths are
//   already equal where an op needs it: the language inserts zext/sext/slice
//   cells explicitly, so no consumer ever has to guess a width or sign rule.
// - Registers update on the rising edge of their clock. Reset is synchronous
//   or asynchronous, active high or low, and has priority over the enable.
//   An asynchronous reset acts at once and holds while asserted.
// - Power-up (time 0, before the first clock edge): a register holds its
//   `init`. A register with a reset and no `init` has no defined power-up
//   value: it is unknown until its reset acts (or it loads a defined
//   value), and a design or testbench must not depend on it (the built-in
//   simulator starts it at 0, Verilator at 0 or, with random initial state,
//   at random, Icarus at x).
//   An asynchronous reset that is asserted at power-up (an input at its start
//   value 0, a register whose `init` asserts it, logic of those) acts at
//   time 0, like any assertion: the register shows its reset value from the
//   start, whatever its `init`. A synchronous one acts at the first edge.
//   Memories start from `init`, the rest 0.
// - Memories: out-of-range reads give 0 and out-of-range writes are ignored.
//   A synchronous read returns the value before any write on the same edge
//   (read-first). With several write ports on one address, the later port in
//   `writePorts` wins.

export interface SourceLoc {
  file: string;
  line: number;
  column: number;
}

export type NetId = number;

export interface IrNet {
  id: NetId;
  /** The user's name for named signals; a generated `_tN` name for temporaries. */
  name: string;
  width: number;
  signed: boolean;
  /** True when the user gave the name (ports, wires, registers, memory ports). */
  named: boolean;
  /** Fixed-point fraction bits, kept for waveforms and reports only. */
  frac?: number;
  loc: SourceLoc;
}

export type PortDir = 'input' | 'output';

export interface IrPort {
  name: string;
  dir: PortDir;
  net: NetId;
  /**
   * Marks the clock and reset inputs so simulators and board flows find them.
   * On a black box, an output with role 'clock' is a generated clock (a PLL output).
   */
  role?: 'clock' | 'reset';
}

export type CellOp =
  | 'const' // value
  | 'id' //  out = a (a named wire or an output driven by an expression)
  | 'not' | 'and' | 'or' | 'xor' // bitwise, equal widths
  | 'neg' | 'add' | 'sub' | 'mul' // modular on out width; args already out width
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' // 1-bit out; args equal width and signedness; signed compare when the first arg is signed
  | 'shl' | 'shr' | 'sra' // shift by `amount` (static) or by args[1] (dynamic, unsigned); out width = args[0] width;
  //                          sra fills with the top bit whatever the declared signedness; a shift by >= width gives 0 (or all sign bits)
  | 'slice' // out = args[0][lo + outWidth - 1 : lo]
  | 'concat' // args most significant first; out width = sum
  | 'zext' | 'sext' // out width > arg width
  | 'mux' // args [sel, a0, a1, ...]: out = a[sel]; sel index past the last arm gives the last arm
  | 'redand' | 'redor' | 'redxor'; // 1-bit out

export interface IrCell {
  op: CellOp;
  out: NetId;
  args: NetId[];
  /** const: the value as an unsigned bit pattern of the out width. */
  value?: bigint;
  /** slice: the lowest bit taken. */
  lo?: number;
  /** shl/shr/sra with a static amount (then args has one element). */
  amount?: number;
  loc: SourceLoc;
}

export interface IrReset {
  net: NetId;
  async: boolean;
  activeLow: boolean;
  /** Unsigned bit pattern. */
  value: bigint;
}

export interface IrReg {
  q: NetId;
  d: NetId;
  clock: NetId;
  enable?: NetId;
  reset?: IrReset;
  /** Power-up value (FPGA init attribute); required when there is no reset. */
  init?: bigint;
  loc: SourceLoc;
}

export interface IrMemRead {
  addr: NetId;
  data: NetId;
  /** Synchronous (registered, read-first) or asynchronous (combinational). */
  sync: boolean;
  clock?: NetId;
  enable?: NetId;
  loc: SourceLoc;
}

export interface IrMemWrite {
  addr: NetId;
  data: NetId;
  enable: NetId;
  clock: NetId;
  loc: SourceLoc;
}

export interface IrMemory {
  name: string;
  width: number;
  depth: number;
  signed: boolean;
  /** Initial contents (unsigned bit patterns), length <= depth; the rest is 0. */
  init?: bigint[];
  /**
   * No initial contents (never together with `init`): the words are undefined
   * at power-up. Simulators start them at 0 (two-state); generators write no
   * contents, so the memory can map to RAM that cannot be initialised (iCE40
   * UltraPlus SPRAM). A design must write a word before it reads it.
   */
  uninitialised?: boolean;
  readPorts: IrMemRead[];
  writePorts: IrMemWrite[];
  loc: SourceLoc;
}

export interface IrConnection {
  port: string;
  net: NetId;
}

/** A parameter passed to a black-box instance (a vendor primitive such as a PLL). */
export interface IrInstanceParam {
  name: string;
  /** An integer, or a string (e.g. a mode name). */
  value: number | string;
}

export interface IrInstance {
  name: string;
  module: string;
  connections: IrConnection[];
  /** Only for instances of black-box modules. */
  params?: IrInstanceParam[];
  loc: SourceLoc;
}

export interface IrModule {
  name: string;
  /** The design (class or factory) and the parameter set it was elaborated with. */
  origin: { design: string; params: Record<string, unknown> };
  doc?: string;
  /**
   * A black box: ports only, implemented outside spikeforge (a vendor
   * primitive such as SB_PLL40_PAD). Generators refer to it by name and do not
   * emit it; simulators reject it unless they have a model for it.
   */
  blackbox?: boolean;
  ports: IrPort[];
  nets: IrNet[];
  cells: IrCell[];
  regs: IrReg[];
  memories: IrMemory[];
  instances: IrInstance[];
  loc: SourceLoc;
}

export interface IrDesign {
  top: string;
  /** Every module once; a module comes after all the modules it instantiates. */
  modules: IrModule[];
}

export const UNKNOWN_LOC: SourceLoc = Object.freeze({ file: '<unknown>', line: 0, column: 0 });

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}`;
}

export function findModule(design: IrDesign, name: string): IrModule {
  const m = design.modules.find((x) => x.name === name);
  if (!m) throw new Error(`IR has no module named '${name}'`);
  return m;
}

export function topModule(design: IrDesign): IrModule {
  return findModule(design, design.top);
}

// Sized up front: an optimised caller reading past the end of a shorter array
// (the first mask of a wider width) would have its code thrown away.
const MASKS: (bigint | undefined)[] = [];
MASKS.length = 4097;

/** All ones in `width` bits (masks of common widths are made once: BigInt arithmetic allocates). */
export function mask(width: number): bigint {
  if (width >= 0 && width <= 4096 && (width | 0) === width) return (MASKS[width] ??= (1n << BigInt(width)) - 1n);
  return (1n << BigInt(width)) - 1n;
}

/** Address width of a memory: enough bits to index every word, at least one. */
export function addrWidth(depth: number): number {
  let w = 1;
  while (1 << w < depth) w++;
  return w;
}
