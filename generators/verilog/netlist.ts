// The module as the generator sees it: who drives each net, the child module
// behind each instance, and the cells in dependency order. Building it also
// checks the few IR rules the printed Verilog relies on, so a malformed IR is
// reported against the user's source line instead of becoming wrong Verilog.
//
// Modules can have millions of cells: everything per net or per cell lives in
// typed arrays indexed by net id (nets are renumbered densely, in id order,
// when the IR's ids are not already 0..n-1), and messages are only built for
// the problems actually found.
import type { DiagnosticSink } from '../../hdl/diagnostics.ts';
import type { IrCell, IrDesign, IrModule, IrNet, NetId, PortDir, SourceLoc } from '../../hdl/ir.ts';

/** What drives a net (`driverKind`); `driverIndex` says which one. */
export const DRIVER_NONE = 0;
export const DRIVER_INPUT = 1; // index: port
export const DRIVER_CELL = 2; // index: cell
export const DRIVER_REG = 3; // index: register
export const DRIVER_MEMREAD = 4; // index: memory, driverPort: read port
export const DRIVER_INSTANCE = 5; // index: instance, driverPort: connection

export interface ModuleView {
  /** The module, with net ids equal to their positions in `nets`. */
  mod: IrModule;
  design: IrDesign;
  net(id: NetId): IrNet;
  driverKind: Uint8Array;
  driverIndex: Int32Array;
  driverPort: Int32Array;
  /** The driving cell of each net, or -1. */
  cellOf: Int32Array;
  /** Child module of each instance (index = position in mod.instances), or undefined if unknown. */
  children: (IrModule | undefined)[];
  /** Cell indices such that every cell comes after the cells driving its arguments. */
  cellOrder: Int32Array;
}

export function childPortDir(child: IrModule, port: string): PortDir | undefined {
  return child.ports.find((p) => p.name === port)?.dir;
}

/** The module with net ids 0..n-1 in id order (the same module when it already is). */
function denseModule(mod: IrModule): IrModule {
  const nets = mod.nets;
  let dense = true;
  for (let i = 0; i < nets.length; i++) {
    if (nets[i]!.id !== i) {
      dense = false;
      break;
    }
  }
  if (dense) return mod;
  const sorted = nets.slice().sort((a, b) => a.id - b.id);
  const pos = new Map<NetId, number>();
  sorted.forEach((n, i) => pos.set(n.id, i));
  const id = (x: NetId): NetId => pos.get(x)!;
  return {
    ...mod,
    nets: sorted.map((n, i) => ({ ...n, id: i })),
    ports: mod.ports.map((p) => ({ ...p, net: id(p.net) })),
    cells: mod.cells.map((c) => ({ ...c, out: id(c.out), args: c.args.map(id) })),
    regs: mod.regs.map((r) => {
      const out = { ...r, q: id(r.q), d: id(r.d), clock: id(r.clock) };
      if (r.enable !== undefined) out.enable = id(r.enable);
      if (r.reset) out.reset = { ...r.reset, net: id(r.reset.net) };
      return out;
    }),
    memories: mod.memories.map((m) => ({
      ...m,
      readPorts: m.readPorts.map((rp) => {
        const out = { ...rp, addr: id(rp.addr), data: id(rp.data) };
        if (rp.clock !== undefined) out.clock = id(rp.clock);
        if (rp.enable !== undefined) out.enable = id(rp.enable);
        return out;
      }),
      writePorts: m.writePorts.map((wp) => ({ ...wp, addr: id(wp.addr), data: id(wp.data), enable: id(wp.enable), clock: id(wp.clock) })),
    })),
    instances: mod.instances.map((i) => ({ ...i, connections: i.connections.map((c) => ({ ...c, net: id(c.net) })) })),
  };
}

/** How the checks below record references and drivers: by map (any ids) or in typed arrays (dense ids). */
interface Recorder {
  net(id: NetId): IrNet | undefined;
  ref(id: NetId, loc: SourceLoc, what: string): boolean;
  drive(id: NetId, kind: number, index: number, port: number, loc: SourceLoc, what: string): void;
}

