// Memories in the shape Yosys, Vivado and Quartus infer as RAM:
// `reg [W-1:0] m [0:D-1]`, writes and synchronous reads in one clocked block
// per clock (non-blocking, so a read on the edge of a write sees the old word:
// read-first), asynchronous reads as `assign`. Addresses past the depth read
// 0 and do not write, which needs a compare only when the address can reach
// past the depth. Initial contents: see memoryInit.
import { addrWidth, mask, type IrMemory, type NetId } from '../../hdl/ir.ts';
import { conditionPos, type Read } from './cell-forms.ts';
import { fullyKnown, valueRange, type Analysis } from './known-bits.ts';
import { literal, zero } from './literals.ts';
import type { ModuleView } from './netlist.ts';

export type Index =
  | { kind: 'literal'; value: number }
  | { kind: 'net' }
  | { kind: 'low-bits' }
  | { kind: 'padded'; pad: number };

export interface AddressPlan {
  addr: NetId;
  /** The address is always past the depth. */
  never: boolean;
  /** The address can be past the depth: compare it. */
  guard: boolean;
  index: Index;
}

export interface MemoryPlan {
  mem: IrMemory;
  /** Index expression width Verilator expects for this depth. */
  indexWidth: number;
  reads: AddressPlan[];
  writes: AddressPlan[];
  /** Clock nets in order of first use, each with its write and sync read port indices. */
  clocks: { clock: NetId; writes: number[]; reads: number[] }[];
}

export function planAddress(addr: NetId, depth: number, view: ModuleView, kb: Analysis): AddressPlan {
  const k = kb.bits(addr);
  const aw = view.net(addr).width;
  const iw = addrWidth(depth);
  const [lo, hi] = valueRange(k, false);
  const d = BigInt(depth);
  if (lo >= d) return { addr, never: true, guard: false, index: { kind: 'literal', value: 0 } };
  // A constant index is printed as a literal: Verilator checks constant indices against the depth.
  if (fullyKnown(k)) return { addr, never: false, guard: false, index: { kind: 'literal', value: Number(k.value) } };
  const guard = hi >= d;
  const index: Index = aw === iw ? { kind: 'net' } : aw > iw ? { kind: 'low-bits' } : { kind: 'padded', pad: iw - aw };
  return { addr, never: false, guard, index };
}

export function planMemory(mem: IrMemory, view: ModuleView, kb: Analysis): MemoryPlan {
  const reads = mem.readPorts.map((p) => planAddress(p.addr, mem.depth, view, kb));
  const writes = mem.writePorts.map((p) => planAddress(p.addr, mem.depth, view, kb));
  const clocks: MemoryPlan['clocks'] = [];
  const group = (clock: NetId): MemoryPlan['clocks'][number] => {
    let g = clocks.find((c) => c.clock === clock);
    if (!g) clocks.push((g = { clock, writes: [], reads: [] }));
    return g;
  };
  mem.writePorts.forEach((p, i) => {
    if (!writes[i]!.never) group(p.clock).writes.push(i);
  });
  mem.readPorts.forEach((p, i) => {
    if (p.sync && p.clock !== undefined) group(p.clock).reads.push(i);
  });
  return { mem, indexWidth: addrWidth(mem.depth), reads, writes, clocks };
}

function addressReads(a: AddressPlan, indexWidth: number): Read[] {
  if (a.never || a.index.kind === 'literal') return [];
  if (a.guard) return [{ net: a.addr, pos: 'name' }];
  if (a.index.kind === 'low-bits') return [{ net: a.addr, pos: 'name', lo: 0, width: indexWidth }];
  return [{ net: a.addr, pos: 'self' }];
}

/** Every net the memory's ports read, and where. */
export function memoryReads(plan: MemoryPlan, view: ModuleView): Read[] {
  const out: Read[] = [];
  plan.mem.readPorts.forEach((p, i) => {
    out.push(...addressReads(plan.reads[i]!, plan.indexWidth));
    if (p.sync) {
      if (p.enable !== undefined) out.push({ net: p.enable, pos: conditionPos(p.enable, view) });
      if (p.clock !== undefined) out.push({ net: p.clock, pos: 'name' });
    }
  });
  plan.mem.writePorts.forEach((p, i) => {
    const a = plan.writes[i]!;
    if (a.never) return;
    out.push(...addressReads(a, plan.indexWidth));
    out.push({ net: p.data, pos: 'self' });
    out.push({ net: p.enable, pos: conditionPos(p.enable, view) });
    out.push({ net: p.clock, pos: 'name' });
  });
  return out;
}

export interface MemoryPrinter {
  name: string;
  text(net: NetId): string;
  /** Whether Verilog reads the printed expression as signed. */
  vsigned(net: NetId): boolean;
  operand(net: NetId): string;
  condition(net: NetId): string;
  netName(net: NetId): string;
  width(net: NetId): number;
  loc(l: IrMemory['loc']): string;
}

function indexText(a: AddressPlan, plan: MemoryPlan, pr: MemoryPrinter): string {
  const iw = plan.indexWidth;
  switch (a.index.kind) {
    case 'literal':
      return literal(iw, BigInt(a.index.value));
    case 'net': {
      // An address the IR reinterprets as unsigned may print as a signed net; a signed index would be negative.
      // An inlined expression too: Icarus evaluates an index wider than its own width ({1'b0, n} - 5'd1 is -1,
      // not 31, so x). $unsigned(...) holds it to its width and sign.
      const t = pr.text(a.addr);
      return pr.vsigned(a.addr) || pr.operand(a.addr) !== t ? `$unsigned(${t})` : t;
    }
    case 'low-bits':
      return iw === 1 ? `${pr.netName(a.addr)}[0]` : `${pr.netName(a.addr)}[${iw - 1}:0]`;
    case 'padded':
      return `{${zero(a.index.pad)}, ${pr.text(a.addr)}}`;
  }
}

