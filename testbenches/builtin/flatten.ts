// Flattens the instance hierarchy into one netlist. A child's port net and the
// parent net connected to it become one flat net (union-find), so an instance
// costs nothing at run time. Every named net and port of every instance keeps a
// hierarchical name ('inst.sub.sig') pointing at its flat net.
import type { CellOp, IrDesign, IrModule, IrNet, NetId, PortDir, SourceLoc } from '../../hdl/ir.ts';
import type { DiagnosticSink } from '../../hdl/diagnostics.ts';
import { renameStateNets } from '../../hdl/passes/ir-util.ts';

export type FlatNetId = number;

export interface FlatNet {
  id: FlatNetId;
  width: number;
  /** The best name for messages: the first hierarchical user name, else the temporary's name. */
  name: string;
  loc: SourceLoc;
}

/** A peekable name (port or user-named net) and how its type reads the flat net. */
export interface FlatSignal {
  name: string;
  net: FlatNetId;
  width: number;
  signed: boolean;
}

export interface FlatCell {
  op: CellOp;
  out: FlatNetId;
  args: FlatNetId[];
  value?: bigint;
  lo?: number;
  amount?: number;
  /** Signedness of args[0] as the cell's module declares it (compares use it). */
  argSigned: boolean;
  loc: SourceLoc;
}

export interface FlatReg {
  /** Hierarchical name of the register output. */
  name: string;
  q: FlatNetId;
  d: FlatNetId;
  clock: FlatNetId;
  enable?: FlatNetId;
  reset?: { net: FlatNetId; async: boolean; activeLow: boolean; value: bigint };
  init: bigint;
  loc: SourceLoc;
}

export interface FlatMemRead {
  addr: FlatNetId;
  data: FlatNetId;
  sync: boolean;
  clock?: FlatNetId;
  enable?: FlatNetId;
  loc: SourceLoc;
}

export interface FlatMemWrite {
  addr: FlatNetId;
  data: FlatNetId;
  enable: FlatNetId;
  clock: FlatNetId;
  loc: SourceLoc;
}

export interface FlatMemory {
  name: string;
  width: number;
  depth: number;
  signed: boolean;
  init: bigint[];
  readPorts: FlatMemRead[];
  writePorts: FlatMemWrite[];
  loc: SourceLoc;
}

export interface FlatPort {
  name: string;
  dir: PortDir;
  net: FlatNetId;
  role?: 'clock' | 'reset';
  width: number;
  signed: boolean;
}

export type Driver =
  | { kind: 'input'; port: number }
  | { kind: 'cell'; cell: number }
  | { kind: 'reg'; reg: number }
  | { kind: 'memread'; mem: number; port: number };

export interface FlatDesign {
  nets: FlatNet[];
  signals: FlatSignal[];
  cells: FlatCell[];
  regs: FlatReg[];
  memories: FlatMemory[];
  /** Top-level ports only. */
  ports: FlatPort[];
  /** The single driver of each flat net, or undefined when undriven. */
  drivers: (Driver | undefined)[];
}

interface RawNet {
  width: number;
  name: string;
  named: boolean;
  loc: SourceLoc;
}