/** Reports references to missing nets and second drivers, with the messages both recorders share. */
function unknownNet(sink: DiagnosticSink, mod: IrModule, id: NetId, loc: SourceLoc, what: string): void {
  sink.error('verilog-unknown-net', `${what} refers to net ${id}, which module '${mod.name}' does not have`, loc);
}

function secondDriver(sink: DiagnosticSink, n: IrNet, loc: SourceLoc, what: string): void {
  sink.error('verilog-multiple-drivers', `net '${n.name}' has more than one driver (${what})`, loc);
}

/** Any net ids (hand-made IR): a map from id to net. */
class MapRecorder implements Recorder {
  readonly nets = new Map<NetId, IrNet>();
  readonly driven = new Set<NetId>();
  constructor(
    readonly mod: IrModule,
    readonly sink: DiagnosticSink,
  ) {}
  net(id: NetId): IrNet | undefined {
    return this.nets.get(id);
  }
  ref(id: NetId, loc: SourceLoc, what: string): boolean {
    if (this.nets.has(id)) return true;
    unknownNet(this.sink, this.mod, id, loc, what);
    return false;
  }
  drive(id: NetId, _kind: number, _index: number, _port: number, loc: SourceLoc, what: string): void {
    if (!this.ref(id, loc, what)) return;
    if (this.driven.has(id)) {
      secondDriver(this.sink, this.nets.get(id)!, loc, what);
      return;
    }
    this.driven.add(id);
  }
}

/** Net ids 0..n-1: drivers in typed arrays. */
class ArrayRecorder implements Recorder {
  readonly n: number;
  readonly driverKind: Uint8Array;
  readonly driverIndex: Int32Array;
  readonly driverPort: Int32Array;
  readonly cellOf: Int32Array;
  constructor(
    readonly mod: IrModule,
    readonly sink: DiagnosticSink,
  ) {
    const n = (this.n = mod.nets.length);
    this.driverKind = new Uint8Array(n);
    this.driverIndex = new Int32Array(n);
    this.driverPort = new Int32Array(n);
    this.cellOf = new Int32Array(n).fill(-1);
  }
  valid(id: NetId): boolean {
    return id >= 0 && id < this.n && Number.isInteger(id);
  }
  net(id: NetId): IrNet | undefined {
    return this.valid(id) ? this.mod.nets[id] : undefined;
  }
  ref(id: NetId, loc: SourceLoc, what: string): boolean {
    if (this.valid(id)) return true;
    unknownNet(this.sink, this.mod, id, loc, what);
    return false;
  }
  drive(id: NetId, kind: number, index: number, port: number, loc: SourceLoc, what: string): void {
    if (!this.ref(id, loc, what)) return;
    if (this.driverKind[id] !== DRIVER_NONE) {
      secondDriver(this.sink, this.mod.nets[id]!, loc, what);
      return;
    }
    this.driverKind[id] = kind;
    this.driverIndex[id] = index;
    this.driverPort[id] = port;
    if (kind === DRIVER_CELL) this.cellOf[id] = index;
  }
}

/**
 * Every check, in one fixed order: net widths, ports, cells, registers,
 * memories, instances, one-bit clocks, undriven nets, then the cell rules
 * (only when nothing else was wrong).
 */
