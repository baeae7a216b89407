// A tiny hand builder for IR modules, so the Verilog generator can be tested
// without the language front end. Every node gets a made-up but stable source
// location (fixture.ts:<counter>).
import type { CellOp, IrCell, IrDesign, IrMemory, IrModule, IrNet, IrReg, NetId, SourceLoc } from '../../hdl/ir.ts';

export interface CellOpts {
  signed?: boolean;
  /** Give the result a user name (named: true). */
  name?: string;
  value?: bigint;
  lo?: number;
  amount?: number;
}

export class ModBuilder {
  private line = 1;
  readonly mod: IrModule;

  constructor(name: string, params: Record<string, unknown> = {}) {
    this.mod = {
      name,
      origin: { design: name, params },
      ports: [],
      nets: [],
      cells: [],
      regs: [],
      memories: [],
      instances: [],
      loc: this.loc(),
    };
  }

  loc(): SourceLoc {
    return { file: 'test/verilog/fixture.ts', line: this.line++, column: 1 };
  }

  net(name: string | undefined, width: number, signed = false): NetId {
    const id = this.mod.nets.length;
    const n: IrNet = { id, name: name ?? `_t${id}`, width, signed, named: name !== undefined, loc: this.loc() };
    this.mod.nets.push(n);
    return id;
  }

  width(id: NetId): number {
    return this.mod.nets[id]!.width;
  }

  signed(id: NetId): boolean {
    return this.mod.nets[id]!.signed;
  }

  input(name: string, width: number, signed = false, role?: 'clock' | 'reset'): NetId {
    const id = this.net(name, width, signed);
    this.mod.ports.push(role ? { name, dir: 'input', net: id, role } : { name, dir: 'input', net: id });
    return id;
  }

  /** An output port named `name`, driven by `id(src)`. */
  output(name: string, src: NetId): NetId {
    const id = this.net(name, this.width(src), this.signed(src));
    this.drive(id, 'id', [src]);
    this.mod.ports.push({ name, dir: 'output', net: id });
    return id;
  }

  /** An output port on an existing net (a register, a memory read, an instance output). */
  outputNet(name: string, net: NetId): void {
    this.mod.ports.push({ name, dir: 'output', net });
  }

  drive(out: NetId, op: CellOp, args: NetId[], opts: CellOpts = {}): void {
    const c: IrCell = { op, out, args, loc: this.loc() };
    if (opts.value !== undefined) c.value = opts.value;
    if (opts.lo !== undefined) c.lo = opts.lo;
    if (opts.amount !== undefined) c.amount = opts.amount;
    this.mod.cells.push(c);
  }

  /** A new net driven by a cell. */
  op(op: CellOp, args: NetId[], width: number, opts: CellOpts = {}): NetId {
    const out = this.net(opts.name, width, opts.signed ?? false);
    this.drive(out, op, args, opts);
    return out;
  }

  const(width: number, value: bigint | number, opts: CellOpts = {}): NetId {
    return this.op('const', [], width, { ...opts, value: BigInt(value) });
  }

  /** Binary op whose result has the width and signedness of `a`. */
  bin(op: CellOp, a: NetId, b: NetId, opts: CellOpts = {}): NetId {
    return this.op(op, [a, b], this.width(a), { signed: this.signed(a), ...opts });
  }

  cmp(op: CellOp, a: NetId, b: NetId, opts: CellOpts = {}): NetId {
    return this.op(op, [a, b], 1, opts);
  }

  slice(a: NetId, lo: number, width: number, opts: CellOpts = {}): NetId {
    return this.op('slice', [a], width, { ...opts, lo });
  }

  reg(opts: {
    name?: string;
    width: number;
    signed?: boolean;
    clock: NetId;
    enable?: NetId;
    reset?: { net: NetId; async?: boolean; activeLow?: boolean; value?: bigint };
    init?: bigint;
  }): { q: NetId; connect(d: NetId): void } {
    const q = this.net(opts.name, opts.width, opts.signed ?? false);
    const reg: IrReg = { q, d: q, clock: opts.clock, loc: this.loc() };
    if (opts.enable !== undefined) reg.enable = opts.enable;
    if (opts.reset) reg.reset = { net: opts.reset.net, async: opts.reset.async ?? false, activeLow: opts.reset.activeLow ?? false, value: opts.reset.value ?? 0n };
    if (opts.init !== undefined) reg.init = opts.init;
    this.mod.regs.push(reg);
    return { q, connect: (d) => void (reg.d = d) };
  }

  memory(opts: { name: string; width: number; depth: number; signed?: boolean; init?: bigint[] }): IrMemory {
    const m: IrMemory = { name: opts.name, width: opts.width, depth: opts.depth, signed: opts.signed ?? false, readPorts: [], writePorts: [], loc: this.loc() };
    if (opts.init) m.init = opts.init;
    this.mod.memories.push(m);
    return m;
  }

  readPort(m: IrMemory, addr: NetId, opts: { name?: string; sync?: boolean; clock?: NetId; enable?: NetId } = {}): NetId {
    const data = this.net(opts.name, m.width, m.signed);
    const p: IrMemory['readPorts'][number] = { addr, data, sync: opts.sync ?? false, loc: this.loc() };
    if (opts.clock !== undefined) p.clock = opts.clock;
    if (opts.enable !== undefined) p.enable = opts.enable;
    m.readPorts.push(p);
    return data;
  }

  writePort(m: IrMemory, addr: NetId, data: NetId, enable: NetId, clock: NetId): void {
    m.writePorts.push({ addr, data, enable, clock, loc: this.loc() });
  }

  instance(name: string, child: IrModule, connections: Record<string, NetId>): void {
    this.mod.instances.push({
      name,
      module: child.name,
      connections: Object.entries(connections).map(([port, net]) => ({ port, net })),
      loc: this.loc(),
    });
  }

  /** Nets for each output of `child`, named `<prefix><port>`. */
  childOutputs(child: IrModule, prefix: string): Record<string, NetId> {
    const out: Record<string, NetId> = {};
    for (const p of child.ports) {
      if (p.dir !== 'output') continue;
      const n = child.nets.find((x) => x.id === p.net)!;
      out[p.name] = this.net(`${prefix}${p.name}`, n.width, n.signed);
    }
    return out;
  }
}

export function design(top: IrModule, ...children: IrModule[]): IrDesign {
  return { top: top.name, modules: [...children, top] };
}

export function single(mod: IrModule): IrDesign {
  return { top: mod.name, modules: [mod] };
}
