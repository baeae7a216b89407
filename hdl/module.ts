// The Module builder: ports, wires, registers, memories, instances and
// conditional assignment. Assignments are recorded as a tree of statements and
// turned into multiplexers when the module is finished (last assignment wins;
// a wire not assigned on every path is an error, never a latch).
import type { Elaboration } from './elaboration.ts';
import {
  addrWidth,
  type CellOp,
  type IrCell,
  type IrInstance,
  type IrMemory,
  type IrModule,
  type IrNet,
  type IrPort,
  type IrReg,
  type NetId,
  type SourceLoc,
} from './ir.ts';
import { Assignable, InputPort, InstanceInput, OutputPort, Reg, Signal, userCallLoc, Wire } from './signal.ts';
import { callerLoc } from './source-location.ts';
import { Bool, fitsRaw, rawRange, toPattern, typeName, UInt, type HwType } from './types.ts';
import type { CellParams, Operand } from './vec.ts';
import { isFlip, isHwType, type BundleSpec, type PortsOf } from './bundle.ts';
import type { Design, InstanceSide } from './design.ts';

type Value = Signal | PartialValue;
/** A target assigned on some paths only. */
interface PartialValue {
  partial: true;
  loc: SourceLoc;
}
const isPartial = (v: Value | undefined): v is PartialValue => !!v && (v as PartialValue).partial === true;

interface SetStmt {
  kind: 'set';
  target: Target;
  value: Signal;
  /** Taken only when something needs it (an assignment outside any when block). */
  loc: SourceLoc | null;
}
interface Branch {
  cond: Signal | null;
  scope: Scope;
  loc: SourceLoc;
}
interface ChainStmt {
  kind: 'chain';
  branches: Branch[];
  closed: boolean;
}
type Stmt = SetStmt | ChainStmt;

const NO_SIGNALS: readonly Signal[] = Object.freeze([]);

/**
 * An IR cell with its parameter written in the literal: a field added after
 * creation lives outside the object (one more allocation per cell) and makes
 * another object shape than the same cell written whole elsewhere (foldConstants).
 * Fields in the same order either way.
 */
function cellObject(op: CellOp, out: NetId, args: NetId[], loc: SourceLoc, params: CellParams | undefined): IrCell {
  if (params === undefined) return { op, out, args, loc };
  const { value, lo, amount } = params;
  if (lo === undefined && amount === undefined) return value === undefined ? { op, out, args, loc } : { op, out, args, loc, value };
  if (value === undefined && amount === undefined) return { op, out, args, loc, lo };
  if (value === undefined && lo === undefined) return { op, out, args, loc, amount };
  const c: IrCell = { op, out, args, loc };
  if (value !== undefined) c.value = value;
  if (lo !== undefined) c.lo = lo;
  if (amount !== undefined) c.amount = amount;
  return c;
}

class Scope {
  readonly stmts: Stmt[] = [];
  private eff: Signal | null | undefined;
  constructor(
    readonly parent: Scope | null,
    /** This branch's own condition (null: an otherwise branch, or the root). */
    private readonly cond: Signal | null,
    /** Conditions of the earlier branches of its chain, none of which may match. */
    private readonly earlier: readonly Signal[],
  ) {}
  /** The full path condition (null = always), built only when something needs it. */
  condition(): Signal | null {
    if (this.eff === undefined) {
      const up = this.parent ? this.parent.condition() : null;
      let mine = this.cond;
      for (const e of this.earlier) mine = mine ? mine.and(e.not()) : e.not();
      this.eff = up && mine ? up.and(mine) : (up ?? mine);
    }
    return this.eff;
  }
}

type TargetKind = 'output' | 'wire' | 'reg' | 'instance input';
interface Target {
  signal: Assignable;
  kind: TargetKind;
  loc: SourceLoc;
  rootSet?: SourceLoc;
  reg?: Omit<IrReg, 'd'>;
}

/**
 * Values of the targets assigned in one block, over the enclosing block's.
 * A block's own values sit in two small arrays (most blocks assign one or two
 * targets, and a module has a block per `when`), in first-assignment order;
 * a big block (the module's top level) adds a map.
 */
