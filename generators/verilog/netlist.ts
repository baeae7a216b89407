// The module as the generator sees it: who drives each net, the child module
// behind each instance, and the cells in dependency order. Building it also
// checks the few IR rules the printed Verilog relies on, so a malformed IR is
// reported against the user's source line instead of becoming wrong Verilog.
import type { DiagnosticSink } from '../../hdl/diagnostics.ts';
import type { IrCell, IrDesign, IrModule, IrNet, NetId, PortDir, SourceLoc } from '../../hdl/ir.ts';

export type Driver =
  | { kind: 'input'; port: number }
  | { kind: 'cell'; cell: number }
  | { kind: 'reg'; reg: number }
  | { kind: 'memread'; mem: number; port: number }
  | { kind: 'instance'; inst: number; conn: number };

export interface ModuleView {
  mod: IrModule;
  design: IrDesign;
  net(id: NetId): IrNet;
  driver: Map<NetId, Driver>;
  /** Child module of each instance (index = position in mod.instances), or undefined if unknown. */
  children: (IrModule | undefined)[];
  /** Cell indices such that every cell comes after the cells driving its arguments. */
  cellOrder: number[];
}

export function childPortDir(child: IrModule, port: string): PortDir | undefined {
  return child.ports.find((p) => p.name === port)?.dir;
}

export function buildView(mod: IrModule, design: IrDesign, sink: DiagnosticSink): ModuleView {
  const nets = new Map<NetId, IrNet>();
  for (const n of mod.nets) {
    if (nets.has(n.id)) sink.error('verilog-duplicate-net', `module '${mod.name}' has two nets with id ${n.id}`, n.loc);
    nets.set(n.id, n);
    if (!(Number.isInteger(n.width) && n.width >= 1)) sink.error('verilog-bad-width', `net '${n.name}' has width ${n.width}`, n.loc);
  }
  const before = sink.count;
  const ref = (id: NetId, loc: SourceLoc, what: string): boolean => {
    if (nets.has(id)) return true;
    sink.error('verilog-unknown-net', `${what} refers to net ${id}, which module '${mod.name}' does not have`, loc);
    return false;
  };

  const driver = new Map<NetId, Driver>();
  const drive = (id: NetId, d: Driver, loc: SourceLoc, what: string): void => {
    if (!ref(id, loc, what)) return;
    if (driver.has(id)) {
      sink.error('verilog-multiple-drivers', `net '${nets.get(id)!.name}' has more than one driver (${what})`, loc);
      return;
    }
    driver.set(id, d);
  };

  mod.ports.forEach((p, i) => {
    if (p.dir === 'input') drive(p.net, { kind: 'input', port: i }, mod.loc, `input port '${p.name}'`);
    else ref(p.net, mod.loc, `output port '${p.name}'`);
  });
  mod.cells.forEach((c, i) => {
    drive(c.out, { kind: 'cell', cell: i }, c.loc, `${c.op} cell`);
    c.args.forEach((a) => ref(a, c.loc, `${c.op} cell`));
  });
  mod.regs.forEach((r, i) => {
    drive(r.q, { kind: 'reg', reg: i }, r.loc, 'register');
    ref(r.d, r.loc, 'register d');
    ref(r.clock, r.loc, 'register clock');
    if (r.enable !== undefined) ref(r.enable, r.loc, 'register enable');
    if (r.reset) ref(r.reset.net, r.loc, 'register reset');
  });
  mod.memories.forEach((m, mi) => {
    if (!(Number.isInteger(m.depth) && m.depth >= 1 && Number.isInteger(m.width) && m.width >= 1)) {
      sink.error('verilog-bad-memory', `memory '${m.name}' has depth ${m.depth} and width ${m.width}`, m.loc);
    }
    m.readPorts.forEach((rp, pi) => {
      drive(rp.data, { kind: 'memread', mem: mi, port: pi }, rp.loc, `read port of memory '${m.name}'`);
      ref(rp.addr, rp.loc, 'memory read address');
      if (rp.enable !== undefined) ref(rp.enable, rp.loc, 'memory read enable');
      if (rp.sync) {
        if (rp.clock === undefined) sink.error('verilog-read-clock', `synchronous read port of memory '${m.name}' has no clock`, rp.loc);
        else ref(rp.clock, rp.loc, 'memory read clock');
      }
    });
    for (const wp of m.writePorts) {
      ref(wp.addr, wp.loc, 'memory write address');
      ref(wp.data, wp.loc, 'memory write data');
      ref(wp.enable, wp.loc, 'memory write enable');
      ref(wp.clock, wp.loc, 'memory write clock');
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
      if (port.dir === 'output') drive(c.net, { kind: 'instance', inst: ii, conn: ci }, inst.loc, `output '${c.port}' of instance '${inst.name}'`);
      else ref(c.net, inst.loc, `input '${c.port}' of instance '${inst.name}'`);
      const pn = child.nets.find((n) => n.id === port.net);
      const n = nets.get(c.net);
      if (pn && n && pn.width !== n.width) {
        sink.error('verilog-port-width', `port '${c.port}' of instance '${inst.name}' is ${pn.width} bits, connected net '${n.name}' is ${n.width}`, inst.loc);
      }
    });
    return child;
  });

  // Clocks and resets go into event controls and `if`s, which need single bits.
  const oneBit = (id: NetId | undefined, loc: SourceLoc, what: string): void => {
    const n = id === undefined ? undefined : nets.get(id);
    if (n && n.width !== 1) sink.error('verilog-bad-clock', `${what} '${n.name}' must be 1 bit, is ${n.width}`, loc);
  };
  for (const r of mod.regs) {
    oneBit(r.clock, r.loc, 'register clock');
    oneBit(r.reset?.net, r.loc, 'register reset');
  }
  for (const m of mod.memories) {
    for (const p of m.readPorts) if (p.sync) oneBit(p.clock, p.loc, 'memory read clock');
    for (const p of m.writePorts) oneBit(p.clock, p.loc, 'memory write clock');
  }

  for (const n of mod.nets) {
    if (!driver.has(n.id)) sink.error('verilog-undriven', `net '${n.name}' has no driver`, n.loc);
  }
  if (sink.count === before) mod.cells.forEach((c) => checkCell(c, nets, sink));

  const view: ModuleView = {
    mod,
    design,
    net: (id) => {
      const n = nets.get(id);
      if (!n) throw new Error(`module '${mod.name}' has no net ${id}`);
      return n;
    },
    driver,
    children,
    cellOrder: [],
  };
  if (sink.count === before) view.cellOrder = topoOrder(view, sink);
  return view;
}

