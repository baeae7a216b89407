// A small hand builder for IR, for the built-in simulator's tests (the language
// front end is tested on its own). Nets are named when a name is given.
import type { CellOp, IrCell, IrDesign, IrMemory, IrModule, IrNet, IrReg, IrReset, NetId, SourceLoc } from '../../hdl/ir.ts';

let line = 0;
const loc = (): SourceLoc => ({ file: 'fixture.ts', line: ++line, column: 1 });

export interface NetOpts {
  signed?: boolean;
  name?: string;
}

export class ModuleBuilder {
  private readonly m: IrModule;
  private nextId = 0;

  constructor(name: string) {
    this.m = {
      name,
      origin: { design: name, params: {} },
      ports: [],
      nets: [],
      cells: [],
      regs: [],
      memories: [],
      instances: [],
      loc: loc(),
    };
  }

  net(width: number, opts: NetOpts = {}): NetId {
    const id = this.nextId++;
    const n: IrNet = { id, name: opts.name ?? `_t${id}`, width, signed: opts.signed ?? false, named: opts.name !== undefined, loc: loc() };
    this.m.nets.push(n);
    return id;
  }

  width(id: NetId): number {
    return this.m.nets.find((n) => n.id === id)!.width;
  }

  input(name: string, width: number, opts: { signed?: boolean; role?: 'clock' | 'reset' } = {}): NetId {
    const id = this.net(width, { name, signed: opts.signed });
    this.m.ports.push(opts.role ? { name, dir: 'input', net: id, role: opts.role } : { name, dir: 'input', net: id });
    return id;
  }

  /** An output port on an existing net. */
  output(name: string, net: NetId): void {
    this.m.ports.push({ name, dir: 'output', net });
  }

  /** An output port driven by `net` through an 'id' cell; returns the port's net. */
  outputFrom(name: string, net: NetId, signed = false): NetId {
    const o = this.cell('id', [net], this.width(net), { name, signed });
    this.output(name, o);
    return o;
  }

  cell(op: CellOp, args: NetId[], width: number, opts: NetOpts & { lo?: number; amount?: number; value?: bigint } = {}): NetId {
    const out = this.net(width, opts);
    const c: IrCell = { op, out, args, loc: loc() };
    if (opts.lo !== undefined) c.lo = opts.lo;
    if (opts.amount !== undefined) c.amount = opts.amount;
    if (opts.value !== undefined) c.value = opts.value;
    this.m.cells.push(c);
    return out;
  }

  /** A cell driving an existing net (for outputs and loops). */
  drive(out: NetId, op: CellOp, args: NetId[], extra: { lo?: number; amount?: number; value?: bigint } = {}): void {
    this.m.cells.push({ op, out, args, loc: loc(), ...extra });
  }

  const(width: number, value: bigint | number, opts: NetOpts = {}): NetId {
    return this.cell('const', [], width, { ...opts, value: BigInt(value) });
  }

  /** A register on an existing q net (make q with net() first when d reads q). */
  reg(q: NetId, d: NetId, clock: NetId, opts: { enable?: NetId; reset?: IrReset; init?: bigint } = {}): void {
    const r: IrReg = { q, d, clock, loc: loc() };
    if (opts.enable !== undefined) r.enable = opts.enable;
    if (opts.reset) r.reset = opts.reset;
    if (opts.init !== undefined) r.init = opts.init;
    else if (!opts.reset) r.init = 0n;
    this.m.regs.push(r);
  }

  memory(mem: Omit<IrMemory, 'loc' | 'readPorts' | 'writePorts'> & Partial<Pick<IrMemory, 'readPorts' | 'writePorts'>>): IrMemory {
    const full: IrMemory = { readPorts: [], writePorts: [], ...mem, loc: loc() };
    this.m.memories.push(full);
    return full;
  }

  instance(name: string, module: string, conns: Record<string, NetId>): void {
    this.m.instances.push({ name, module, connections: Object.entries(conns).map(([port, net]) => ({ port, net })), loc: loc() });
  }

  build(): IrModule {
    return this.m;
  }
}

export { loc as fixtureLoc };

export function design(top: string, ...modules: IrModule[]): IrDesign {
  return { top, modules };
}
