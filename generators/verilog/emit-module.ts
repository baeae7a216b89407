// One IR module as one Verilog module. The order of work:
// 1. decide each cell's printed form (cell-forms.ts) and each memory port's
//    address handling (memories.ts);
// 2. drop unnamed cells nothing reads, and count who reads every net, where;
// 3. walk the cells in dependency order and inline an unnamed temporary into
//    its single reader when the place allows it (see Pos), else declare it;
// 4. print the sections and read every signal the design leaves unread in
//    the `_unused_ok` wire, so Verilator -Wall stays quiet for any IR.
import { DiagnosticSink } from '../../hdl/diagnostics.ts';
import { formatLoc, mask, type IrDesign, type IrModule, type NetId, type SourceLoc } from '../../hdl/ir.ts';
import { canonicalJson, commentText } from './canonical-json.ts';
import { conditionPos, formOf, formReads, type Form, type Pos, type Read } from './cell-forms.ts';
import { condition, operand, printForm, printedName, type ArgInfo, type Printed } from './expressions.ts';
import { instanceBlock, type ChildInfo, type InstancePrinter } from './instances.ts';
import { analyseKnownBits } from './known-bits.ts';
import { declType, literal } from './literals.ts';
import { memoryInit, memoryReads, memoryStatements, multiClockWrites, needsZeroFill, planMemory, type MemoryPrinter } from './memories.ts';
import { verilogNames, type VerilogModuleNames } from './names.ts';
import { buildView, type ModuleView } from './netlist.ts';
import { registerBlocks, registerInit, type RegisterPrinter } from './registers.ts';
import { renderModule, type PortView, type SectionView } from './templates.ts';
import { unusedSink } from './unused.ts';

/** Longest expression kept inline; longer ones get a wire of their own. */
const MAX_INLINE = 100;

interface Use {
  pos: Pos;
  /** The reading cell, for `pass` reads. */
  user?: number;
}

/** Verilog text of one module (no file header). Throws DesignError on malformed IR. */
export function emitModule(mod: IrModule, design: IrDesign): string {
  const sink = new DiagnosticSink();
  const view = buildView(mod, design, sink);
  sink.throwIfAny();
  return moduleText(view, mod.name !== design.top);
}

export function locComment(l: SourceLoc): string {
  return l.line > 0 ? `  // ${commentText(formatLoc(l))}` : '';
}