class Env {
  readonly targets: Target[] = [];
  private readonly values: Value[] = [];
  private index: Map<Target, number> | null = null;
  constructor(private readonly parent: Env | null) {}

  /** Position of t among this block's own targets, or -1. */
  private find(t: Target): number {
    if (this.index) return this.index.get(t) ?? -1;
    const ts = this.targets;
    for (let i = 0; i < ts.length; i++) if (ts[i] === t) return i;
    return -1;
  }

  /** This block's own value of t (undefined when this block leaves t alone). */
  own(t: Target): Value | undefined {
    const i = this.find(t);
    return i < 0 ? undefined : this.values[i];
  }

  set(t: Target, v: Value): void {
    const i = this.find(t);
    if (i >= 0) {
      this.values[i] = v;
      return;
    }
    this.targets.push(t);
    this.values.push(v);
    if (this.index) this.index.set(t, this.targets.length - 1);
    else if (this.targets.length > 16) this.index = new Map(this.targets.map((x, k) => [x, k]));
  }

  get(t: Target): Value | undefined {
    const i = this.find(t);
    return i >= 0 ? this.values[i] : this.parent?.get(t);
  }
}

export interface RegOptions {
  /** Reset value (the register then uses the module's reset unless `resetSignal` is given). */
  reset?: number | bigint;
  /** Power-up value (FPGA init); required when there is no reset. */
  init?: number | bigint;
  /** Load only when this 1-bit signal is high. */
  enable?: Signal;
  clock?: Signal;
  resetSignal?: Signal;
  asyncReset?: boolean;
  resetActiveLow?: boolean;
}

export interface PortOptions {
  /**
   * 'clock' or 'reset' marks a 1-bit input as an extra clock or reset (the
   * implicit `clk`/`rst` are marked already); on a black box, 'clock' marks a
   * generated clock output such as a PLL's.
   */
  role?: 'clock' | 'reset';
}

export interface InstanceOptions {
  /** The clock for the child's clock input (default: this module's `clk`). */
  clock?: Signal;
  /** The reset for the child's reset input (default: this module's `rst`). */
  reset?: Signal;
}

export interface ResetStyle {
  name: string;
  async: boolean;
  activeLow: boolean;
}

export interface MemoryOptions {
  type: HwType;
  depth: number;
  init?: readonly (number | bigint)[];
  /** No initial contents (not even zeros): see IrMemory.uninitialised. */
  uninitialised?: boolean;
}

export class Memory {
  private readCount = 0;
  constructor(
    private readonly mod: ModuleBuilder,
    readonly ir: IrMemory,
    readonly type: HwType,
  ) {}

  get name(): string {
    return this.ir.name;
  }

  /** Reads a word: synchronous (registered, read-first) by default, or asynchronous. */
  read(addr: Operand<Signal>, opts: { sync?: boolean; enable?: Signal; name?: string } = {}): Signal {
    const loc = callerLoc(Memory.prototype.read);
    const a = this.mod.memAddress(this, addr, loc);
    const sync = opts.sync ?? true;
    const name = opts.name ?? `${this.ir.name}_rd${this.readCount}`;
    this.readCount++;
    const data = this.mod.newNet(name, this.type, true, loc);
    const enable = opts.enable ? this.mod.checkBool(opts.enable, 'memory read enable', loc) : undefined;
    this.ir.readPorts.push({
      addr: a.net,
      data,
      sync,
      ...(sync ? { clock: this.mod.clock.net } : {}),
      ...(enable ? { enable: enable.net } : {}),
      loc,
    });
    return new Signal(this.mod, data, this.type);
  }