function check(mod: IrModule, design: IrDesign, sink: DiagnosticSink, r: Recorder, driven: (n: IrNet) => boolean): (IrModule | undefined)[] {
  const byMap = r instanceof MapRecorder ? r : null;
  const netList = mod.nets;
  for (let i = 0; i < netList.length; i++) {
    const n = netList[i]!;
    if (byMap) {
      if (byMap.nets.has(n.id)) sink.error('verilog-duplicate-net', `module '${mod.name}' has two nets with id ${n.id}`, n.loc);
      byMap.nets.set(n.id, n);
    }
    if (!(Number.isInteger(n.width) && n.width >= 1)) sink.error('verilog-bad-width', `net '${n.name}' has width ${n.width}`, n.loc);
  }
  const before = sink.count;
  mod.ports.forEach((p, i) => {
    if (p.dir === 'input') r.drive(p.net, DRIVER_INPUT, i, 0, mod.loc, `input port '${p.name}'`);
    else r.ref(p.net, mod.loc, `output port '${p.name}'`);
  });
  const cells = mod.cells;
  const fast = r instanceof ArrayRecorder ? r : null;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    const out = c.out;
    // The common case without building a message: a valid, not yet driven output.
    if (fast && fast.valid(out) && fast.driverKind[out] === DRIVER_NONE) {
      fast.driverKind[out] = DRIVER_CELL;
      fast.driverIndex[out] = i;
      fast.cellOf[out] = i;
    } else r.drive(out, DRIVER_CELL, i, 0, c.loc, `${c.op} cell`);
    const args = c.args;
    for (let k = 0; k < args.length; k++) {
      const a = args[k]!;
      if (fast ? !fast.valid(a) : r.net(a) === undefined) r.ref(a, c.loc, `${c.op} cell`);
    }
  }
  mod.regs.forEach((reg, i) => {
    r.drive(reg.q, DRIVER_REG, i, 0, reg.loc, 'register');
    r.ref(reg.d, reg.loc, 'register d');
    r.ref(reg.clock, reg.loc, 'register clock');
    if (reg.enable !== undefined) r.ref(reg.enable, reg.loc, 'register enable');
    if (reg.reset) r.ref(reg.reset.net, reg.loc, 'register reset');
  });
  mod.memories.forEach((m, mi) => {
    if (!(Number.isInteger(m.depth) && m.depth >= 1 && Number.isInteger(m.width) && m.width >= 1)) {
      sink.error('verilog-bad-memory', `memory '${m.name}' has depth ${m.depth} and width ${m.width}`, m.loc);
    }
    m.readPorts.forEach((rp, pi) => {
      r.drive(rp.data, DRIVER_MEMREAD, mi, pi, rp.loc, `read port of memory '${m.name}'`);
      r.ref(rp.addr, rp.loc, 'memory read address');
      if (rp.enable !== undefined) r.ref(rp.enable, rp.loc, 'memory read enable');
      if (rp.sync) {
        if (rp.clock === undefined) sink.error('verilog-read-clock', `synchronous read port of memory '${m.name}' has no clock`, rp.loc);
        else r.ref(rp.clock, rp.loc, 'memory read clock');
      }
    });
    for (const wp of m.writePorts) {
      r.ref(wp.addr, wp.loc, 'memory write address');
      r.ref(wp.data, wp.loc, 'memory write data');
      r.ref(wp.enable, wp.loc, 'memory write enable');
      r.ref(wp.clock, wp.loc, 'memory write clock');
    }
  });
  const children = mod.instances.map((inst, ii) => {
    const child = design.modules.find((m) => m.name === inst.module);
    if (!child) {
      sink.error('verilog-unknown-module', `instance '${inst.name}' of unknown module '${inst.module}'`, inst.loc);
      return undefined;
    }
    inst.connections.forEach((c, ci) => {
      const port = child.ports.find((p) => p.name === c.port);
      if (!port) {
        sink.error('verilog-unknown-port', `module '${child.name}' has no port '${c.port}' (instance '${inst.name}')`, inst.loc);
        return;
      }
      if (port.dir === 'output') r.drive(c.net, DRIVER_INSTANCE, ii, ci, inst.loc, `output '${c.port}' of instance '${inst.name}'`);
      else r.ref(c.net, inst.loc, `input '${c.port}' of instance '${inst.name}'`);
      const pn = child.nets.find((n) => n.id === port.net);
      const n = r.net(c.net);
      if (pn && n && pn.width !== n.width) {
        sink.error('verilog-port-width', `port '${c.port}' of instance '${inst.name}' is ${pn.width} bits, connected net '${n.name}' is ${n.width}`, inst.loc);
      }
    });
    return child;
  });

  // Clocks and resets go into event controls and `if`s, which need single bits.
  const oneBit = (id: NetId | undefined, loc: SourceLoc, what: string): void => {
    const n = id === undefined ? undefined : r.net(id);
    if (n && n.width !== 1) sink.error('verilog-bad-clock', `${what} '${n.name}' must be 1 bit, is ${n.width}`, loc);
  };
  for (const reg of mod.regs) {
    oneBit(reg.clock, reg.loc, 'register clock');
    oneBit(reg.reset?.net, reg.loc, 'register reset');
  }
  for (const m of mod.memories) {
    for (const p of m.readPorts) if (p.sync) oneBit(p.clock, p.loc, 'memory read clock');
    for (const p of m.writePorts) oneBit(p.clock, p.loc, 'memory write clock');
  }

  for (let i = 0; i < netList.length; i++) {
    const n = netList[i]!;
    if (!driven(n)) sink.error('verilog-undriven', `net '${n.name}' has no driver`, n.loc);
  }
  if (sink.count === before) {
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      const ids = c.args;
      // A fresh array of exactly the right size (emptying one to reuse it frees its storage every time),
      // made by copying (`new Array(n)` in optimised code deoptimises past 16376 elements: a big concat).
      const args = ids.slice() as unknown as IrNet[];
      for (let k = 0; k < ids.length; k++) args[k] = r.net(ids[k]!)!;
      checkCell(c, r.net(c.out)!, args, sink);
    }
  }
  return children;
}