/** Flattens `design`; reports errors into `sink` and returns null when there are any. */
export function flattenDesign(design: IrDesign, sink: DiagnosticSink): FlatDesign | null {
  const modules = new Map(design.modules.map((m) => [m.name, m] as const));
  const raw: RawNet[] = [];
  const parent: number[] = [];
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const union = (a: number, b: number): void => {
    a = find(a);
    b = find(b);
    if (a < b) parent[b] = a;
    else if (b < a) parent[a] = b;
  };
  const alloc = (n: IrNet, prefix: string): number => {
    parent.push(raw.length);
    raw.push({ width: n.width, name: prefix + n.name, named: n.named, loc: n.loc });
    return raw.length - 1;
  };

  const signals: FlatSignal[] = [];
  const signalNames = new Set<string>();
  const addSignal = (name: string, g: number, n: IrNet): void => {
    if (signalNames.has(name)) return; // a port and its own net share a name
    signalNames.add(name);
    signals.push({ name, net: g, width: n.width, signed: n.signed });
  };
  const cells: FlatCell[] = [];
  const regs: FlatReg[] = [];
  const memories: FlatMemory[] = [];
  const ports: FlatPort[] = [];

  const elaborate = (m: IrModule, prefix: string, stack: string[]): Map<NetId, number> => {
    const local = new Map<NetId, number>();
    const byId = new Map<NetId, IrNet>();
    for (const n of m.nets) {
      local.set(n.id, alloc(n, prefix));
      byId.set(n.id, n);
    }
    const g = (id: NetId): number => local.get(id)!;
    for (const p of m.ports) addSignal(prefix + p.name, g(p.net), byId.get(p.net)!);
    for (const n of m.nets) if (n.named) addSignal(prefix + n.name, g(n.id), n);
    if (prefix === '') {
      for (const p of m.ports) {
        const n = byId.get(p.net)!;
        ports.push({ name: p.name, dir: p.dir, net: g(p.net), role: p.role, width: n.width, signed: n.signed });
      }
    }
    for (const c of m.cells) {
      const fc: FlatCell = {
        op: c.op,
        out: g(c.out),
        args: c.args.map(g),
        argSigned: c.args.length > 0 ? byId.get(c.args[0])!.signed : false,
        loc: c.loc,
      };
      if (c.value !== undefined) fc.value = c.value;
      if (c.lo !== undefined) fc.lo = c.lo;
      if (c.amount !== undefined) fc.amount = c.amount;
      cells.push(fc);
    }
    for (const r of m.regs) {
      const fr: FlatReg = {
        name: prefix + byId.get(r.q)!.name,
        q: g(r.q),
        d: g(r.d),
        clock: g(r.clock),
        init: r.init ?? 0n,
        loc: r.loc,
      };
      if (r.enable !== undefined) fr.enable = g(r.enable);
      if (r.reset) fr.reset = { net: g(r.reset.net), async: r.reset.async, activeLow: r.reset.activeLow, value: r.reset.value };
      regs.push(fr);
    }
    for (const mem of m.memories) {
      memories.push({
        name: prefix + mem.name,
        width: mem.width,
        depth: mem.depth,
        signed: mem.signed,
        init: mem.init ?? [],
        readPorts: mem.readPorts.map((rp) => {
          const fp: FlatMemRead = { addr: g(rp.addr), data: g(rp.data), sync: rp.sync, loc: rp.loc };
          if (rp.clock !== undefined) fp.clock = g(rp.clock);
          if (rp.enable !== undefined) fp.enable = g(rp.enable);
          return fp;
        }),
        writePorts: mem.writePorts.map((wp) => ({
          addr: g(wp.addr),
          data: g(wp.data),
          enable: g(wp.enable),
          clock: g(wp.clock),
          loc: wp.loc,
        })),
        loc: mem.loc,
      });
    }
    for (const inst of m.instances) {
      const child = modules.get(inst.module)!;
      if (stack.includes(child.name)) {
        sink.error('recursive-instance', `instance '${prefix}${inst.name}' of module '${child.name}' instantiates itself (${[...stack, child.name].join(' -> ')})`, inst.loc);
        continue;
      }
      const childNets = elaborate(child, `${prefix}${inst.name}.`, [...stack, child.name]);
      const childNetById = new Map(child.nets.map((n) => [n.id, n] as const));
      const seen = new Set<string>();
      for (const conn of inst.connections) {
        const port = child.ports.find((p) => p.name === conn.port);
        const where = `'${prefix}${inst.name}.${conn.port}'`;
        if (!port) {
          const known = child.ports.map((p) => p.name).join(', ');
          sink.error('unknown-port', `instance '${prefix}${inst.name}' connects port '${conn.port}', which module '${child.name}' does not have (its ports: ${known})`, inst.loc);
          continue;
        }
        if (seen.has(conn.port)) {
          sink.error('port-connected-twice', `port ${where} is connected twice`, inst.loc);
          continue;
        }
        seen.add(conn.port);
        const pn = childNetById.get(port.net)!;
        const outer = byId.get(conn.net)!;
        if (pn.width !== outer.width) {
          sink.error('width-mismatch', `port ${where} is ${pn.width} bits but is connected to '${prefix}${outer.name}' of ${outer.width} bits`, inst.loc);
          continue;
        }
        union(g(conn.net), childNets.get(port.net)!);
      }
      for (const p of child.ports)
        if (p.dir === 'input' && !seen.has(p.name))
          sink.error('unconnected-port', `input port '${prefix}${inst.name}.${p.name}' is not connected`, inst.loc);
    }
    return local;
  };

  elaborate(modules.get(design.top)!, '', [design.top]);
  if (sink.count > 0) return null;

  // Dense flat ids, in order of first appearance, so output is deterministic.
  const flatOf = new Int32Array(raw.length).fill(-1);
  const nets: FlatNet[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = find(i);
    if (flatOf[r] < 0) {
      flatOf[r] = nets.length;
      nets.push({ id: nets.length, width: raw[r].width, name: raw[r].name, loc: raw[r].loc });
    }
    flatOf[i] = flatOf[r];
  }
  // Prefer a user name (shortest path first) for messages about a flat net.
  const bestNamed = new Array<string | undefined>(nets.length);
  for (let i = 0; i < raw.length; i++) {
    if (!raw[i].named) continue;
    const f = flatOf[i];
    const cur = bestNamed[f];
    if (cur === undefined || depth(raw[i].name) < depth(cur)) bestNamed[f] = raw[i].name;
  }
  bestNamed.forEach((n, i) => n !== undefined && (nets[i].name = n));

  const f = (x: number): number => flatOf[x];
  for (const s of signals) s.net = f(s.net);
  for (const p of ports) p.net = f(p.net);
  for (const c of cells) {
    c.out = f(c.out);
    c.args = c.args.map(f);
  }
  renameStateNets(regs, memories, f);

  const drivers = findDrivers(nets, cells, regs, memories, ports, sink);
  checkUndrivenReads(nets, drivers, cells, regs, memories, ports, sink);
  if (sink.count > 0) return null;
  return { nets, signals, cells, regs, memories, ports, drivers };
}

