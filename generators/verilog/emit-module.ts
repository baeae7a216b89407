// One IR module as one Verilog module. The order of work:
// 1. decide each cell's printed form (cell-forms.ts) and each memory port's
//    address handling (memories.ts);
// 2. drop unnamed cells nothing reads, and count who reads every net, where;
// 3. walk the cells in dependency order and inline an unnamed temporary into
//    its single reader when the place allows it (see Pos), else declare it;
// 4. print the sections and read every signal the design leaves unread in
//    the `_unused_ok` wire, so Verilator -Wall stays quiet for any IR.
//
// Modules can have millions of cells, so the bookkeeping per net lives in
// typed arrays indexed by net id (buildView makes ids dense), and nothing in
// the per-cell loops allocates more than the text it prints.
import { DiagnosticSink } from '../../hdl/diagnostics.ts';
import { formatLoc, mask, type IrDesign, type IrModule, type NetId, type SourceLoc } from '../../hdl/ir.ts';
import { commentText, paramsComment } from './canonical-json.ts';
import { conditionPos, formOf, visitReads, type Form, type Pos, type ReadVisitor } from './cell-forms.ts';
import { condition, operand, printForm, printedName, type ArgInfo, type Printed } from './expressions.ts';
import { instanceBlock, type ChildInfo, type InstancePrinter } from './instances.ts';
import { analyseKnownBits } from './known-bits.ts';
import { declType, literal } from './literals.ts';
import { memoryInit, memoryReads, memoryStatements, multiClockWrites, needsInitLoop, planMemory, type MemoryPrinter } from './memories.ts';
import { namesWithin, portNamesWithin, verilogModuleNames } from './names.ts';
import { buildView, DRIVER_CELL, DRIVER_MEMREAD, DRIVER_REG, type ModuleView } from './netlist.ts';
import { registerBlocks, registerInit, type RegisterPrinter } from './registers.ts';
import { renderModule, type PortView, type SectionView } from './templates.ts';
import { unusedSink } from './unused.ts';
import { holeyArray } from '../../hdl/holey-array.ts';

/** Longest expression kept inline; longer ones get a wire of their own. */
const MAX_INLINE = 100;

// Where a net's reads land, as small numbers for typed arrays (see Pos).
const CTX = 0;
const SELF = 1;
const NAME = 2;
const PASS = 3;
const MULTI = 4;
const POS_CODE: Record<Pos, number> = { ctx: CTX, self: SELF, name: NAME, pass: PASS };

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

/** locComment, remembered per location object: the front end shares one object among all nodes of a call. */
function locComments(): (l: SourceLoc) => string {
  const seen = new Map<SourceLoc, string>();
  return (l) => {
    let s = seen.get(l);
    if (s === undefined) seen.set(l, (s = locComment(l)));
    return s;
  };
}

/**
 * Lines of text joined into blocks as they come: the many small strings of a
 * big module die young instead of surviving (and being copied by the garbage
 * collector) until the end.
 */
class Lines {
  private readonly blocks: string[] = [];
  private readonly open: string[] = [];
  count = 0;
  push(line: string): void {
    this.open.push(line);
    this.count++;
    if (this.open.length >= 512) this.close();
  }
  pushAll(lines: readonly string[]): void {
    for (let i = 0; i < lines.length; i++) this.push(lines[i]!);
  }
  private close(): void {
    this.blocks.push(this.open.join('\n') + '\n');
    this.open.length = 0;
  }
  /** Every line followed by a newline (the blocks are concatenated, not copied again). */
  text(): string {
    if (this.open.length > 0) this.close();
    let text = '';
    for (let i = 0; i < this.blocks.length; i++) text += this.blocks[i]!;
    return text;
  }
}

// Flags of an inlined expression (see Printed).
const ATOMIC = 1;
const VSIGNED = 2;
const SENSITIVE = 4;
const LITERAL = 8;