  /** Writes a word on the clock edge; inside `when` only on that path. */
  write(addr: Operand<Signal>, data: Operand<Signal>, enable?: Signal): void {
    const loc = callerLoc(Memory.prototype.write);
    const a = this.mod.memAddress(this, addr, loc);
    const d = this.mod.coerce(data, this.type, `write to memory '${this.ir.name}'`, loc);
    let en: Signal | null = enable ? this.mod.checkBool(enable, 'memory write enable', loc) : null;
    const path = this.mod.currentCondition();
    if (path) en = en ? path.and(en) : path;
    const enNet = en ? en.net : this.mod.constantSignal(1n, Bool()).net;
    this.ir.writePorts.push({ addr: a.net, data: d.net, enable: enNet, clock: this.mod.clock.net, loc });
  }
}

export class WhenChain {
  constructor(
    private readonly mod: ModuleBuilder,
    private readonly chain: ChainStmt,
    private readonly parent: Scope,
  ) {}
  elseWhen(cond: Signal, body: () => void): WhenChain {
    return this.mod.addBranch(this.chain, this.parent, cond, body, callerLoc(WhenChain.prototype.elseWhen), 'elseWhen');
  }
  otherwise(body: () => void): void {
    this.mod.addBranch(this.chain, this.parent, null, body, callerLoc(WhenChain.prototype.otherwise), 'otherwise');
    this.chain.closed = true;
  }
}

export class SwitchBuilder {
  private chain: WhenChain | null = null;
  private readonly seen = new Set<string>();
  constructor(
    private readonly mod: ModuleBuilder,
    private readonly key: Signal,
  ) {}
  /** Body runs when the key equals the value (or any of the values). */
  is(values: number | bigint | (number | bigint)[], body: () => void): SwitchBuilder {
    const loc = callerLoc(SwitchBuilder.prototype.is);
    const list = Array.isArray(values) ? values : [values];
    for (const v of list) {
      const k = String(BigInt(v));
      if (this.seen.has(k)) this.mod.report('duplicate-case', `switch on '${this.key.name}': case ${k} appears twice`, loc);
      this.seen.add(k);
    }
    let cond: Signal = this.key.eq(list[0]!);
    for (const v of list.slice(1)) cond = cond.or(this.key.eq(v));
    this.chain = this.chain ? this.chain.elseWhen(cond, body) : this.mod.when(cond, body);
    return this;
  }
  default(body: () => void): void {
    if (!this.chain) body();
    else this.chain.otherwise(body);
  }
}

export class ModuleBuilder {
  readonly nets: IrNet[] = [];
  readonly ports: IrPort[] = [];
  readonly cells: IrCell[] = [];
  readonly regs: IrReg[] = [];
  readonly memories: IrMemory[] = [];
  readonly instances: IrInstance[] = [];
  private readonly targets: Target[] = [];
  private readonly targetBySignal = new Map<Assignable, Target>();
  private readonly used = new Set<string>();
  private readonly root = new Scope(null, null, NO_SIGNALS);
  private scope: Scope = this.root;
  private clockPort: InputPort | null = null;
  private resetPort: InputPort | null = null;
  private resetStyle: ResetStyle = { name: 'rst', async: false, activeLow: false };
  /** Constant signals by type (a number, or text for unusual types) and then by bit pattern. */
  private readonly consts = new Map<number | string, Map<bigint, Signal>>();
  private finished = false;

  constructor(
    readonly name: string,
    readonly session: Elaboration,
    readonly loc: SourceLoc,
  ) {}

  // ---- bookkeeping used by signals ---------------------------------------------

  report(code: string, message: string, loc: SourceLoc, related?: { message: string; loc: SourceLoc }[]): void {
    this.session.sink.error(code, `${message} (in module '${this.name}')`, loc, related);
  }

  netName(id: NetId): string {
    return this.nets[id]!.name;
  }

  private uniqueName(wanted: string): string {
    let name = wanted;
    for (let i = 1; this.used.has(name); i++) name = `${wanted}_${i}`;
    this.used.add(name);
    return name;
  }

  newNet(name: string | null, type: HwType, named: boolean, loc: SourceLoc): NetId {
    const id = this.nets.length;
    const n: IrNet = { id, name: name === null ? `_t${id}` : this.uniqueName(name), width: type.width, signed: type.signed, named, loc };
    if (type.frac) n.frac = type.frac;
    this.nets.push(n);
    return id;
  }

