// Hand-built IR for the pass tests: a tiny builder that writes the IR data
// directly (no front end), so each test states exactly the netlist it means.
import type { CellOp, IrCell, IrDesign, IrInstance, IrMemory, IrModule, IrReg, NetId, SourceLoc } from '../../hdl/ir.ts';

export const FILE = 'test/fixture.ts';

export function at(line: number): SourceLoc {
  return { file: FILE, line, column: 3 };
}

interface NetOpts {
  signed?: boolean;
  named?: boolean;
  frac?: number;
  line?: number;
}

interface CellOpts {
  value?: bigint;
  lo?: number;
  amount?: number;
  line?: number;
}

export class ModuleFixture {
  readonly m: IrModule;
  private autoLine = 500;

  constructor(name: string, line = 1) {
    this.m = { name, origin: { design: name, params: {} }, ports: [], nets: [], cells: [], regs: [], memories: [], instances: [], loc: at(line) };
  }

  private loc(line?: number): SourceLoc {
    return at(line ?? this.autoLine++);
  }

  net(name: string, width: number, opts: NetOpts = {}): NetId {
    const id = this.m.nets.length;
    const n = { id, name, width, signed: opts.signed ?? false, named: opts.named ?? true, loc: this.loc(opts.line) } as IrModule['nets'][number];
    if (opts.frac !== undefined) n.frac = opts.frac;
    this.m.nets.push(n);
    return id;
  }

  /** A temporary named `_t<id>`. */
  temp(width: number, opts: Omit<NetOpts, 'named'> = {}): NetId {
    return this.net(`_t${this.m.nets.length}`, width, { ...opts, named: false });
  }

  input(name: string, width: number, opts: NetOpts & { role?: 'clock' | 'reset' } = {}): NetId {
    const id = this.net(name, width, opts);
    this.m.ports.push(opts.role ? { name, dir: 'input', net: id, role: opts.role } : { name, dir: 'input', net: id });
    return id;
  }

  output(name: string, width: number, opts: NetOpts = {}): NetId {
    const id = this.net(name, width, opts);
    this.m.ports.push({ name, dir: 'output', net: id });
    return id;
  }

  cell(op: CellOp, out: NetId, args: NetId[], opts: CellOpts = {}): IrCell {
    const c: IrCell = { op, out, args, loc: this.loc(opts.line) };
    if (opts.value !== undefined) c.value = opts.value;
    if (opts.lo !== undefined) c.lo = opts.lo;
    if (opts.amount !== undefined) c.amount = opts.amount;
    this.m.cells.push(c);
    return c;
  }

  /** A new temporary of `width` bits driven by `op(args)`. */
  op(op: CellOp, args: NetId[], width: number, opts: CellOpts & { signed?: boolean } = {}): NetId {
    const out = this.temp(width, { signed: opts.signed, line: opts.line });
    this.cell(op, out, args, opts);
    return out;
  }

  konst(value: bigint, width: number, opts: { signed?: boolean; line?: number } = {}): NetId {
    return this.op('const', [], width, { value, signed: opts.signed, line: opts.line });
  }

  reg(q: NetId, d: NetId, clock: NetId, opts: { enable?: NetId; reset?: IrReg['reset']; init?: bigint; line?: number } = {}): IrReg {
    const r: IrReg = { q, d, clock, loc: this.loc(opts.line) };
    if (opts.enable !== undefined) r.enable = opts.enable;
    if (opts.reset) r.reset = opts.reset;
    if (opts.init !== undefined) r.init = opts.init;
    if (!opts.reset && opts.init === undefined) r.init = 0n;
    this.m.regs.push(r);
    return r;
  }

  memory(name: string, width: number, depth: number, opts: { signed?: boolean; init?: bigint[]; line?: number } = {}): IrMemory {
    const mem: IrMemory = { name, width, depth, signed: opts.signed ?? false, readPorts: [], writePorts: [], loc: this.loc(opts.line) };
    if (opts.init) mem.init = opts.init;
    this.m.memories.push(mem);
    return mem;
  }

  read(mem: IrMemory, addr: NetId, data: NetId, opts: { sync?: boolean; clock?: NetId; enable?: NetId; line?: number } = {}): void {
    const rp: IrMemory['readPorts'][number] = { addr, data, sync: opts.sync ?? false, loc: this.loc(opts.line) };
    if (opts.clock !== undefined) rp.clock = opts.clock;
    if (opts.enable !== undefined) rp.enable = opts.enable;
    mem.readPorts.push(rp);
  }

  write(mem: IrMemory, addr: NetId, data: NetId, enable: NetId, clock: NetId, line?: number): void {
    mem.writePorts.push({ addr, data, enable, clock, loc: this.loc(line) });
  }

  instance(name: string, module: string, connections: Record<string, NetId>, line?: number): IrInstance {
    const inst: IrInstance = { name, module, connections: Object.entries(connections).map(([port, net]) => ({ port, net })), loc: this.loc(line) };
    this.m.instances.push(inst);
    return inst;
  }

  build(): IrModule {
    return this.m;
  }
}

/** A design whose modules are given children first; the top is the last unless named. */
export function design(modules: IrModule[], top?: string): IrDesign {
  return { top: top ?? modules.at(-1)!.name, modules };
}

/** Deterministic pseudo-random numbers (xorshift32), so failures reproduce. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.s = x;
    return x;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + (this.u32() % (hi - lo + 1));
  }
  bool(): boolean {
    return (this.u32() & 1) === 1;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  /** A `width`-bit pattern; edge values (0, 1, all ones, top bit alone, its neighbours) a quarter of the time. */
  bits(width: number): bigint {
    const w = BigInt(width);
    if (this.int(0, 3) === 0) {
      const edges = [0n, 1n, 2n ** w - 1n, 2n ** (w - 1n), 2n ** (w - 1n) - 1n, 2n ** w - 2n];
      return BigInt.asUintN(width, this.pick(edges));
    }
    let v = 0n;
    for (let i = 0; i < width; i += 32) v = (v << 32n) | BigInt(this.u32());
    return BigInt.asUintN(width, v);
  }
}