/** Text of a module whose view was built without errors. `moduleNames`: the design's, when the caller has them. */
export function moduleText(view: ModuleView, waiveFileName: boolean, moduleNames?: Map<string, string>): string {
  const { mod, design } = view;
  const vnames = moduleNames ?? verilogModuleNames(design);
  const cells = mod.cells;
  const nets = mod.nets;
  const n = nets.length;
  const names = namesWithin(mod, vnames);
  const kb = analyseKnownBits(view);
  // How each cell prints, decided once (for the cells that are printed).
  const forms: (Form | undefined)[] = holeyArray(cells.length);
  const formAt = (ci: number): Form => (forms[ci] ??= formOf(cells[ci]!, view, kb));
  const memPlans = mod.memories.map((m) => planMemory(m, view, kb));
  const isPort = new Uint8Array(n);
  const isOutput = new Uint8Array(n);
  for (const p of mod.ports) {
    isPort[p.net] = 1;
    if (p.dir === 'output') isOutput[p.net] = 1;
  }
  const netNames = names.nets;
  const netName = (id: NetId): string => netNames[id]!;
  const width = (id: NetId): number => nets[id]!.width;
  const cellOf = view.cellOf;

  // Output ports that share a net with an earlier port repeat it by assignment.
  const aliases = mod.ports.map((p, i) => (names.ports[i] !== netName(p.net) ? i : -1)).filter((i) => i >= 0);
  const isAlias = new Set(aliases);

  // Everything other than cells that reads nets.
  const memReads = memPlans.map((p) => memoryReads(p, view));
  const instanceInputs: NetId[] = [];
  mod.instances.forEach((inst, ii) => {
    const child = view.children[ii]!;
    for (const c of inst.connections) {
      if (child.ports.find((p) => p.name === c.port)?.dir === 'input') instanceInputs.push(c.net);
    }
  });
  const visitConsumerReads = (visit: ReadVisitor): void => {
    const regs = mod.regs;
    for (let i = 0; i < regs.length; i++) {
      const r = regs[i]!;
      visit(r.d, 'self', -1, 0);
      visit(r.clock, 'name', -1, 0);
      if (r.enable !== undefined) visit(r.enable, conditionPos(r.enable, view), -1, 0);
      if (r.reset) visit(r.reset.net, 'name', -1, 0);
    }
    for (const reads of memReads) for (const r of reads) visit(r.net, r.pos, r.lo ?? -1, r.width ?? 0);
    for (const net of instanceInputs) visit(net, 'self', -1, 0);
    for (const i of aliases) visit(mod.ports[i]!.net, 'self', -1, 0);
  };

  // Liveness (unnamed cells that nothing reads are left out), and who reads
  // what, where, and which bits: one walk from what is kept. Only the single
  // reader of a net matters for inlining.
  const live = new Uint8Array(cells.length);
  const isCase = new Uint8Array(cells.length);
  const useCount = new Int32Array(n);
  const usePos = new Uint8Array(n);
  const useUser = new Int32Array(n);
  const nameUse = new Uint8Array(n);
  const fullRead = new Uint8Array(n);
  const partialRead = new Map<NetId, bigint>();
  const work: NetId[] = [];
  let reader = -1;
  const addRead: ReadVisitor = (net, pos, lo, w) => {
    work.push(net);
    if (useCount[net]++ === 0) {
      usePos[net] = POS_CODE[pos];
      useUser[net] = reader;
    }
    if (pos === 'name') nameUse[net] = 1;
    if (lo < 0) fullRead[net] = 1;
    else if (!fullRead[net]) partialRead.set(net, (partialRead.get(net) ?? 0n) | (mask(w) << BigInt(lo)));
  };
  for (const p of mod.ports) work.push(p.net);
  visitConsumerReads(addRead);
  for (let id = 0; id < n; id++) if (nets[id]!.named) work.push(id);
  while (work.length > 0) {
    const d = cellOf[work.pop()!]!;
    if (d < 0 || live[d]) continue;
    live[d] = 1;
    const f = formAt(d);
    if (f.kind === 'case') isCase[d] = 1;
    reader = d;
    visitReads(f, view, addRead);
  }

  const kept = (id: NetId): boolean => nets[id]!.named || isPort[id] === 1;
  // Where a net's single reader puts it, following pass-through cells.
  const effectivePos = (id: NetId): number => {
    if (useCount[id] !== 1) return MULTI;
    let pos = usePos[id]!;
    if (pos !== PASS) return pos;
    let x = cells[useUser[id]!]!.out;
    for (;;) {
      if (kept(x) || useCount[x] !== 1) return SELF;
      pos = usePos[x]!;
      if (pos !== PASS) return pos === NAME ? SELF : pos;
      x = cells[useUser[x]!]!.out;
    }
  };

  // Inlined expressions by net: text and flags (no object per net survives), literal values aside.
  const inlineText: (string | undefined)[] = holeyArray(n);
  const inlineFlags = new Uint8Array(n);
  const inlineLiteral = new Map<NetId, bigint>();
  // The right-hand side of each `assign` (and of nets printed as a case block: none).
  const assignedText: (string | undefined)[] = holeyArray(n);
  const printed = (id: NetId): Printed => {
    const t = inlineText[id];
    if (t === undefined) return printedName(netNames[id]!, nets[id]!.signed);
    const f = inlineFlags[id]!;
    const p: Printed = { text: t, atomic: (f & ATOMIC) !== 0, vsigned: (f & VSIGNED) !== 0, sensitive: (f & SENSITIVE) !== 0 };
    if (f & LITERAL) p.literal = { width: nets[id]!.width, value: inlineLiteral.get(id)! };
    return p;
  };
  const args: ArgInfo = {
    printed,
    text: (id) => inlineText[id] ?? netNames[id]!,
    operand: (id) => {
      const t = inlineText[id];
      if (t === undefined) return netNames[id]!;
      return inlineFlags[id]! & ATOMIC ? t : `(${t})`;
    },
    vsigned: (id) => (inlineText[id] === undefined ? nets[id]!.signed : (inlineFlags[id]! & VSIGNED) !== 0),
    name: netName,
    width,
  };
  const inlinable = (p: Printed, out: NetId): boolean => {
    if (p.literal) return useCount[out]! > 0 && !nameUse[out];
    const e = effectivePos(out);
    if (e === MULTI || e === NAME) return false;
    if (e === CTX && p.sensitive) return false;
    return p.text.length <= MAX_INLINE;
  };
  const order = view.cellOrder;
  for (let k = 0; k < order.length; k++) {
    const ci = order[k]!;
    if (!live[ci] || isCase[ci]) continue;
    const f = formAt(ci);
    const out = cells[ci]!.out;
    const p = printForm(f, args);
    if (!kept(out) && inlinable(p, out)) {
      inlineText[out] = p.text;
      inlineFlags[out] = (p.atomic ? ATOMIC : 0) | (p.vsigned ? VSIGNED : 0) | (p.sensitive ? SENSITIVE : 0) | (p.literal ? LITERAL : 0);
      // A literal is printed at its net's width (a literal form has the cell's width).
      if (p.literal) inlineLiteral.set(out, p.literal.value);
    } else assignedText[out] = p.text;
  }

  const text = (id: NetId): string => inlineText[id] ?? netNames[id]!;
  const cond = (id: NetId): string => condition(printed(id), width(id));
  const loc = locComments();

  const isReg = (id: NetId): boolean => {
    switch (view.driverKind[id]) {
      case DRIVER_REG:
        return true;
      case DRIVER_MEMREAD:
        return mod.memories[view.driverIndex[id]!]!.readPorts[view.driverPort[id]!]!.sync;
      case DRIVER_CELL:
        return live[cellOf[id]!] ? isCase[cellOf[id]!] === 1 : formAt(cellOf[id]!).kind === 'case';
      default:
        return false;
    }
  };
  const declared = (id: NetId): boolean => {
    if (inlineText[id] !== undefined) return false;
    const d = cellOf[id]!;
    return d < 0 || live[d] === 1;
  };

  // A reset that is asynchronous for some registers and synchronous for
  // others is legal IR; Verilator's SYNCASYNCNET is waived at that net only.
  const asyncResets = new Set(mod.regs.filter((r) => r.reset?.async).map((r) => r.reset!.net));
  const mixedResets = new Set(mod.regs.filter((r) => r.reset && !r.reset.async && asyncResets.has(r.reset.net)).map((r) => r.reset!.net));
  const waiver = (id: NetId, code: string): [string[], string[]] =>
    mixedResets.has(id) ? [[`/* verilator lint_off ${code} */`], [`/* verilator lint_on ${code} */`]] : [[], []];

  // Ports.
  const ports: PortView[] = mod.ports.map((p, i) => {
    const x = nets[p.net]!;
    const kind = p.dir === 'output' && !isAlias.has(i) && isReg(p.net) ? 'reg' : 'wire';
    const [before, after] = names.ports[i] === netName(p.net) ? waiver(p.net, 'SYNCASYNCNET') : [[], []];
    return {
      before,
      after,
      decl: `${p.dir} ${kind} ${declType(x.width, x.signed)}${names.ports[i]}`,
      comma: i < mod.ports.length - 1 ? ',' : '',
      loc: loc(x.loc),
    };
  });

  // Declarations, in net id order.
  const declarations = new Lines();
  for (let id = 0; id < n; id++) {
    if (isPort[id] || !declared(id)) continue;
    const x = nets[id]!;
    const line = `  ${isReg(id) ? 'reg' : 'wire'} ${declType(x.width, x.signed)}${netNames[id]};${loc(x.loc)}`;
    if (mixedResets.has(id)) declarations.pushAll(['  /* verilator lint_off SYNCASYNCNET */', line, '  /* verilator lint_on SYNCASYNCNET */']);
    else declarations.push(line);
  }
  memPlans.forEach((p, mi) => {
    const m = p.mem;
    const decl = `  reg ${declType(m.width, m.signed)}${names.memories[mi]} [0:${m.depth - 1}];${loc(m.loc)}`;
    // Writes from several clocks are what the IR says; Verilator calls it MULTIDRIVEN.
    if (multiClockWrites(p)) declarations.pushAll(['  /* verilator lint_off MULTIDRIVEN */', decl, '  /* verilator lint_on MULTIDRIVEN */']);
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
      const w = child.nets.find((x) => x.id === port.net)?.width ?? 1;
      const name = helperNames.claim(`_${names.instances[ii]}_${port.name}`);
      declarations.push(`  wire ${declType(w, false)}${name};`);
      unconnected.push(name);
      return name;
    },
  };

  const sections: SectionView[] = [];
  const section = (title: string, lines: Lines): void => {
    if (lines.count > 0) sections.push({ title, text: lines.text() });
  };
  const linesOf = (list: readonly string[]): Lines => {
    const l = new Lines();
    l.pushAll(list);
    return l;
  };

  // Combinational logic, in the order the design made it.
  const logic = new Lines();
  for (let ci = 0; ci < cells.length; ci++) {
    if (!live[ci]) continue;
    const c = cells[ci]!;
    const rhs = assignedText[c.out];
    if (rhs !== undefined) {
      logic.push(`  assign ${netNames[c.out]} = ${rhs};${loc(c.loc)}`);
      continue;
    }
    if (!isCase[ci]) continue;
    const f = formAt(ci);
    if (f.kind === 'case') caseBlock(logic, netName(c.out), f, loc(c.loc));
  }
  for (const i of aliases) logic.push(`  assign ${names.ports[i]} = ${netName(mod.ports[i]!.net)};`);
  section('Logic', logic);
  function caseBlock(lines: Lines, target: string, f: Extract<Form, { kind: 'case' }>, where: string): void {
    const sw = width(f.sel);
    lines.push(`  always @* begin${where}`);
    lines.push(`    case (${text(f.sel)})`);
    f.arms.forEach((a, i) => lines.push(`      ${literal(sw, BigInt(i))}: ${target} = ${text(a)};`));
    lines.pushAll([`      default: ${target} = ${text(f.last)};`, '    endcase', '  end']);
  }

  // Instances.
  const childNames = new Map<string, ChildInfo['names']>();
  const instLines = new Lines();
  mod.instances.forEach((inst, ii) => {
    const child = view.children[ii]!;
    let cn = childNames.get(child.name);
    if (!cn) childNames.set(child.name, (cn = portNamesWithin(child, vnames)));
    const info: ChildInfo = { module: child, names: cn };
    instLines.pushAll(instanceBlock(ii, inst, names.instances[ii]!, info, instPrinter));
  });
  section('Instances', instLines);

  // Registers.
  const regPrinter: RegisterPrinter = { text, condition: cond, netName, width, loc };
  section('Registers', linesOf(registerBlocks(mod.regs, regPrinter)));

  // Memories.
  const memLines = new Lines();
  const initLines = linesOf(registerInit(mod.regs, regPrinter));
  const contents = new Lines();
  const loopVar = mod.memories.some(needsInitLoop) ? helperNames.claim('_init_g') : '';
  if (loopVar) declarations.push(`  genvar ${loopVar};`);
  memPlans.forEach((p, mi) => {
    const pr: MemoryPrinter = { name: names.memories[mi]!, text, vsigned: args.vsigned, operand: (id) => operand(printed(id)), condition: cond, netName, width, loc };
    memLines.pushAll(memoryStatements(p, pr));
    for (const rp of p.mem.readPorts) if (rp.sync) initLines.push(`    ${netName(rp.data)} = ${literal(width(rp.data), 0n)};`);
    contents.pushAll(memoryInit(p, pr, loopVar, () => helperNames.claim(`_${names.memories[mi]}_init`)));
  });
  section('Memories', memLines);
  if (initLines.count > 0) {
    sections.push({ title: 'Power-up values', text: '  initial begin\n' + initLines.text() + '  end\n' });
  }
  section('Memory contents', contents);

  // Whatever stays unread.
  const unread: string[] = [];
  for (let id = 0; id < n; id++) {
    if (isOutput[id] || !declared(id) || fullRead[id]) continue;
    if ((partialRead.get(id) ?? 0n) !== mask(nets[id]!.width)) unread.push(netNames[id]!);
  }
  memPlans.forEach((p, mi) => {
    // No read port that can reach a word (none, or all at constant addresses past the depth).
    if (p.reads.every((r) => r.never)) unread.push(`${names.memories[mi]}[0]`);
  });
  unread.push(...unconnected);
  if (unread.length > 0) section('Unused signals', linesOf(unusedSink(unread, helperNames.claim('_unused_ok'))));

  const comments = moduleComments(mod, names.module);
  return renderModule({ comments, waiveFileName, name: names.module, ports, declarations: declarations.text(), sections });
}

function moduleComments(mod: IrModule, vname: string): string[] {
  const lines = [`Module ${vname}${vname !== mod.name ? ` (IR module ${commentText(JSON.stringify(mod.name))})` : ''}`];
  lines.push(`Elaborated from ${commentText(mod.origin.design)} with parameters ${paramsComment(mod.origin.params)}`);
  if (mod.loc.line > 0) lines.push(`Defined at ${commentText(formatLoc(mod.loc))}`);
  for (const l of (mod.doc ?? '').split(/\r?\n/)) if (l.trim() !== '') lines.push(commentText(l));
  return lines;
}