/** Text of a module whose view was built without errors. */
export function moduleText(view: ModuleView, waiveFileName: boolean): string {
  const { mod, design } = view;
  const cells = mod.cells;
  const names = verilogNames(mod, design);
  const kb = analyseKnownBits(view);
  const forms: Form[] = cells.map((c) => formOf(c, view, kb));
  const memPlans = mod.memories.map((m) => planMemory(m, view, kb));
  const portNets = new Set(mod.ports.map((p) => p.net));
  const netName = (id: NetId): string => names.nets[id]!;
  const width = (id: NetId): number => view.net(id).width;

  // Output ports that share a net with an earlier port repeat it by assignment.
  const aliases = mod.ports.map((p, i) => (names.ports[i] !== netName(p.net) ? i : -1)).filter((i) => i >= 0);

  // Everything other than cells that reads nets.
  const consumerReads: Read[] = [];
  for (const r of mod.regs) {
    consumerReads.push({ net: r.d, pos: 'self' }, { net: r.clock, pos: 'name' });
    if (r.enable !== undefined) consumerReads.push({ net: r.enable, pos: conditionPos(r.enable, view) });
    if (r.reset) consumerReads.push({ net: r.reset.net, pos: 'name' });
  }
  for (const p of memPlans) consumerReads.push(...memoryReads(p, view));
  mod.instances.forEach((inst, ii) => {
    const child = view.children[ii]!;
    for (const c of inst.connections) {
      if (child.ports.find((p) => p.name === c.port)?.dir === 'input') consumerReads.push({ net: c.net, pos: 'self' });
    }
  });
  for (const i of aliases) consumerReads.push({ net: mod.ports[i]!.net, pos: 'self' });

  // Liveness: unnamed cells that nothing reads are left out.
  const live = new Array<boolean>(cells.length).fill(false);
  const work: NetId[] = [...portNets, ...consumerReads.map((r) => r.net), ...mod.nets.filter((n) => n.named).map((n) => n.id)];
  while (work.length > 0) {
    const d = view.driver.get(work.pop()!);
    if (d?.kind !== 'cell' || live[d.cell]) continue;
    live[d.cell] = true;
    for (const r of formReads(forms[d.cell]!, view)) work.push(r.net);
  }

  // Who reads what, where, and which bits.
  const uses = new Map<NetId, Use[]>();
  const readBits = new Map<NetId, bigint>();
  const addRead = (r: Read, user?: number): void => {
    let list = uses.get(r.net);
    if (!list) uses.set(r.net, (list = []));
    list.push(user === undefined ? { pos: r.pos } : { pos: r.pos, user });
    const bitsRead = r.lo === undefined ? mask(width(r.net)) : mask(r.width!) << BigInt(r.lo);
    readBits.set(r.net, (readBits.get(r.net) ?? 0n) | bitsRead);
  };
  cells.forEach((_, i) => {
    if (live[i]) for (const r of formReads(forms[i]!, view)) addRead(r, i);
  });
  for (const r of consumerReads) addRead(r);

  const kept = (id: NetId): boolean => view.net(id).named || portNets.has(id);
  // Where a net's single reader puts it, following pass-through cells.
  const effectivePos = (id: NetId): Pos | 'multi' => {
    const list = uses.get(id) ?? [];
    if (list.length !== 1) return 'multi';
    const u = list[0]!;
    if (u.pos !== 'pass') return u.pos;
    const out = cells[u.user!]!.out;
    if (kept(out)) return 'self';
    const e = effectivePos(out);
    return e === 'multi' || e === 'name' ? 'self' : e;
  };

  const inline = new Map<NetId, Printed>();
  const assigned = new Map<NetId, Printed>();
  const printed = (id: NetId): Printed => inline.get(id) ?? printedName(netName(id), view.net(id).signed);
  const args: ArgInfo = { printed, name: netName, width };
  for (const ci of view.cellOrder) {
    if (!live[ci]) continue;
    const f = forms[ci]!;
    if (f.kind === 'case') continue;
    const out = cells[ci]!.out;
    const p = printForm(f, args);
    if (!kept(out) && inlinable(p, out)) inline.set(out, p);
    else assigned.set(out, p);
  }
  function inlinable(p: Printed, out: NetId): boolean {
    const list = uses.get(out) ?? [];
    if (p.literal) return list.length > 0 && list.every((u) => u.pos !== 'name');
    const e = effectivePos(out);
    if (e === 'multi' || e === 'name') return false;
    if (e === 'ctx' && p.sensitive) return false;
    return p.text.length <= MAX_INLINE;
  }

  const text = (id: NetId): string => printed(id).text;
  const cond = (id: NetId): string => condition(printed(id), width(id));
  const loc = locComment;

  const isReg = (id: NetId): boolean => {
    const d = view.driver.get(id);
    if (!d) return false;
    if (d.kind === 'reg') return true;
    if (d.kind === 'memread') return mod.memories[d.mem]!.readPorts[d.port]!.sync;
    if (d.kind === 'cell') return forms[d.cell]!.kind === 'case';
    return false;
  };
  const declared = (id: NetId): boolean => {
    if (inline.has(id)) return false;
    const d = view.driver.get(id);
    return d?.kind !== 'cell' || live[d.cell]!;
  };

  // A reset that is asynchronous for some registers and synchronous for
  // others is legal IR; Verilator's SYNCASYNCNET is waived at that net only.
  const asyncResets = new Set(mod.regs.filter((r) => r.reset?.async).map((r) => r.reset!.net));
  const mixedResets = new Set(mod.regs.filter((r) => r.reset && !r.reset.async && asyncResets.has(r.reset.net)).map((r) => r.reset!.net));
  const waiver = (id: NetId, code: string): [string[], string[]] =>
    mixedResets.has(id) ? [[`/* verilator lint_off ${code} */`], [`/* verilator lint_on ${code} */`]] : [[], []];

  // Ports.
  const ports: PortView[] = mod.ports.map((p, i) => {
    const n = view.net(p.net);
    const kind = p.dir === 'output' && !aliases.includes(i) && isReg(p.net) ? 'reg' : 'wire';
    const [before, after] = names.ports[i] === netName(p.net) ? waiver(p.net, 'SYNCASYNCNET') : [[], []];
    return {
      before,
      after,
      decl: `${p.dir} ${kind} ${declType(n.width, n.signed)}${names.ports[i]}`,
      comma: i < mod.ports.length - 1 ? ',' : '',
      loc: loc(n.loc),
    };
  });

  // Declarations.
  const declarations: string[] = [];
  for (const n of [...mod.nets].sort((a, b) => a.id - b.id)) {
    if (portNets.has(n.id) || !declared(n.id)) continue;
    const [before, after] = waiver(n.id, 'SYNCASYNCNET');
    declarations.push(...before, `${isReg(n.id) ? 'reg' : 'wire'} ${declType(n.width, n.signed)}${netName(n.id)};${loc(n.loc)}`, ...after);
  }
  memPlans.forEach((p, mi) => {
    const m = p.mem;
    const decl = `reg ${declType(m.width, m.signed)}${names.memories[mi]} [0:${m.depth - 1}];${loc(m.loc)}`;
    // Writes from several clocks are what the IR says; Verilator calls it MULTIDRIVEN.
    if (multiClockWrites(p)) declarations.push('/* verilator lint_off MULTIDRIVEN */', decl, '/* verilator lint_on MULTIDRIVEN */');
    else declarations.push(decl);
  });
  const helperNames = names.scope;
  const unconnected: string[] = [];
  const instPrinter: InstancePrinter = {
    text,
    netName,
    loc,
    unconnected: (ii, pi) => {
      const child = view.children[ii]!;
      const port = child.ports[pi]!;
      const w = child.nets.find((n) => n.id === port.net)?.width ?? 1;
      const name = helperNames.claim(`_${names.instances[ii]}_${port.name}`);
      declarations.push(`wire ${declType(w, false)}${name};`);
      unconnected.push(name);
      return name;
    },
  };

  const sections: SectionView[] = [];
  const section = (title: string, lines: string[]): void => {
    if (lines.length > 0) sections.push({ title, lines });
  };

  // Combinational logic, in the order the design made it.
  const logic: string[] = [];
  cells.forEach((c, ci) => {
    if (!live[ci]) return;
    const f = forms[ci]!;
    if (f.kind === 'case') {
      logic.push(...caseBlock(netName(c.out), f, loc(c.loc)));
      return;
    }
    const p = assigned.get(c.out);
    if (p) logic.push(`  assign ${netName(c.out)} = ${p.text};${loc(c.loc)}`);
  });
  for (const i of aliases) logic.push(`  assign ${names.ports[i]} = ${netName(mod.ports[i]!.net)};`);
  section('Logic', logic);
  function caseBlock(target: string, f: Extract<Form, { kind: 'case' }>, where: string): string[] {
    const sw = width(f.sel);
    const lines = [`  always @* begin${where}`, `    case (${text(f.sel)})`];
    f.arms.forEach((a, i) => lines.push(`      ${literal(sw, BigInt(i))}: ${target} = ${text(a)};`));
    lines.push(`      default: ${target} = ${text(f.last)};`, '    endcase', '  end');
    return lines;
  }

  // Instances.
  const childNames = new Map<string, VerilogModuleNames>();
  const instLines: string[] = [];
  mod.instances.forEach((inst, ii) => {
    const child = view.children[ii]!;
    let cn = childNames.get(child.name);
    if (!cn) childNames.set(child.name, (cn = verilogNames(child, design)));
    const info: ChildInfo = { module: child, names: cn };
    instLines.push(...instanceBlock(ii, inst, names.instances[ii]!, info, instPrinter));
  });
  section('Instances', instLines);

  // Registers.
  const regPrinter: RegisterPrinter = { text, condition: cond, netName, width, loc };
  section('Registers', registerBlocks(mod.regs, regPrinter));

  // Memories.
  const memLines: string[] = [];
  const initLines: string[] = registerInit(mod.regs, regPrinter);
  const loopVar = mod.memories.some(needsZeroFill) ? helperNames.claim('_init_i') : '';
  if (loopVar) declarations.push(`integer ${loopVar};`);
  memPlans.forEach((p, mi) => {
    const pr: MemoryPrinter = { name: names.memories[mi]!, text, operand: (id) => operand(printed(id)), condition: cond, netName, width, loc };
    memLines.push(...memoryStatements(p, pr));
    for (const rp of p.mem.readPorts) if (rp.sync) initLines.push(`    ${netName(rp.data)} = ${literal(width(rp.data), 0n)};`);
    initLines.push(...memoryInit(p, pr, loopVar));
  });
  section('Memories', memLines);
  if (initLines.length > 0) section('Power-up values', ['  initial begin', ...initLines, '  end']);

  // Whatever stays unread.
  const unread: string[] = [];
  for (const n of [...mod.nets].sort((a, b) => a.id - b.id)) {
    const isOutput = mod.ports.some((p) => p.net === n.id && p.dir === 'output');
    if (isOutput || !declared(n.id)) continue;
    if ((readBits.get(n.id) ?? 0n) !== mask(n.width)) unread.push(netName(n.id));
  }
  memPlans.forEach((p, mi) => {
    // No read port that can reach a word (none, or all at constant addresses past the depth).
    if (p.reads.every((r) => r.never)) unread.push(`${names.memories[mi]}[0]`);
  });
  unread.push(...unconnected);
  if (unread.length > 0) section('Unused signals', unusedSink(unread, helperNames.claim('_unused_ok')));

  const comments = moduleComments(mod, names.module);
  return renderModule({ comments, waiveFileName, name: names.module, ports, declarations, sections });
}

function moduleComments(mod: IrModule, vname: string): string[] {
  const lines = [`Module ${vname}${vname !== mod.name ? ` (IR module ${commentText(JSON.stringify(mod.name))})` : ''}`];
  lines.push(`Elaborated from ${commentText(mod.origin.design)} with parameters ${canonicalJson(mod.origin.params)}`);
  if (mod.loc.line > 0) lines.push(`Defined at ${commentText(formatLoc(mod.loc))}`);
  for (const l of (mod.doc ?? '').split(/\r?\n/)) if (l.trim() !== '') lines.push(commentText(l));
  return lines;
}
