// Well-formedness of the IR as the built-in simulator needs it: every net id
// referenced exists, widths follow the op rules of hdl/ir.ts, values fit. The
// language guarantees all this; checking it here turns a malformed IR (a bug in
// a pass, or a hand-built fixture) into a clear error instead of wrong values.
import { addrWidth, type IrCell, type IrDesign, type IrModule, type IrNet, type NetId, type SourceLoc } from '../../hdl/ir.ts';
import type { DiagnosticSink } from '../../hdl/diagnostics.ts';

const CODE = 'invalid-ir';
const WIDTH = 'width-mismatch';

export function validateDesign(design: IrDesign, sink: DiagnosticSink): void {
  const names = new Set<string>();
  for (const m of design.modules) {
    if (names.has(m.name)) sink.error(CODE, `module '${m.name}' appears twice in the design`, m.loc);
    names.add(m.name);
  }
  if (!names.has(design.top)) {
    sink.error(CODE, `the design's top module '${design.top}' is not among its modules`, {
      file: '<design>',
      line: 0,
      column: 0,
    });
    return;
  }
  for (const m of design.modules) validateModule(m, names, sink);
}

function validateModule(m: IrModule, modules: Set<string>, sink: DiagnosticSink): void {
  const nets = new Map<NetId, IrNet>();
  const where = `in module '${m.name}'`;
  for (const n of m.nets) {
    if (nets.has(n.id)) sink.error(CODE, `net id ${n.id} is declared twice ${where}`, n.loc);
    if (!Number.isInteger(n.width) || n.width < 1)
      sink.error(CODE, `net '${n.name}' has width ${n.width}; widths are integers >= 1 (${where})`, n.loc);
    nets.set(n.id, n);
  }
  const net = (id: NetId | undefined, what: string, loc: SourceLoc): IrNet | undefined => {
    if (id === undefined) return undefined;
    const n = nets.get(id);
    if (!n) sink.error(CODE, `${what} refers to net id ${id}, which ${where} does not declare`, loc);
    return n;
  };
  const oneBit = (n: IrNet | undefined, what: string, loc: SourceLoc): void => {
    if (n && n.width !== 1) sink.error(WIDTH, `${what} '${n.name}' must be 1 bit wide, not ${n.width} (${where})`, loc);
  };
  const fits = (v: bigint | undefined, width: number, what: string, loc: SourceLoc): void => {
    if (v !== undefined && (v < 0n || v >= 1n << BigInt(width)))
      sink.error(CODE, `${what} ${v} is not an unsigned pattern of ${width} bits (${where})`, loc);
  };

  const portNames = new Set<string>();
  for (const p of m.ports) {
    if (portNames.has(p.name)) sink.error(CODE, `port '${p.name}' is declared twice ${where}`, m.loc);
    portNames.add(p.name);
    net(p.net, `port '${p.name}'`, m.loc);
  }
  for (const c of m.cells) validateCell(c, net, sink, where);
  for (const r of m.regs) {
    const q = net(r.q, 'register output', r.loc);
    const d = net(r.d, 'register input', r.loc);
    net(r.clock, 'register clock', r.loc);
    if (q && d && q.width !== d.width)
      sink.error(WIDTH, `register '${q.name}' is ${q.width} bits but its input '${d.name}' is ${d.width} (${where})`, r.loc);
    if (r.enable !== undefined) oneBit(net(r.enable, 'register enable', r.loc), 'register enable', r.loc);
    if (r.reset) {
      oneBit(net(r.reset.net, 'register reset', r.loc), 'register reset', r.loc);
      if (q) fits(r.reset.value, q.width, `reset value of register '${q.name}'`, r.loc);
    }
    if (!r.reset && r.init === undefined && q)
      sink.error(CODE, `register '${q.name}' has neither a reset nor an initial value (${where})`, r.loc);
    if (q) fits(r.init, q.width, `initial value of register '${q.name}'`, r.loc);
  }
  for (const mem of m.memories) {
    if (!Number.isInteger(mem.width) || mem.width < 1 || !Number.isInteger(mem.depth) || mem.depth < 1)
      sink.error(CODE, `memory '${mem.name}' has width ${mem.width} and depth ${mem.depth}; both must be integers >= 1`, mem.loc);
    if ((mem.init?.length ?? 0) > mem.depth)
      sink.error(CODE, `memory '${mem.name}' has ${mem.init!.length} initial words but depth ${mem.depth}`, mem.loc);
    mem.init?.forEach((v, i) => fits(v, mem.width, `word ${i} of memory '${mem.name}' initial value`, mem.loc));
    const addrOk = (n: IrNet | undefined, loc: SourceLoc): void => {
      if (n && n.width !== addrWidth(mem.depth))
        sink.error(WIDTH, `address '${n.name}' of memory '${mem.name}' is ${n.width} bits; depth ${mem.depth} takes ${addrWidth(mem.depth)}`, loc);
    };
    for (const rp of mem.readPorts) {
      addrOk(net(rp.addr, `read address of memory '${mem.name}'`, rp.loc), rp.loc);
      const data = net(rp.data, `read data of memory '${mem.name}'`, rp.loc);
      if (data && data.width !== mem.width)
        sink.error(WIDTH, `read data '${data.name}' is ${data.width} bits but memory '${mem.name}' is ${mem.width}`, rp.loc);
      if (rp.sync && rp.clock === undefined)
        sink.error(CODE, `synchronous read port of memory '${mem.name}' has no clock`, rp.loc);
      if (rp.sync) net(rp.clock, `read clock of memory '${mem.name}'`, rp.loc);
      if (!rp.sync && rp.enable !== undefined)
        sink.error(CODE, `asynchronous read port of memory '${mem.name}' has an enable; enables only apply to synchronous reads`, rp.loc);
      if (rp.enable !== undefined) oneBit(net(rp.enable, 'read enable', rp.loc), 'read enable', rp.loc);
    }
    for (const wp of mem.writePorts) {
      addrOk(net(wp.addr, `write address of memory '${mem.name}'`, wp.loc), wp.loc);
      net(wp.clock, `write clock of memory '${mem.name}'`, wp.loc);
      oneBit(net(wp.enable, 'write enable', wp.loc), 'write enable', wp.loc);
      const data = net(wp.data, `write data of memory '${mem.name}'`, wp.loc);
      if (data && data.width !== mem.width)
        sink.error(WIDTH, `write data '${data.name}' is ${data.width} bits but memory '${mem.name}' is ${mem.width}`, wp.loc);
    }
  }
  for (const inst of m.instances) {
    if (!modules.has(inst.module))
      sink.error(CODE, `instance '${inst.name}' refers to module '${inst.module}', which the design does not contain`, inst.loc);
    for (const c of inst.connections) net(c.net, `connection '${inst.name}.${c.port}'`, inst.loc);
  }
}