export function buildView(original: IrModule, design: IrDesign, sink: DiagnosticSink): ModuleView {
  const mod = denseModule(original);
  if (mod !== original) {
    // Hand-made ids: check with the ids the user wrote (messages name them), then work on the renumbered copy.
    const before = sink.count;
    const r = new MapRecorder(original, sink);
    check(original, design, sink, r, (n) => r.driven.has(n.id));
    if (sink.count !== before) return viewOf(mod, design, new ArrayRecorder(mod, sink), []);
  }
  const before = sink.count;
  const r = new ArrayRecorder(mod, sink);
  const children = check(mod, design, sink, r, (n) => r.driverKind[n.id] !== DRIVER_NONE);
  const view = viewOf(mod, design, r, children);
  if (sink.count === before) view.cellOrder = topoOrder(view, sink);
  return view;
}

function viewOf(mod: IrModule, design: IrDesign, r: ArrayRecorder, children: (IrModule | undefined)[]): ModuleView {
  const nets = mod.nets;
  return {
    mod,
    design,
    net: (id) => {
      if (!r.valid(id)) throw new Error(`module '${mod.name}' has no net ${id}`);
      return nets[id]!;
    },
    driverKind: r.driverKind,
    driverIndex: r.driverIndex,
    driverPort: r.driverPort,
    cellOf: r.cellOf,
    children,
    cellOrder: new Int32Array(0),
  };
}

function arityOk(c: IrCell, out: IrNet, args: IrNet[], n: number, sink: DiagnosticSink): boolean {
  if (args.length === n) return true;
  badCell(c, out, `expects ${n} argument(s), has ${args.length}`, sink);
  return false;
}

function allWidth(c: IrCell, out: IrNet, args: IrNet[], w: number, sink: DiagnosticSink): void {
  for (let i = 0; i < args.length; i++) {
    if (args[i]!.width !== w) {
      badCell(c, out, `arguments must be ${w} bits wide`, sink);
      return;
    }
  }
}

function badCell(c: IrCell, out: IrNet, why: string, sink: DiagnosticSink): void {
  sink.error('verilog-bad-cell', `${c.op} cell driving '${out.name}': ${why}`, c.loc);
}