/** The width and arity rules of ir.ts that the printed expressions depend on. */
function checkCell(c: IrCell, nets: Map<NetId, IrNet>, sink: DiagnosticSink): void {
  const out = nets.get(c.out)!;
  const args = c.args.map((a) => nets.get(a)!);
  const w = out.width;
  const bad = (why: string): void => sink.error('verilog-bad-cell', `${c.op} cell driving '${out.name}': ${why}`, c.loc);
  const arity = (n: number): boolean => {
    if (args.length === n) return true;
    bad(`expects ${n} argument(s), has ${args.length}`);
    return false;
  };
  const allWidth = (ws: number): void => {
    if (args.some((a) => a.width !== ws)) bad(`arguments must be ${ws} bits wide`);
  };
  switch (c.op) {
    case 'const':
      if (arity(0) && c.value === undefined) bad('has no value');
      break;
    case 'id':
    case 'not':
    case 'neg':
      if (arity(1)) allWidth(w);
      break;
    case 'and':
    case 'or':
    case 'xor':
    case 'add':
    case 'sub':
    case 'mul':
      if (args.length < 2) bad('expects at least 2 arguments');
      allWidth(w);
      break;
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      if (arity(2)) {
        if (w !== 1) bad('result must be 1 bit');
        if (args[0]!.width !== args[1]!.width) bad('arguments differ in width');
      }
      break;
    case 'shl':
    case 'shr':
    case 'sra':
      if (c.amount !== undefined) {
        if (arity(1) && !(Number.isInteger(c.amount) && c.amount >= 0)) bad(`bad shift amount ${c.amount}`);
      } else if (arity(2)) {
        // dynamic: the amount may have any width
      }
      if (args[0] && args[0].width !== w) bad('shifted value must have the result width');
      break;
    case 'slice':
      if (arity(1)) {
        const lo = c.lo ?? 0;
        if (!(Number.isInteger(lo) && lo >= 0 && lo + w <= args[0]!.width)) bad(`bits [${lo + w - 1}:${lo}] are outside a ${args[0]!.width}-bit value`);
      }
      break;
    case 'concat':
      if (args.length < 1) bad('needs at least one argument');
      else if (args.reduce((s, a) => s + a.width, 0) !== w) bad('result width is not the sum of the argument widths');
      break;
    case 'zext':
    case 'sext':
      if (arity(1) && args[0]!.width >= w) bad('result must be wider than the argument');
      break;
    case 'mux':
      if (args.length < 2) bad('needs a select and at least one arm');
      else if (args.slice(1).some((a) => a.width !== w)) bad('arms must have the result width');
      break;
    case 'redand':
    case 'redor':
    case 'redxor':
      if (arity(1) && w !== 1) bad('result must be 1 bit');
      break;
    default:
      bad('unknown operation');
  }
}

function topoOrder(view: ModuleView, sink: DiagnosticSink): number[] {
  const cells = view.mod.cells;
  const state = new Uint8Array(cells.length); // 0 new, 1 on stack, 2 done
  const order: number[] = [];
  const deps = (i: number): number[] => {
    const out: number[] = [];
    for (const a of cells[i]!.args) {
      const d = view.driver.get(a);
      if (d?.kind === 'cell') out.push(d.cell);
    }
    return out;
  };
  for (let start = 0; start < cells.length; start++) {
    if (state[start] !== 0) continue;
    const stack: { cell: number; next: number; deps: number[] }[] = [{ cell: start, next: 0, deps: deps(start) }];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.deps.length) {
        const d = top.deps[top.next++]!;
        if (state[d] === 0) {
          state[d] = 1;
          stack.push({ cell: d, next: 0, deps: deps(d) });
        } else if (state[d] === 1) {
          const c = cells[d]!;
          sink.error('verilog-comb-loop', `combinational loop through net '${view.net(c.out).name}'`, c.loc,
            stack.slice(stack.findIndex((s) => s.cell === d)).map((s) => ({ message: `through '${view.net(cells[s.cell]!.out).name}'`, loc: cells[s.cell]!.loc })));
          return [];
        }
      } else {
        state[top.cell] = 2;
        order.push(top.cell);
        stack.pop();
      }
    }
  }
  return order;
}