type NetLookup = (id: NetId | undefined, what: string, loc: SourceLoc) => IrNet | undefined;

function validateCell(c: IrCell, net: NetLookup, sink: DiagnosticSink, where: string): void {
  const out = net(c.out, `${c.op} cell output`, c.loc);
  const args = c.args.map((a, i) => net(a, `${c.op} cell argument ${i}`, c.loc));
  if (!out || args.some((a) => !a)) return;
  const a = args as IrNet[];
  const bad = (msg: string, code = WIDTH): void => sink.error(code, `${c.op} cell driving '${out.name}': ${msg} (${where})`, c.loc);
  const arity = (n: number): boolean => {
    if (a.length !== n) bad(`expects ${n} argument${n === 1 ? '' : 's'}, has ${a.length}`, CODE);
    return a.length === n;
  };
  const sameAsOut = (): void => {
    for (const x of a) if (x.width !== out.width) bad(`argument '${x.name}' is ${x.width} bits, output is ${out.width}`);
  };
  switch (c.op) {
    case 'const':
      if (!arity(0)) return;
      if (c.value === undefined) bad('has no value', CODE);
      else if (c.value < 0n || c.value >= 1n << BigInt(out.width)) bad(`value ${c.value} does not fit ${out.width} bits unsigned`);
      return;
    case 'id':
    case 'not':
    case 'neg':
      if (arity(1)) sameAsOut();
      return;
    case 'and':
    case 'or':
    case 'xor':
    case 'add':
    case 'sub':
    case 'mul':
      if (arity(2)) sameAsOut();
      return;
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      if (!arity(2)) return;
      if (out.width !== 1) bad(`output must be 1 bit, is ${out.width}`);
      if (a[0].width !== a[1].width) bad(`arguments are ${a[0].width} and ${a[1].width} bits`);
      if (a[0].signed !== a[1].signed) bad('arguments differ in signedness');
      return;
    case 'shl':
    case 'shr':
    case 'sra':
      if (c.amount !== undefined) {
        if (!arity(1)) return;
        if (!Number.isInteger(c.amount) || c.amount < 0) bad(`static amount ${c.amount} is not an integer >= 0`, CODE);
      } else if (!arity(2)) return;
      if (a[0].width !== out.width) bad(`argument is ${a[0].width} bits, output is ${out.width}`);
      return;
    case 'slice': {
      if (!arity(1)) return;
      const lo = c.lo;
      if (lo === undefined || !Number.isInteger(lo) || lo < 0) bad(`lo ${lo} is not an integer >= 0`, CODE);
      else if (lo + out.width > a[0].width) bad(`bits [${lo + out.width - 1}:${lo}] lie outside the ${a[0].width}-bit argument`);
      return;
    }
    case 'concat': {
      if (a.length < 1) return bad('has no arguments', CODE);
      const sum = a.reduce((s, x) => s + x.width, 0);
      if (sum !== out.width) bad(`arguments total ${sum} bits, output is ${out.width}`);
      return;
    }
    case 'zext':
    case 'sext':
      if (arity(1) && out.width <= a[0].width) bad(`output (${out.width} bits) must be wider than the argument (${a[0].width})`);
      return;
    case 'mux':
      if (a.length < 2) return bad('needs a select and at least one arm', CODE);
      for (const x of a.slice(1)) if (x.width !== out.width) bad(`arm '${x.name}' is ${x.width} bits, output is ${out.width}`);
      return;
    case 'redand':
    case 'redor':
    case 'redxor':
      if (arity(1) && out.width !== 1) bad(`output must be 1 bit, is ${out.width}`);
      return;
    default:
      bad(`unknown op '${String(c.op)}'`, CODE);
  }
}
