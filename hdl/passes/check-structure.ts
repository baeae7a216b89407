// Well-formedness of the IR itself: every reference resolves, names are
// unique, ops have their operands and parameters. The other checks and the
// transforms assume this holds (they skip what they cannot resolve).
//
// Codes: 'invalid-ir' (malformed node), 'duplicate-name', 'unknown-module',
// 'missing-init' (a register with neither reset nor initial value).
import type { Diagnostic } from '../diagnostics.ts';
import { DiagnosticSink } from '../diagnostics.ts';
import type { IrCell, IrDesign, IrModule, IrNet, NetId, SourceLoc } from '../ir.ts';
import { formatLoc, UNKNOWN_LOC } from '../ir.ts';
import { arityFits, cellArity, isCellOp } from './cell-semantics.ts';
import { CheckContext } from './context.ts';
import { tempNameId } from './ir-util.ts';

function isPositiveInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1;
}

function isNonNegativeInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

/** Flags the nets (ids = positions) named `_t<own id>`. */
function tempNets(nets: readonly IrNet[]): Uint8Array {
  const temp = new Uint8Array(nets.length);
  for (let i = 0; i < nets.length; i++) if (tempNameId(nets[i]!.name) === i) temp[i] = 1;
  return temp;
}

/** Whether any other net, memory or instance is named like one of the flagged temporaries. */
function spellsTemp(nets: readonly IrNet[], temp: Uint8Array, memories: readonly { name: string }[], instances: readonly { name: string }[]): boolean {
  const clashes = (name: unknown): boolean => {
    const t = tempNameId(name);
    return t >= 0 && t < temp.length && temp[t] === 1;
  };
  for (let i = 0; i < nets.length; i++) if (temp[i] === 0 && clashes(nets[i]!.name)) return true;
  return memories.some((x) => clashes(x.name)) || instances.some((x) => clashes(x.name));
}

export function checkStructure(design: IrDesign): Diagnostic[] {
  return checkStructureIn(new CheckContext(design));
}