/** The width and arity rules of ir.ts that the printed expressions depend on. */
function checkCell(c: IrCell, out: IrNet, args: IrNet[], sink: DiagnosticSink): void {
  const w = out.width;
  switch (c.op) {
    case 'const':
      if (arityOk(c, out, args, 0, sink) && c.value === undefined) badCell(c, out, 'has no value', sink);
      break;
    case 'id':
    case 'not':
    case 'neg':
      if (arityOk(c, out, args, 1, sink)) allWidth(c, out, args, w, sink);
      break;
    case 'and':
    case 'or':
    case 'xor':
    case 'add':
    case 'sub':
    case 'mul':
      if (args.length < 2) badCell(c, out, 'expects at least 2 arguments', sink);
      allWidth(c, out, args, w, sink);
      break;
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      if (arityOk(c, out, args, 2, sink)) {
        if (w !== 1) badCell(c, out, 'result must be 1 bit', sink);
        if (args[0]!.width !== args[1]!.width) badCell(c, out, 'arguments differ in width', sink);
      }
      break;
    case 'shl':
    case 'shr':
    case 'sra':
      if (c.amount !== undefined) {
        if (arityOk(c, out, args, 1, sink) && !(Number.isInteger(c.amount) && c.amount >= 0)) badCell(c, out, `bad shift amount ${c.amount}`, sink);
      } else arityOk(c, out, args, 2, sink); // dynamic: the amount may have any width
      if (args[0] && args[0].width !== w) badCell(c, out, 'shifted value must have the result width', sink);
      break;
    case 'slice':
      if (arityOk(c, out, args, 1, sink)) {
        const lo = c.lo ?? 0;
        if (!(Number.isInteger(lo) && lo >= 0 && lo + w <= args[0]!.width)) badCell(c, out, `bits [${lo + w - 1}:${lo}] are outside a ${args[0]!.width}-bit value`, sink);
      }
      break;
    case 'concat': {
      if (args.length < 1) {
        badCell(c, out, 'needs at least one argument', sink);
        break;
      }
      let sum = 0;
      for (let i = 0; i < args.length; i++) sum += args[i]!.width;
      if (sum !== w) badCell(c, out, 'result width is not the sum of the argument widths', sink);
      break;
    }
    case 'zext':
    case 'sext':
      if (arityOk(c, out, args, 1, sink) && args[0]!.width >= w) badCell(c, out, 'result must be wider than the argument', sink);
      break;
    case 'mux':
      if (args.length < 2) badCell(c, out, 'needs a select and at least one arm', sink);
      else {
        for (let i = 1; i < args.length; i++) {
          if (args[i]!.width !== w) {
            badCell(c, out, 'arms must have the result width', sink);
            break;
          }
        }
      }
      break;
    case 'redand':
    case 'redor':
    case 'redxor':
      if (arityOk(c, out, args, 1, sink) && w !== 1) badCell(c, out, 'result must be 1 bit', sink);
      break;
    default:
      badCell(c, out, 'unknown operation', sink);
  }
}

/** Cells in dependency order (iterative depth-first search, arguments in order). */
function topoOrder(view: ModuleView, sink: DiagnosticSink): Int32Array {
  const cells = view.mod.cells;
  const cellOf = view.cellOf;
  const n = cells.length;
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const order = new Int32Array(n);
  let done = 0;
  const stackCell = new Int32Array(n);
  const stackNext = new Int32Array(n);
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0) continue;
    let sp = 0;
    stackCell[0] = start;
    stackNext[0] = 0;
    sp = 1;
    state[start] = 1;
    while (sp > 0) {
      const top = stackCell[sp - 1]!;
      const args = cells[top]!.args;
      let k = stackNext[sp - 1]!;
      let pushed = false;
      while (k < args.length) {
        const d = cellOf[args[k]!]!;
        k++;
        if (d < 0) continue;
        const s = state[d]!;
        if (s === 0) {
          stackNext[sp - 1] = k;
          state[d] = 1;
          stackCell[sp] = d;
          stackNext[sp] = 0;
          sp++;
          pushed = true;
          break;
        }
        if (s === 1) {
          const c = cells[d]!;
          let from = 0;
          while (stackCell[from] !== d) from++;
          const related: { message: string; loc: SourceLoc }[] = [];
          for (let j = from; j < sp; j++) {
            const sc = cells[stackCell[j]!]!;
            related.push({ message: `through '${view.net(sc.out).name}'`, loc: sc.loc });
          }
          sink.error('verilog-comb-loop', `combinational loop through net '${view.net(c.out).name}'`, c.loc, related);
          return new Int32Array(0);
        }
      }
      if (pushed) continue;
      state[top] = 2;
      order[done++] = top;
      sp--;
    }
  }
  return order;
}