  addCell(op: CellOp, args: Signal[], type: HwType, params: CellParams | undefined, loc: SourceLoc): Signal {
    const out = this.newNet(null, type, false, loc);
    const nets: NetId[] = new Array(args.length);
    for (let i = 0; i < args.length; i++) nets[i] = args[i]!.net;
    this.cells.push(cellObject(op, out, nets, loc, params));
    return new Signal(this, out, type);
  }

  /** One constant cell per value and type: literals are shared, not repeated. */
  constantSignal(pattern: bigint, type: HwType): Signal {
    const p = toPattern(pattern, type.width);
    // No text made per literal: a number names the type (text only past these bounds).
    const { width, signed, frac } = type;
    const typeKey = frac >= 0 && frac < 1024 && width < 2 ** 40 ? (width * 1024 + frac) * 2 + (signed ? 1 : 0) : `${width}${signed ? 's' : 'u'}${frac}`;
    let byValue = this.consts.get(typeKey);
    if (!byValue) this.consts.set(typeKey, (byValue = new Map()));
    let s = byValue.get(p);
    if (!s) {
      s = this.addCell('const', [], type, { value: p }, userCallLoc() ?? callerLoc());
      byValue.set(p, s);
    }
    return s;
  }

  checkBool(s: Signal, what: string, loc: SourceLoc): Signal {
    if (s.width !== 1) {
      this.report('width-mismatch', `${what} must be 1 bit, got '${s.name}' of type ${typeName(s.type)}`, loc);
      return this.constantSignal(0n, Bool());
    }
    return s;
  }

  /**
   * Where an assignment is, taken on demand: `Assignable.set` passes no
   * location (most assignments never need one), and its user's call is still
   * on the stack whenever one is needed.
   */
  private whereSet(loc: SourceLoc | null): SourceLoc {
    return loc ?? callerLoc(Assignable.prototype.set);
  }

  /** A value of exactly `type`: literals are range-checked, signals must match. `loc` null: see `assign`. */
  coerce(value: Operand<Signal>, type: HwType, what: string, loc: SourceLoc | null): Signal {
    if (typeof value === 'number' || typeof value === 'bigint') {
      return this.constantSignal(this.literalPattern(value, type, what, loc), type);
    }
    if (value.mod !== this) {
      this.report('foreign-signal', `${what}: signal '${value.name}' belongs to module '${value.mod.name}'`, this.whereSet(loc));
      return this.constantSignal(0n, type);
    }
    const t = value.type;
    if (t.width !== type.width || t.signed !== type.signed || t.frac !== type.frac) {
      this.report('width-mismatch', `${what}: expected ${typeName(type)}, got '${value.name}' of type ${typeName(t)}; resize or convert explicitly`, this.whereSet(loc));
      return this.constantSignal(0n, type);
    }
    return value;
  }

  /** The bit pattern of a literal of `type`, range-checked (0 after an error). */
  literalPattern(value: number | bigint, type: HwType, what: string, loc: SourceLoc | null): bigint {
    const scaled = typeof value === 'bigint' ? value << BigInt(type.frac) : value * 2 ** type.frac;
    const raw = typeof scaled === 'bigint' ? scaled : Number.isInteger(scaled) ? BigInt(scaled) : null;
    if (raw === null || !fitsRaw(type, raw)) {
      const [lo, hi] = rawRange(type);
      this.report('literal-range', `${what}: literal ${value} does not fit ${typeName(type)} (range ${lo}..${hi})`, this.whereSet(loc));
      return 0n;
    }
    return toPattern(raw, type.width);
  }

  memAddress(mem: Memory, addr: Operand<Signal>, loc: SourceLoc): Signal {
    const w = addrWidth(mem.ir.depth);
    const t = UInt(w);
    if (typeof addr !== 'number' && typeof addr !== 'bigint' && (addr.width !== w || addr.signed)) {
      this.report('memory-address-width', `address of memory '${mem.name}' (depth ${mem.ir.depth}) must be ${typeName(t)}, got '${addr.name}' of type ${typeName(addr.type)}`, loc);
      return this.constantSignal(0n, t);
    }
    return this.coerce(addr, t, `address of memory '${mem.name}'`, loc);
  }