/** checkStructure over a context shared with the other checks (runChecks). */
export function checkStructureIn(ctx: CheckContext): Diagnostic[] {
  const design = ctx.design;
  const sink = new DiagnosticSink();
  const h = ctx.h;
  const lastLoc = design.modules.at(-1)?.loc ?? UNKNOWN_LOC;
  if (h.top < 0) sink.error('unknown-module', `top module '${design.top}' is not in the design`, lastLoc);

  const firstByName = new Map<string, IrModule>();
  for (const m of design.modules) {
    const prev = firstByName.get(m.name);
    if (prev) {
      sink.error('duplicate-name', `module name '${m.name}' is used by two different modules (the first at ${formatLoc(prev.loc)}); uniquifyModules renames them`, m.loc);
    } else firstByName.set(m.name, m);
  }

  design.modules.forEach((m, mi) => checkModule(m, mi));
  return sink.items;

  function checkModule(m: IrModule, mi: number): void {
    const view = ctx.views[mi]!;
    const where = `module '${m.name}'`;

    // Dense ids (what the front end makes) are valid and unique: no set of them is needed.
    const ids = view.dense ? null : new Set<NetId>();
    const netList = m.nets;
    for (let i = 0; i < netList.length; i++) {
      const n = netList[i]!;
      if (ids) {
        if (!isNonNegativeInt(n.id)) sink.error('invalid-ir', `net '${n.name}' in ${where} has an invalid id ${String(n.id)}`, n.loc);
        else if (ids.has(n.id)) sink.error('invalid-ir', `net '${n.name}' in ${where} reuses id ${n.id} of net '${view.name(n.id)}'`, n.loc);
        ids.add(n.id);
      }
      if (!isPositiveInt(n.width)) sink.error('invalid-ir', `net '${n.name}' in ${where} has width ${String(n.width)}; widths are positive integers`, n.loc);
      if (typeof n.name !== 'string' || n.name === '') sink.error('invalid-ir', `net #${n.id} in ${where} has no name`, n.loc);
    }

    // Nets, memories and instances share one namespace (as in Verilog).
    // Owners are numbered nets first, then memories, then instances (no object per name: modules can be huge).
    const names = new Map<string, number>();
    const owner = (k: number): { what: string; loc: SourceLoc } => {
      if (k < m.nets.length) return { what: 'net', loc: m.nets[k]!.loc };
      k -= m.nets.length;
      if (k < m.memories.length) return { what: 'memory', loc: m.memories[k]!.loc };
      return { what: 'instance', loc: m.instances[k - m.memories.length]!.loc };
    };
    const claim = (name: string, k: number): void => {
      const prev = names.get(name);
      if (prev === undefined) {
        names.set(name, k);
        return;
      }
      const a = owner(prev);
      const b = owner(k);
      sink.error('duplicate-name', `${b.what} '${name}' in ${where} has the same name as ${a.what} at ${formatLoc(a.loc)}`, b.loc);
    };
    // Temporaries named `_t<id>` after their own (unique) ids cannot meet each
    // other: unless some other name spells one of them, only the rest are
    // looked up (most nets of a big module are temporaries).
    const temp = view.dense ? tempNets(netList) : null;
    const full = temp === null || spellsTemp(netList, temp, m.memories, m.instances);
    let k = 0;
    for (let i = 0; i < netList.length; i++, k++) if (full || temp![i] === 0) claim(netList[i]!.name, k);
    for (const mem of m.memories) claim(mem.name, k++);
    for (const inst of m.instances) claim(inst.name, k++);

    const ref = (id: NetId, what: string, loc: SourceLoc): void => {
      if (!view.has(id)) sink.error('invalid-ir', `${what} in ${where} refers to net #${String(id)}, which the module does not have`, loc);
    };

    const portNames = new Set<string>();
    for (const p of m.ports) {
      const loc = view.loc(p.net, m.loc);
      if (portNames.has(p.name)) sink.error('duplicate-name', `port '${p.name}' of ${where} is declared twice`, loc);
      portNames.add(p.name);
      if (p.dir !== 'input' && p.dir !== 'output') sink.error('invalid-ir', `port '${p.name}' of ${where} has direction '${String(p.dir)}'`, loc);
      // Only a black box (a PLL) may declare a clock output.
      if (p.role !== undefined && p.dir !== 'input' && !(m.blackbox && p.role === 'clock')) {
        sink.error('invalid-ir', `output port '${p.name}' of ${where} has role '${p.role}'; only inputs are clocks or resets (a black box may have clock outputs)`, loc);
      }
      ref(p.net, `port '${p.name}'`, loc);
    }

    // Nothing to report for this cell (the common case, decided without building any message).
    function cellFine(c: IrCell): boolean {
      if (!isCellOp(c.op) || !view.has(c.out)) return false;
      const args = c.args;
      for (let i = 0; i < args.length; i++) if (!view.has(args[i]!)) return false;
      if (!arityFits(c.op, c.amount, args.length)) return false;
      if (c.op === 'const' ? typeof c.value !== 'bigint' : c.value !== undefined) return false;
      if (c.op === 'slice' ? !isNonNegativeInt(c.lo) : c.lo !== undefined) return false;
      return c.amount === undefined || (isNonNegativeInt(c.amount) && (c.op === 'shl' || c.op === 'shr' || c.op === 'sra'));
    }

    const cellList = m.cells;
    for (let i = 0; i < cellList.length; i++) {
      const c = cellList[i]!;
      // Messages are built only when needed: modules can have millions of cells.
      if (cellFine(c)) continue;
      const [lo, hi] = isCellOp(c.op) ? cellArity(c.op, c) : [0, 0];
      const what = `cell ${String(c.op)} driving '${view.name(c.out)}'`;
      if (!isCellOp(c.op)) {
        sink.error('invalid-ir', `${what} in ${where} has an unknown op`, c.loc);
        continue;
      }
      ref(c.out, what, c.loc);
      c.args.forEach((a) => ref(a, what, c.loc));
      if (c.args.length < lo || c.args.length > hi) {
        const want = lo === hi ? `${lo}` : hi === Infinity ? `at least ${lo}` : `${lo} to ${hi}`;
        sink.error('invalid-ir', `${what} in ${where} has ${c.args.length} operand${c.args.length === 1 ? '' : 's'}; ${c.op} takes ${want}`, c.loc);
      }
      if (c.op === 'const' && typeof c.value !== 'bigint') sink.error('invalid-ir', `${what} in ${where} has no bigint value`, c.loc);
      if (c.op === 'slice' && !isNonNegativeInt(c.lo)) sink.error('invalid-ir', `${what} in ${where} needs a non-negative integer 'lo', got ${String(c.lo)}`, c.loc);
      if (c.amount !== undefined && !isNonNegativeInt(c.amount)) sink.error('invalid-ir', `${what} in ${where} has shift amount ${String(c.amount)}; amounts are non-negative integers`, c.loc);
      if (c.amount !== undefined && c.op !== 'shl' && c.op !== 'shr' && c.op !== 'sra') sink.error('invalid-ir', `${what} in ${where} has a shift amount but is not a shift`, c.loc);
    }

    for (const r of m.regs) {
      // Nothing to report (the common case), decided without building the messages below.
      if (
        view.has(r.q) &&
        view.has(r.d) &&
        view.has(r.clock) &&
        (r.enable === undefined || view.has(r.enable)) &&
        (!r.reset || (view.has(r.reset.net) && typeof r.reset.value === 'bigint')) &&
        (r.init === undefined || typeof r.init === 'bigint') &&
        (r.reset || r.init !== undefined)
      ) {
        continue;
      }
      const what = `register '${view.name(r.q)}'`;
      ref(r.q, what, r.loc);
      ref(r.d, `${what} (data input)`, r.loc);
      ref(r.clock, `${what} (clock)`, r.loc);
      if (r.enable !== undefined) ref(r.enable, `${what} (enable)`, r.loc);
      if (r.reset) {
        ref(r.reset.net, `${what} (reset)`, r.loc);
        if (typeof r.reset.value !== 'bigint') sink.error('invalid-ir', `${what} in ${where} has a reset without a bigint value`, r.loc);
      }
      if (r.init !== undefined && typeof r.init !== 'bigint') sink.error('invalid-ir', `${what} in ${where} has an initial value that is not a bigint`, r.loc);
      if (!r.reset && r.init === undefined) sink.error('missing-init', `${what} in ${where} has neither a reset nor an initial value`, r.loc);
    }

    for (const mem of m.memories) {
      const what = `memory '${mem.name}'`;
      if (!isPositiveInt(mem.width)) sink.error('invalid-ir', `${what} in ${where} has width ${String(mem.width)}`, mem.loc);
      if (!isPositiveInt(mem.depth)) sink.error('invalid-ir', `${what} in ${where} has depth ${String(mem.depth)}`, mem.loc);
      if (mem.init && mem.uninitialised) sink.error('invalid-ir', `${what} in ${where} has initial contents and is marked uninitialised`, mem.loc);
      if (mem.init && isPositiveInt(mem.depth) && mem.init.length > mem.depth) {
        sink.error('invalid-ir', `${what} in ${where} has ${mem.init.length} initial words but depth ${mem.depth}`, mem.loc);
      }
      mem.readPorts.forEach((rp, i) => {
        const port = `read port ${i} of ${what}`;
        ref(rp.addr, `${port} (address)`, rp.loc);
        ref(rp.data, `${port} (data)`, rp.loc);
        if (rp.clock !== undefined) ref(rp.clock, `${port} (clock)`, rp.loc);
        if (rp.enable !== undefined) ref(rp.enable, `${port} (enable)`, rp.loc);
        if (rp.sync && rp.clock === undefined) sink.error('invalid-ir', `synchronous ${port} in ${where} has no clock`, rp.loc);
        if (!rp.sync && rp.enable !== undefined) sink.error('invalid-ir', `asynchronous ${port} in ${where} has an enable; only synchronous reads take one`, rp.loc);
      });
      mem.writePorts.forEach((wp, i) => {
        const port = `write port ${i} of ${what}`;
        ref(wp.addr, `${port} (address)`, wp.loc);
        ref(wp.data, `${port} (data)`, wp.loc);
        ref(wp.enable, `${port} (enable)`, wp.loc);
        ref(wp.clock, `${port} (clock)`, wp.loc);
      });
    }

    m.instances.forEach((inst, k) => {
      const ci = h.children[mi]![k]!;
      if (ci < 0) {
        sink.error('unknown-module', `instance '${inst.name}' in ${where} refers to module '${inst.module}', which is not in the design`, inst.loc);
      } else if (ci >= mi) {
        sink.error('invalid-ir', `${where} instantiates '${inst.module}' (instance '${inst.name}'), which must come before it in the design's module list`, inst.loc);
      }
      for (const conn of inst.connections) ref(conn.net, `connection '${conn.port}' of instance '${inst.name}'`, inst.loc);
    });
  }
}
