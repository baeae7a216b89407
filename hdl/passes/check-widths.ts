// Widths and signedness of every cell, register, memory port and instance
// connection against the op rules in ir.ts. The language inserts every
// extension and slice explicitly, so any mismatch here is a bug in the design
// (or in the front end) that a consumer would otherwise silently guess about.
//
// Codes: 'width-mismatch', 'sign-mismatch' (compare operands), and for
// instance connections 'unknown-port', 'port-connected-twice',
// 'unconnected-port'.
import type { Diagnostic } from '../diagnostics.ts';
import { DiagnosticSink } from '../diagnostics.ts';
import type { IrCell, IrDesign, IrModule, IrNet } from '../ir.ts';
import { addrWidth } from '../ir.ts';
import { arityFits, cellArity, isCellOp } from './cell-semantics.ts';
import { CheckContext } from './context.ts';
import { fitsWidth, type ModuleView, netType } from './ir-util.ts';

const bits = (w: number): string => `${w} bit${w === 1 ? '' : 's'}`;

export function checkWidths(design: IrDesign): Diagnostic[] {
  return checkWidthsIn(new CheckContext(design));
}

/** checkWidths over a context shared with the other checks (runChecks). */
export function checkWidthsIn(ctx: CheckContext): Diagnostic[] {
  const design = ctx.design;
  const sink = new DiagnosticSink();
  const h = ctx.h;
  const views = ctx.views;
  design.modules.forEach((m, mi) => {
    const view = views[mi]!;
    checkPorts(m, view);
    const cells = m.cells;
    for (let i = 0; i < cells.length; i++) if (!cellFine(cells[i]!, view)) checkCell(cells[i]!, view);
    checkRegs(m, view);
    checkMemories(m, view);
    m.instances.forEach((inst, k) => {
      const ci = h.children[mi]![k]!;
      if (ci >= 0) checkInstance(m, view, k, views[ci]!);
    });
  });
  return sink.items;

  function checkPorts(m: IrModule, view: ModuleView): void {
    for (const p of m.ports) {
      const n = view.net(p.net);
      if (p.role && n && n.width !== 1) {
        sink.error('width-mismatch', `${p.role} port '${p.name}' of module '${m.name}' is ${netType(n)}, expected 1 bit`, n.loc);
      }
    }
  }

  function checkCell(c: IrCell, view: ModuleView): void {
    if (!isCellOp(c.op)) return;
    const [lo, hi] = cellArity(c.op, c);
    if (c.args.length < lo || c.args.length > hi) return; // checkStructure reports it
    const out = view.net(c.out);
    const args = c.args.map((a) => view.net(a));
    if (!out || args.some((a) => !a)) return;
    const as = args as IrNet[];
    const bad = (detail: string, code = 'width-mismatch'): void => sink.error(code, `${c.op} driving '${out.name}' (${netType(out)}) in module '${view.m.name}': ${detail}`, c.loc);
    const operand = (i: number): string => `operand ${i + 1} '${as[i]!.name}' is ${netType(as[i]!)}`;
    const argsMatchOut = (from = 0): void => {
      for (let i = from; i < as.length; i++) {
        if (as[i]!.width !== out.width) bad(`${operand(i)}, expected ${bits(out.width)} (the result width)`);
      }
    };
    const oneBitOut = (): void => {
      if (out.width !== 1) bad(`the result must be 1 bit`);
    };

    switch (c.op) {
      case 'const':
        if (typeof c.value === 'bigint' && !fitsWidth(c.value, out.width)) {
          bad(`value ${c.value} does not fit ${bits(out.width)} as an unsigned bit pattern`);
        }
        break;
      case 'id': case 'not': case 'neg':
      case 'and': case 'or': case 'xor': case 'add': case 'sub': case 'mul':
        argsMatchOut();
        break;
      case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge':
        oneBitOut();
        if (as[0]!.width !== as[1]!.width) bad(`operands differ in width: '${as[0]!.name}' is ${netType(as[0]!)}, '${as[1]!.name}' is ${netType(as[1]!)}`);
        else if (as[0]!.signed !== as[1]!.signed) {
          bad(`operands differ in signedness: '${as[0]!.name}' is ${netType(as[0]!)}, '${as[1]!.name}' is ${netType(as[1]!)}`, 'sign-mismatch');
        }
        break;
      case 'shl': case 'shr': case 'sra':
        if (as[0]!.width !== out.width) bad(`${operand(0)}, expected ${bits(out.width)} (a shift keeps its operand's width)`);
        break;
      case 'slice': {
        const from = c.lo ?? 0;
        if (from + out.width > as[0]!.width) {
          bad(`bits ${from + out.width - 1}..${from} are out of range for '${as[0]!.name}' (${netType(as[0]!)})`);
        }
        break;
      }
      case 'concat': {
        const sum = as.reduce((s, a) => s + a.width, 0);
        if (sum !== out.width) bad(`operands add up to ${bits(sum)} (${as.map((a) => `'${a.name}' ${netType(a)}`).join(', ')}), expected ${bits(out.width)}`);
        break;
      }
      case 'zext': case 'sext':
        if (out.width <= as[0]!.width) bad(`${operand(0)}; ${c.op} must widen it`);
        break;
      case 'mux':
        argsMatchOut(1);
        break;
      case 'redand': case 'redor': case 'redxor':
        oneBitOut();
        break;
    }
  }

  /**
   * True when checkCell would report nothing: the common case, decided
   * without building messages or closures (modules can have millions of cells).
   */
  function cellFine(c: IrCell, view: ModuleView): boolean {
    if (!isCellOp(c.op) || !arityFits(c.op, c.amount, c.args.length)) return true; // checkStructure reports it
    const out = view.net(c.out);
    if (!out) return true;
    const args = c.args;
    for (let i = 0; i < args.length; i++) if (!view.net(args[i]!)) return true;
    const w = out.width;
    switch (c.op) {
      case 'const':
        return typeof c.value !== 'bigint' || fitsWidth(c.value, w);
      case 'id': case 'not': case 'neg':
      case 'and': case 'or': case 'xor': case 'add': case 'sub': case 'mul':
        for (let i = 0; i < args.length; i++) if (view.net(args[i]!)!.width !== w) return false;
        return true;
      case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge': {
        const a = view.net(args[0]!)!;
        const b = view.net(args[1]!)!;
        return w === 1 && a.width === b.width && a.signed === b.signed;
      }
      case 'shl': case 'shr': case 'sra':
        return view.net(args[0]!)!.width === w;
      case 'slice':
        return (c.lo ?? 0) + w <= view.net(args[0]!)!.width;
      case 'concat': {
        let sum = 0;
        for (let i = 0; i < args.length; i++) sum += view.net(args[i]!)!.width;
        return sum === w;
      }
      case 'zext': case 'sext':
        return w > view.net(args[0]!)!.width;
      case 'mux':
        for (let i = 1; i < args.length; i++) if (view.net(args[i]!)!.width !== w) return false;
        return true;
      case 'redand': case 'redor': case 'redxor':
        return w === 1;
    }
    return false;
  }

  function oneBit(view: ModuleView, id: number | undefined, what: string, loc: IrCell['loc']): void {
    if (id === undefined) return;
    const n = view.net(id);
    if (n && n.width !== 1) sink.error('width-mismatch', `${what} '${n.name}' is ${netType(n)}, expected 1 bit`, loc);
  }

  /** A 1-bit net, or none (an absent or unknown id: nothing for oneBit to report). */
  function bitOrNone(view: ModuleView, id: number | undefined): boolean {
    if (id === undefined) return true;
    const n = view.net(id);
    return !n || n.width === 1;
  }

  function checkRegs(m: IrModule, view: ModuleView): void {
    const regs = m.regs;
    for (let i = 0; i < regs.length; i++) {
      const r = regs[i]!;
      const q = view.net(r.q);
      if (!q) continue;
      // Nothing to report (the common case), decided without building the messages below.
      const d0 = view.net(r.d);
      if (
        (!d0 || d0.width === q.width) &&
        bitOrNone(view, r.clock) &&
        bitOrNone(view, r.enable) &&
        (!r.reset || (bitOrNone(view, r.reset.net) && (typeof r.reset.value !== 'bigint' || fitsWidth(r.reset.value, q.width)))) &&
        (typeof r.init !== 'bigint' || fitsWidth(r.init, q.width))
      ) {
        continue;
      }
      const head = `register '${q.name}' (${netType(q)}) in module '${m.name}'`;
      const d = view.net(r.d);
      if (d && d.width !== q.width) sink.error('width-mismatch', `${head}: data input '${d.name}' is ${netType(d)}, expected ${bits(q.width)}`, r.loc);
      oneBit(view, r.clock, `${head}: clock`, r.loc);
      oneBit(view, r.enable, `${head}: enable`, r.loc);
      if (r.reset) {
        oneBit(view, r.reset.net, `${head}: reset`, r.loc);
        if (typeof r.reset.value === 'bigint' && !fitsWidth(r.reset.value, q.width)) {
          sink.error('width-mismatch', `${head}: reset value ${r.reset.value} does not fit ${bits(q.width)} as an unsigned bit pattern`, r.loc);
        }
      }
      if (typeof r.init === 'bigint' && !fitsWidth(r.init, q.width)) {
        sink.error('width-mismatch', `${head}: initial value ${r.init} does not fit ${bits(q.width)} as an unsigned bit pattern`, r.loc);
      }
    }
  }

  function checkMemories(m: IrModule, view: ModuleView): void {
    for (const mem of m.memories) {
      if (!Number.isInteger(mem.depth) || mem.depth < 1 || !Number.isInteger(mem.width) || mem.width < 1) continue;
      const aw = addrWidth(mem.depth);
      const head = `memory '${mem.name}' (${mem.depth} x ${netType(mem)}) in module '${m.name}'`;
      const sized = (id: number, want: number, what: string, loc: IrCell['loc']): void => {
        const n = view.net(id);
        if (n && n.width !== want) sink.error('width-mismatch', `${what} '${n.name}' is ${netType(n)}, expected ${bits(want)}`, loc);
      };
      mem.readPorts.forEach((rp, i) => {
        const port = `read port ${i} of ${head}`;
        sized(rp.addr, aw, `${port}: address`, rp.loc);
        sized(rp.data, mem.width, `${port}: data`, rp.loc);
        oneBit(view, rp.clock, `${port}: clock`, rp.loc);
        oneBit(view, rp.enable, `${port}: enable`, rp.loc);
      });
      mem.writePorts.forEach((wp, i) => {
        const port = `write port ${i} of ${head}`;
        sized(wp.addr, aw, `${port}: address`, wp.loc);
        sized(wp.data, mem.width, `${port}: data`, wp.loc);
        oneBit(view, wp.enable, `${port}: enable`, wp.loc);
        oneBit(view, wp.clock, `${port}: clock`, wp.loc);
      });
      if (mem.init) {
        const badWords = mem.init.map((v, i) => [v, i] as const).filter(([v]) => !fitsWidth(v, mem.width));
        if (badWords.length > 0) {
          const [v, i] = badWords[0]!;
          const more = badWords.length > 1 ? ` (and ${badWords.length - 1} more word${badWords.length > 2 ? 's' : ''})` : '';
          sink.error('width-mismatch', `${head}: initial word ${i} (${String(v)}) does not fit ${bits(mem.width)}${more}`, mem.loc);
        }
      }
    }
  }

  function checkInstance(m: IrModule, view: ModuleView, k: number, child: ModuleView): void {
    const inst = m.instances[k]!;
    const head = `instance '${inst.name}' of module '${child.m.name}' in module '${m.name}'`;
    const seen = new Set<string>();
    for (const conn of inst.connections) {
      const port = child.ports.get(conn.port);
      if (!port) {
        sink.error('unknown-port', `${head} has no port '${conn.port}'`, inst.loc);
        continue;
      }
      if (seen.has(conn.port)) {
        sink.error('port-connected-twice', `${head}: port '${conn.port}' is connected more than once`, inst.loc);
        continue;
      }
      seen.add(conn.port);
      const inner = child.net(port.net);
      const outer = view.net(conn.net);
      if (inner && outer && inner.width !== outer.width) {
        sink.error('width-mismatch', `${head}: ${port.dir} port '${port.name}' is ${netType(inner)} but is connected to '${outer.name}' (${netType(outer)})`, inst.loc);
      }
    }
    for (const p of child.m.ports) {
      if (!seen.has(p.name)) sink.error('unconnected-port', `${head}: ${p.dir} port '${p.name}' is not connected`, inst.loc);
    }
  }
}