  currentCondition(): Signal | null {
    return this.scope.condition();
  }

  private checkOpen(loc: SourceLoc): boolean {
    if (this.finished) {
      this.report('module-finished', `module '${this.name}' is already elaborated; build it inside its design function`, loc);
      return false;
    }
    return true;
  }

  // ---- ports, wires, registers ---------------------------------------------------

  private makePorts(name: string, spec: BundleSpec, out: boolean, loc: SourceLoc, role?: IrPort['role']): unknown {
    if (isFlip(spec)) return this.makePorts(name, spec.inner, !out, loc);
    if (isHwType(spec)) {
      const net = this.newNet(name, spec, true, loc);
      if (this.nets[net]!.name !== name) {
        this.report('duplicate-name', `port name '${name}' is already used in this module`, loc);
      }
      const port: IrPort = { name: this.nets[net]!.name, dir: out ? 'output' : 'input', net };
      if (role) {
        if (spec.width !== 1) this.report('width-mismatch', `a ${role} port must be 1 bit, '${name}' is ${typeName(spec)}`, loc);
        port.role = role;
      }
      this.ports.push(port);
      if (!out) return new InputPort(this, net, spec);
      const s = new OutputPort(this, net, spec);
      this.addTarget({ signal: s, kind: 'output', loc });
      return s;
    }
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(spec)) result[key] = this.makePorts(`${name}_${key}`, (spec as Record<string, BundleSpec>)[key]!, out, loc);
    return result;
  }

  /** An input port, or a bundle of ports (flipped members become outputs). */
  input<S extends BundleSpec>(name: string, spec: S, opts: PortOptions = {}): PortsOf<S, 'in'> {
    return this.makePorts(name, spec, false, callerLoc(ModuleBuilder.prototype.input), opts.role) as PortsOf<S, 'in'>;
  }

  /** An output port, or a bundle of ports (flipped members become inputs). */
  output<S extends BundleSpec>(name: string, spec: S, opts: PortOptions = {}): PortsOf<S, 'out'> {
    return this.makePorts(name, spec, true, callerLoc(ModuleBuilder.prototype.output), opts.role) as PortsOf<S, 'out'>;
  }

  /** The module's clock input `clk`, created on first use. */
  get clock(): InputPort {
    if (!this.clockPort) {
      const loc = callerLoc();
      const net = this.newNet('clk', Bool(), true, loc);
      this.ports.push({ name: this.nets[net]!.name, dir: 'input', net, role: 'clock' });
      this.clockPort = new InputPort(this, net, Bool());
    }
    return this.clockPort;
  }

  /** The module's reset input, created on first use (see `setResetStyle`). */
  get reset(): InputPort {
    if (!this.resetPort) {
      const loc = callerLoc();
      const net = this.newNet(this.resetStyle.name, Bool(), true, loc);
      this.ports.push({ name: this.nets[net]!.name, dir: 'input', net, role: 'reset' });
      this.resetPort = new InputPort(this, net, Bool());
    }
    return this.resetPort;
  }

  /** Name, kind and polarity of the module's reset; call before the first register. */
  setResetStyle(style: Partial<ResetStyle>): void {
    if (this.resetPort) {
      this.report('reset-style', 'setResetStyle must come before the first register that uses the reset', callerLoc());
      return;
    }
    this.resetStyle = { ...this.resetStyle, ...style };
  }

  /** A wire, driven with `set` (it must be driven on every path). */
  wire(name: string, type: HwType): Wire {
    const loc = callerLoc(ModuleBuilder.prototype.wire);
    const w = new Wire(this, this.newNet(name, type, true, loc), type);
    this.addTarget({ signal: w, kind: 'wire', loc });
    return w;
  }

  /** Gives an expression a name that survives into Verilog and waveforms. */
  let(name: string, value: Signal): Signal {
    const loc = callerLoc(ModuleBuilder.prototype.let);
    const v = this.coerce(value, value.type, `let '${name}'`, loc);
    const net = this.newNet(name, value.type, true, loc);
    this.cells.push({ op: 'id', out: net, args: [v.net], loc });
    return new Signal(this, net, value.type);
  }

  /** A register on the module clock. It needs a reset value or an initial value. */
  reg(name: string, type: HwType, opts: RegOptions = {}): Reg {
    const loc = callerLoc(ModuleBuilder.prototype.reg);
    const q = this.newNet(name, type, true, loc);
    const r = new Reg(this, q, type);
    if (opts.reset === undefined && opts.init === undefined) {
      this.report('no-reset', `register '${name}' has neither a reset value nor an initial value; give { reset } or { init }`, loc);
    }
    const clock = opts.clock ? this.checkBool(opts.clock, `clock of register '${name}'`, loc) : this.clock;
    const ir: Omit<IrReg, 'd'> = { q, clock: clock.net, loc };
    if (opts.enable) ir.enable = this.checkBool(opts.enable, `enable of register '${name}'`, loc).net;
    if (opts.reset !== undefined) {
      const rs = opts.resetSignal ? this.checkBool(opts.resetSignal, `reset of register '${name}'`, loc) : this.reset;
      ir.reset = {
        net: rs.net,
        async: opts.asyncReset ?? this.resetStyle.async,
        activeLow: opts.resetActiveLow ?? this.resetStyle.activeLow,
        value: this.literalPattern(opts.reset, type, `reset value of register '${name}'`, loc),
      };
    }
    if (opts.init !== undefined) ir.init = this.literalPattern(opts.init, type, `initial value of register '${name}'`, loc);
    this.addTarget({ signal: r, kind: 'reg', loc, reg: ir });
    return r;
  }

  /** A memory of `depth` words; Yosys infers block RAM from it. */
  memory(name: string, opts: MemoryOptions): Memory {
    const loc = callerLoc(ModuleBuilder.prototype.memory);
    const { type, depth } = opts;
    if (!Number.isInteger(depth) || depth < 1) {
      this.report('memory-depth', `memory '${name}' needs a positive integer depth, got ${depth}`, loc);
    }
    const ir: IrMemory = { name: this.uniqueName(name), width: type.width, depth: Math.max(1, depth | 0), signed: type.signed, readPorts: [], writePorts: [], loc };
    if (opts.uninitialised) {
      if (opts.init) this.report('memory-init', `memory '${name}': initial contents and uninitialised exclude each other`, loc);
      else ir.uninitialised = true;
    }
    if (opts.init) {
      if (opts.init.length > depth) this.report('memory-init', `memory '${name}': ${opts.init.length} initial words for depth ${depth}`, loc);
      ir.init = opts.init.slice(0, depth).map((v, i) => this.literalPattern(v, type, `word ${i} of memory '${name}' initial contents`, loc));
    }
    this.memories.push(ir);
    return new Memory(this, ir, type);
  }

  // ---- conditionals ------------------------------------------------------------------

  /** Runs `body` with its assignments conditional on `cond`. Chain `.elseWhen` / `.otherwise`. */
  when(cond: Signal, body: () => void): WhenChain {
    const loc = callerLoc(ModuleBuilder.prototype.when);
    const chain: ChainStmt = { kind: 'chain', branches: [], closed: false };
    const parent = this.scope;
    parent.stmts.push(chain);
    return this.addBranch(chain, parent, cond, body, loc, 'when');
  }

  /** Parallel case on a key: `.is(value, body)` … `.default(body)`. */
  switch(key: Signal): SwitchBuilder {
    return new SwitchBuilder(this, key);
  }

  addBranch(chain: ChainStmt, parent: Scope, cond: Signal | null, body: () => void, loc: SourceLoc, what: string): WhenChain {
    if (!this.checkOpen(loc)) return new WhenChain(this, chain, parent);
    if (chain.closed || parent.stmts[parent.stmts.length - 1] !== chain || this.scope !== parent) {
      this.report('bad-when', `${what} must directly follow its when/elseWhen in the same block`, loc);
      return new WhenChain(this, chain, parent);
    }
    const c = cond ? this.checkBool(cond, `${what} condition`, loc) : null;
    const earlier = chain.branches.length === 0 ? NO_SIGNALS : chain.branches.map((b) => b.cond!);
    const scope = new Scope(parent, c, earlier);
    chain.branches.push({ cond: c, scope, loc });
    this.scope = scope;
    try {
      body();
    } finally {
      this.scope = parent;
    }
    return new WhenChain(this, chain, parent);
  }

  /**
   * Records an assignment. `loc` null (what `Assignable.set` passes): the
   * location is taken from the stack only when something needs it.
   */
  assign(target: Assignable, value: Operand<Signal>, loc: SourceLoc | null): void {
    if (this.finished) loc = this.whereSet(loc);
    if (!this.checkOpen(loc!)) return;
    const t = this.targetBySignal.get(target);
    if (!t) {
      this.report('drives-input', `'${target.name}' is an input and cannot be assigned inside module '${target.mod.name}'`, this.whereSet(loc));
      return;
    }
    const v = this.coerce(value, target.type, `assignment to '${target.name}'`, loc);
    if (this.scope === this.root) {
      loc = this.whereSet(loc);
      if (t.rootSet) {
        this.report('multiple-drivers', `'${target.name}' is assigned twice outside any when block; the first assignment is at ${t.rootSet.file}:${t.rootSet.line}`, loc, [
          { message: 'first assignment', loc: t.rootSet },
        ]);
        return;
      }
      t.rootSet = loc;
    }
    this.scope.stmts.push({ kind: 'set', target: t, value: v, loc });
  }

  private addTarget(t: Target): void {
    this.targets.push(t);
    this.targetBySignal.set(t.signal, t);
  }

  // ---- instances ----------------------------------------------------------------------

  /** Instantiates a design (elaborated once per parameter set) and returns the parent's side of its ports. */
  instance<P extends object, IO>(name: string, design: Design<P, IO>, params?: Partial<P>, opts: InstanceOptions = {}): InstanceSide<IO> {
    const loc = callerLoc(ModuleBuilder.prototype.instance);
    const clock = opts.clock ? this.checkBool(opts.clock, `clock of instance '${name}'`, loc) : null;
    const reset = opts.reset ? this.checkBool(opts.reset, `reset of instance '${name}'`, loc) : null;
    const child = this.session.moduleFor(design, params ?? {}, loc);
    const instName = this.uniqueName(name);
    const connections: { port: string; net: NetId }[] = [];
    const byNet = new Map<NetId, Signal>();
    for (const p of child.module.ports) {
      const cnet = child.module.nets[p.net]!;
      const type: HwType = { width: cnet.width, signed: cnet.signed, frac: cnet.frac ?? 0 };
      if (p.role === 'clock' && p.dir === 'input') {
        connections.push({ port: p.name, net: (clock ?? this.clock).net });
        continue;
      }
      if (p.role === 'reset' && p.dir === 'input') {
        connections.push({ port: p.name, net: (reset ?? this.reset).net });
        continue;
      }
      const net = this.newNet(`${instName}_${p.name}`, type, false, loc);
      connections.push({ port: p.name, net });
      if (p.dir === 'input') {
        const s = new InstanceInput(this, net, type);
        this.addTarget({ signal: s, kind: 'instance input', loc });
        byNet.set(p.net, s);
      } else {
        byNet.set(p.net, new Signal(this, net, type));
      }
    }
    const inst: IrInstance = { name: instName, module: child.module.name, connections, loc };
    if (design.blackbox) {
      inst.params = Object.keys(child.params)
        .sort()
        .map((k) => ({ name: k, value: (child.params as Record<string, number | string>)[k]! }));
    }
    this.instances.push(inst);
    const map = (x: unknown): unknown => {
      if (x instanceof Signal) return byNet.get(x.net);
      if (x && typeof x === 'object') {
        const o: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(x)) o[k] = map(v);
        return o;
      }
      return x;
    };
    return map(child.io) as InstanceSide<IO>;
  }

  // ---- finishing --------------------------------------------------------------------------

  /** Turns the statement tree into drivers and returns the module's IR. */
  finish(origin: IrModule['origin'], doc?: string, blackbox = false): IrModule {
    this.finished = true;
    if (blackbox) {
      if (this.cells.some((c) => c.op !== 'const') || this.regs.length || this.memories.length || this.instances.length || this.root.stmts.length) {
        this.report('blackbox-body', `black box '${this.name}' may only declare ports`, this.loc);
      }
      const bb: IrModule = { name: this.name, origin, blackbox: true, ports: this.ports, nets: this.nets, cells: [], regs: [], memories: [], instances: [], loc: this.loc };
      if (doc) bb.doc = doc;
      return bb;
    }
    const env = this.walk(this.root, new Env(null));
    for (const t of this.targets) {
      const v = env.get(t);
      const net = t.signal.net;
      if (t.kind === 'reg') {
        const d = v === undefined ? net : isPartial(v) ? net : v.net;
        this.regs.push({ ...t.reg!, d });
        continue;
      }
      if (v === undefined) {
        const what = t.kind === 'output' ? 'output' : t.kind === 'wire' ? 'wire' : 'instance input';
        this.report('undriven', `${what} '${t.signal.name}' is never assigned`, t.loc);
        continue;
      }
      if (isPartial(v)) {
        this.report('incomplete-assignment', `'${t.signal.name}' is not assigned on every path (it would be a latch); assign a default before the when block or add .otherwise`, v.loc, [
          { message: 'declared here', loc: t.loc },
        ]);
        continue;
      }
      this.cells.push({ op: 'id', out: net, args: [v.net], loc: t.loc });
    }
    // Clock and reset first, as hand-written Verilog has them.
    const rank = (p: IrPort): number => (p.role === 'clock' ? 0 : p.role === 'reset' ? 1 : 2);
    const ports = this.ports.map((p, i) => [p, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([p]) => p);
    const m: IrModule = {
      name: this.name,
      origin,
      ports,
      nets: this.nets,
      cells: this.cells,
      regs: this.regs,
      memories: this.memories,
      instances: this.instances,
      loc: this.loc,
    };
    if (doc) m.doc = doc;
    return m;
  }

  private walk(scope: Scope, env: Env): Env {
    for (const s of scope.stmts) {
      if (s.kind === 'set') {
        env.set(s.target, s.value);
        continue;
      }
      const deltas = s.branches.map((b) => this.walk(b.scope, new Env(env)));
      // Targets any branch assigns, in first-assignment order (one branch: its own list).
      let touched: Iterable<Target> = deltas.length === 1 ? deltas[0]!.targets : [];
      if (deltas.length > 1) {
        const all = new Set<Target>();
        for (const d of deltas) for (const t of d.targets) all.add(t);
        touched = all;
      }
      const hasOtherwise = s.branches.length > 0 && s.branches[s.branches.length - 1]!.cond === null;
      for (const t of touched) {
        const prev: Value | undefined = t.kind === 'reg' ? (env.get(t) ?? t.signal) : env.get(t);
        let acc: Value | undefined = prev;
        for (let i = s.branches.length - 1; i >= 0; i--) {
          const b = s.branches[i]!;
          const vi = deltas[i]!.own(t) ?? prev;
          if (b.cond === null && hasOtherwise && i === s.branches.length - 1) {
            acc = vi;
            continue;
          }
          acc = this.muxValue(b.cond!, vi, acc, b.loc);
        }
        env.set(t, acc ?? { partial: true, loc: s.branches[0]!.loc });
      }
    }
    return env;
  }

  private muxValue(cond: Signal, yes: Value | undefined, no: Value | undefined, loc: SourceLoc): Value {
    if (yes === undefined || isPartial(yes)) return isPartial(yes) ? yes : { partial: true, loc };
    if (no === undefined || isPartial(no)) return isPartial(no) ? no : { partial: true, loc };
    if (yes === no) return yes;
    // No parameters (not `{}`: one more object shape would throw addCell's optimised code away).
    return this.addCell('mux', [cond, no, yes], yes.type, undefined, loc);
  }
}