function guardText(a: AddressPlan, plan: MemoryPlan, pr: MemoryPrinter): string {
  return `${pr.netName(a.addr)} < ${literal(pr.width(a.addr), BigInt(plan.mem.depth))}`;
}

/** The value a read port delivers: the word, or 0 past the depth. */
function readValue(a: AddressPlan, plan: MemoryPlan, pr: MemoryPrinter): string {
  const w = plan.mem.width;
  if (a.never) return zero(w);
  const word = `${pr.name}[${indexText(a, plan, pr)}]`;
  return a.guard ? `(${guardText(a, plan, pr)}) ? ${word} : ${zero(w)}` : word;
}

/** Clocked blocks (writes and synchronous reads) and asynchronous read assigns. */
export function memoryStatements(plan: MemoryPlan, pr: MemoryPrinter): string[] {
  const lines: string[] = [];
  const mem = plan.mem;
  for (const g of plan.clocks) {
    lines.push(`  always @(posedge ${pr.netName(g.clock)}) begin`);
    for (const i of g.writes) {
      const p = mem.writePorts[i]!;
      const a = plan.writes[i]!;
      let cond = pr.condition(p.enable);
      if (a.guard) cond = `${wrap(cond)} && (${guardText(a, plan, pr)})`;
      lines.push(`    if (${cond}) ${pr.name}[${indexText(a, plan, pr)}] <= ${pr.text(p.data)};${pr.loc(p.loc)}`);
    }
    for (const i of g.reads) {
      const p = mem.readPorts[i]!;
      const stmt = `${pr.netName(p.data)} <= ${readValue(plan.reads[i]!, plan, pr)};${pr.loc(p.loc)}`;
      lines.push(p.enable !== undefined ? `    if (${pr.condition(p.enable)}) ${stmt}` : `    ${stmt}`);
    }
    lines.push('  end');
  }
  mem.readPorts.forEach((p, i) => {
    if (p.sync) return;
    lines.push(`  assign ${pr.netName(p.data)} = ${readValue(plan.reads[i]!, plan, pr)};${pr.loc(p.loc)}`);
  });
  return lines;
}

/** Runs of at least this many equal words are written as a generate loop. */
const MIN_RUN = 4;
/** Words per `initial` block: Yosys reads a block in time quadratic in its statements. */
const WORDS_PER_BLOCK = 64;

/** One piece of a memory's initial contents: words `from` .. `to - 1`, one value (a run) or each its own. */
export interface InitRun {
  from: number;
  to: number;
  /** The value of every word of a run; undefined for words written one by one. */
  value?: bigint;
}

/**
 * The initial contents of every word (the given words, then zeros: memories
 * are two-state) as runs of one value and stretches of single words, in
 * address order. Every word is written exactly once, so the `initial`
 * blocks that write them may run in any order.
 */
export function initRuns(mem: IrMemory): InitRun[] {
  // No contents at all (not even zeros): RAM that cannot be initialised (SPRAM) can take it.
  if (mem.uninitialised) return [];
  const m = mask(mem.width);
  const given = mem.init ?? [];
  const word = (i: number): bigint => (i < given.length ? given[i]! & m : 0n);
  const runs: InitRun[] = [];
  let single = -1; // start of the current stretch of single words
  for (let i = 0; i < mem.depth; ) {
    const v = word(i);
    let j = i + 1;
    while (j < mem.depth && word(j) === v) j++;
    if (j - i >= MIN_RUN) {
      if (single >= 0) runs.push({ from: single, to: i });
      single = -1;
      runs.push({ from: i, to: j, value: v });
    } else if (single < 0) single = i;
    i = j;
  }
  if (single >= 0) runs.push({ from: single, to: mem.depth });
  return runs;
}

/** Whether the initial contents need the generate loop variable. */
export function needsInitLoop(mem: IrMemory): boolean {
  return initRuns(mem).some((r) => r.value !== undefined);
}

/**
 * Statements for the memory's initial contents, outside any block. Runs of
 * one value are generate loops (one `initial` per word, named block `blockName()`),
 * other words `initial` blocks of at most WORDS_PER_BLOCK assignments. Yosys
 * reads this in time linear in the depth; a single `initial` block with a
 * `for` loop or thousands of assignments takes it minutes.
 */
export function memoryInit(plan: MemoryPlan, pr: MemoryPrinter, loopVar: string, blockName: () => string): string[] {
  const mem = plan.mem;
  const m = mask(mem.width);
  const given = mem.init ?? [];
  const lines: string[] = [];
  for (const r of initRuns(mem)) {
    if (r.value !== undefined) {
      lines.push(
        '  generate',
        `    for (${loopVar} = ${r.from}; ${loopVar} < ${r.to}; ${loopVar} = ${loopVar} + 1) begin : ${blockName()}`,
        `      initial ${pr.name}[${loopVar}] = ${literal(mem.width, r.value)};`,
        '    end',
        '  endgenerate',
      );
      continue;
    }
    for (let b = r.from; b < r.to; b += WORDS_PER_BLOCK) {
      lines.push('  initial begin');
      const end = Math.min(r.to, b + WORDS_PER_BLOCK);
      for (let i = b; i < end; i++) lines.push(`    ${pr.name}[${i}] = ${literal(mem.width, i < given.length ? given[i]! & m : 0n)};`);
      lines.push('  end');
    }
  }
  return lines;
}

/** Writes on more than one clock: Verilator's MULTIDRIVEN, which is intended here. */
export function multiClockWrites(plan: MemoryPlan): boolean {
  return plan.clocks.filter((g) => g.writes.length > 0).length > 1;
}

function wrap(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : `(${s})`;
}