function depth(name: string): number {
  let d = 0;
  for (const ch of name) if (ch === '.') d++;
  return d;
}

function findDrivers(
  nets: FlatNet[],
  cells: FlatCell[],
  regs: FlatReg[],
  memories: FlatMemory[],
  ports: FlatPort[],
  sink: DiagnosticSink,
): (Driver | undefined)[] {
  const drivers = new Array<Driver | undefined>(nets.length);
  const extra = new Map<number, { what: string; loc: SourceLoc }[]>();
  const describe = (d: Driver): { what: string; loc: SourceLoc } => {
    switch (d.kind) {
      case 'input':
        return { what: `top-level input '${ports[d.port].name}'`, loc: nets[ports[d.port].net].loc };
      case 'cell':
        return { what: `${cells[d.cell].op} cell`, loc: cells[d.cell].loc };
      case 'reg':
        return { what: `register '${regs[d.reg].name}'`, loc: regs[d.reg].loc };
      case 'memread':
        return { what: `read port ${d.port} of memory '${memories[d.mem].name}'`, loc: memories[d.mem].readPorts[d.port].loc };
    }
  };
  const drive = (net: number, d: Driver): void => {
    const prev = drivers[net];
    if (prev === undefined) {
      drivers[net] = d;
      return;
    }
    let list = extra.get(net);
    if (!list) extra.set(net, (list = [describe(prev)]));
    list.push(describe(d));
  };
  ports.forEach((p, i) => p.dir === 'input' && drive(p.net, { kind: 'input', port: i }));
  cells.forEach((c, i) => drive(c.out, { kind: 'cell', cell: i }));
  regs.forEach((r, i) => drive(r.q, { kind: 'reg', reg: i }));
  memories.forEach((m, mi) => m.readPorts.forEach((rp, pi) => drive(rp.data, { kind: 'memread', mem: mi, port: pi })));
  for (const [net, list] of extra) {
    sink.error(
      'multiple-drivers',
      `net '${nets[net].name}' has ${list.length} drivers; every net must have exactly one`,
      list[1].loc,
      list.map((x) => ({ message: `driven by ${x.what}`, loc: x.loc })),
    );
  }
  return drivers;
}

function checkUndrivenReads(
  nets: FlatNet[],
  drivers: (Driver | undefined)[],
  cells: FlatCell[],
  regs: FlatReg[],
  memories: FlatMemory[],
  ports: FlatPort[],
  sink: DiagnosticSink,
): void {
  const reported = new Set<number>();
  const read = (net: number | undefined, by: string, loc: SourceLoc): void => {
    if (net === undefined || drivers[net] !== undefined || reported.has(net)) return;
    reported.add(net);
    sink.error('undriven', `net '${nets[net].name}' is read by ${by} but nothing drives it`, loc);
  };
  for (const c of cells) for (const a of c.args) read(a, `a ${c.op} cell`, c.loc);
  for (const r of regs) {
    read(r.d, `register '${r.name}'`, r.loc);
    read(r.clock, `register '${r.name}' as its clock`, r.loc);
    read(r.enable, `register '${r.name}' as its enable`, r.loc);
    read(r.reset?.net, `register '${r.name}' as its reset`, r.loc);
  }
  for (const m of memories) {
    for (const rp of m.readPorts) {
      read(rp.addr, `memory '${m.name}' as a read address`, rp.loc);
      read(rp.clock, `memory '${m.name}' as a read clock`, rp.loc);
      read(rp.enable, `memory '${m.name}' as a read enable`, rp.loc);
    }
    for (const wp of m.writePorts) {
      read(wp.addr, `memory '${m.name}' as a write address`, wp.loc);
      read(wp.data, `memory '${m.name}' as write data`, wp.loc);
      read(wp.enable, `memory '${m.name}' as a write enable`, wp.loc);
      read(wp.clock, `memory '${m.name}' as a write clock`, wp.loc);
    }
  }
  for (const p of ports) if (p.dir === 'output') read(p.net, `top-level output '${p.name}'`, nets[p.net].loc);
}
