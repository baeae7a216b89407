// Combinational-loop detection across the hierarchy.
//
// Each module is a graph over its nets: a cell's operands reach its output,
// an asynchronous memory read's address reaches its data, and an instance's
// input connection reaches an output connection when the child's summary says
// that input port reaches that output port combinationally. Registers and
// synchronous reads break paths. Modules are processed children first, so a
// loop that closes through two modules is found in the parent that wires
// them, and a loop inside a module is reported once for the module, never
// once per instance.
//
// Strongly connected components are found with an iterative Tarjan (explicit
// stacks: no recursion, so million-net chains are fine); every component that
// is a loop gives one 'comb-loop' diagnostic showing one cycle through it.
import type { Diagnostic } from '../diagnostics.ts';
import type { IrCell, IrDesign, IrInstance, IrMemory, IrMemRead, IrModule, IrPort, NetId, SourceLoc } from '../ir.ts';
import { CheckContext } from './context.ts';
import type { ModuleView } from './ir-util.ts';
import { holeyArray } from '../holey-array.ts';

/** Which input ports of a module reach which output ports combinationally. */
export interface CombSummary {
  /** input port name -> output port names it reaches (in port order). Inputs that reach nothing are absent. */
  paths: Map<string, string[]>;
}

type Via =
  | { kind: 'cell'; cell: IrCell }
  | { kind: 'memread'; memory: IrMemory; read: IrMemRead; index: number }
  | { kind: 'instance'; instance: IrInstance; module: string; from: string; to: string };

/** A module's nets as a graph in compressed form (edges grouped by source). */
interface NetGraph {
  n: number;
  /** Edges of node v are first[v] .. first[v+1]-1. */
  first: Int32Array;
  target: Int32Array;
  source: Int32Array;
  /** What each edge goes through: a cell index (>= 0), or -1 - k for `others[k]` (no object per cell). */
  via: Int32Array;
  others: Via[];
  cells: IrCell[];
}

function viaOf(g: NetGraph, e: number): Via {
  const v = g.via[e]!;
  return v >= 0 ? { kind: 'cell', cell: g.cells[v]! } : g.others[-1 - v]!;
}

/** Edge lists that grow without a JS number array per field (modules can have millions of edges). */
class EdgeBuffer {
  src: Int32Array;
  dst: Int32Array;
  via: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.src = new Int32Array(Math.max(16, capacity));
    this.dst = new Int32Array(Math.max(16, capacity));
    this.via = new Int32Array(Math.max(16, capacity));
  }
  push(a: number, b: number, v: number): void {
    if (this.length === this.src.length) {
      const grow = (x: Int32Array): Int32Array => {
        const y = new Int32Array(x.length * 2);
        y.set(x);
        return y;
      };
      this.src = grow(this.src);
      this.dst = grow(this.dst);
      this.via = grow(this.via);
    }
    this.src[this.length] = a;
    this.dst[this.length] = b;
    this.via[this.length] = v;
    this.length++;
  }
}

function buildGraph(m: IrModule, view: ModuleView, children: Int32Array, summaries: (CombSummary | undefined)[]): NetGraph {
  const cells = m.cells;
  let cellEdges = 0;
  for (let k = 0; k < cells.length; k++) cellEdges += cells[k]!.args.length;
  const edges = new EdgeBuffer(cellEdges);
  const others: Via[] = [];
  const edge = (from: NetId, to: NetId, via: number): void => {
    const a = view.indexOf(from);
    const b = view.indexOf(to);
    if (a === undefined || b === undefined) return; // checkStructure reports dangling ids
    edges.push(a, b, via);
  };
  const other = (via: Via): number => -others.push(via);
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[k]!;
    const args = cell.args;
    for (let j = 0; j < args.length; j++) edge(args[j]!, cell.out, k);
  }
  for (const memory of m.memories) {
    memory.readPorts.forEach((read, index) => {
      if (!read.sync) edge(read.addr, read.data, other({ kind: 'memread', memory, read, index }));
    });
  }
  m.instances.forEach((instance, k) => {
    const ci = children[k]!;
    const summary = ci >= 0 ? summaries[ci] : undefined;
    if (!summary || summary.paths.size === 0) return;
    const nets = new Map<string, NetId[]>();
    for (const c of instance.connections) {
      const list = nets.get(c.port);
      if (list) list.push(c.net);
      else nets.set(c.port, [c.net]);
    }
    for (const [from, tos] of summary.paths) {
      for (const to of tos) {
        const via = other({ kind: 'instance', instance, module: instance.module, from, to });
        for (const a of nets.get(from) ?? []) for (const b of nets.get(to) ?? []) edge(a, b, via);
      }
    }
  });

  const n = m.nets.length;
  const count = edges.length;
  const src = edges.src;
  const first = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) first[src[e]! + 1]!++;
  for (let v = 0; v < n; v++) first[v + 1]! += first[v]!;
  const fill = first.slice(0, n);
  const target = new Int32Array(count);
  const source = new Int32Array(count);
  const via = new Int32Array(count);
  for (let e = 0; e < count; e++) {
    const at = fill[src[e]!]!++;
    target[at] = edges.dst[e]!;
    source[at] = src[e]!;
    via[at] = edges.via[e]!;
  }
  return { n, first, target, source, via, others, cells };
}

interface Components {
  /** Component number of each node; components are numbered in Tarjan's emission order (sinks first). */
  comp: Int32Array;
  count: number;
  /** Nodes grouped by component: members of c are order[start[c]] .. order[start[c+1]-1]. */
  order: Int32Array;
  start: Int32Array;
}

/** Tarjan's strongly connected components, iteratively. */
function tarjan(g: NetGraph): Components {
  const { n, first, target } = g;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let csp = 0;
  const comp = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  let orderLen = 0;
  const starts: number[] = [];
  let counter = 0;
  let count = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[csp] = root;
    callEdge[csp] = first[root]!;
    csp++;
    while (csp > 0) {
      const v = callNode[csp - 1]!;
      const e = callEdge[csp - 1]!;
      if (e < first[v + 1]!) {
        callEdge[csp - 1] = e + 1;
        const w = target[e]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[csp] = w;
          callEdge[csp] = first[w]!;
          csp++;
        } else if (onStack[w] && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      // v is finished.
      csp--;
      if (low[v] === index[v]) {
        starts.push(orderLen);
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          comp[w] = count;
          order[orderLen++] = w;
        } while (w !== v);
        count++;
      }
      if (csp > 0) {
        const parent = callNode[csp - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  starts.push(orderLen);
  return { comp, count, order, start: Int32Array.from(starts) };
}

function hasSelfEdge(g: NetGraph, v: number): boolean {
  for (let e = g.first[v]!; e < g.first[v + 1]!; e++) if (g.target[e] === v) return true;
  return false;
}

/** Which inputs reach which outputs, from the component graph (sinks are done first). */
function summarize(m: IrModule, view: ModuleView, g: NetGraph, cs: Components): CombSummary {
  const outputs = m.ports.filter((p) => p.dir === 'output');
  const paths = new Map<string, string[]>();
  if (outputs.length === 0) return { paths };
  const reach = outputs.length <= 31 ? reachSmall(view, g, cs, outputs) : reachWide(view, g, cs, outputs);
  for (const p of m.ports) {
    if (p.dir !== 'input' || paths.has(p.name)) continue;
    const v = view.indexOf(p.net);
    if (v === undefined) continue;
    const r = reach(cs.comp[v]!);
    if (r === 0n) continue;
    const names = outputs.filter((_, i) => (r >> BigInt(i)) & 1n).map((o) => o.name);
    paths.set(p.name, [...new Set(names)]);
  }
  return { paths };
}

/** Which outputs a component reaches: bit i for output i. */
type Reach = (component: number) => bigint;

/** Reach over any number of outputs (a BigInt per component; see reachSmall). */
function reachWide(view: ModuleView, g: NetGraph, cs: Components, outputs: IrPort[]): Reach {
  const reach: bigint[] = holeyArray<bigint>(cs.count).fill(0n);
  outputs.forEach((p, i) => {
    const v = view.indexOf(p.net);
    if (v !== undefined) reach[cs.comp[v]!] = reach[cs.comp[v]!]! | (1n << BigInt(i));
  });
  for (let c = 0; c < cs.count; c++) {
    let r = reach[c]!;
    for (let k = cs.start[c]!; k < cs.start[c + 1]!; k++) {
      const v = cs.order[k]!;
      for (let e = g.first[v]!; e < g.first[v + 1]!; e++) {
        const d = cs.comp[g.target[e]!]!;
        if (d !== c && reach[d] !== 0n) r |= reach[d]!;
      }
    }
    reach[c] = r;
  }
  return (c) => reach[c]!;
}

/** Reach for up to 31 outputs: plain numbers, no BigInt per component. */
function reachSmall(view: ModuleView, g: NetGraph, cs: Components, outputs: IrPort[]): Reach {
  const bits = new Int32Array(cs.count);
  outputs.forEach((p, i) => {
    const v = view.indexOf(p.net);
    if (v !== undefined) bits[cs.comp[v]!] |= 1 << i;
  });
  for (let c = 0; c < cs.count; c++) {
    let r = bits[c]!;
    for (let k = cs.start[c]!; k < cs.start[c + 1]!; k++) {
      const v = cs.order[k]!;
      for (let e = g.first[v]!; e < g.first[v + 1]!; e++) {
        const d = cs.comp[g.target[e]!]!;
        if (d !== c) r |= bits[d]!;
      }
    }
    bits[c] = r;
  }
  return (c) => BigInt(bits[c]!);
}

function describeVia(via: Via): { text: string; loc: SourceLoc } {
  switch (via.kind) {
    case 'cell':
      return { text: `cell ${via.cell.op}`, loc: via.cell.loc };
    case 'memread':
      return { text: `asynchronous read port ${via.index} of memory '${via.memory.name}'`, loc: via.read.loc };
    case 'instance':
      return { text: `instance '${via.instance.name}' of module '${via.module}' (port '${via.from}' -> '${via.to}')`, loc: via.instance.loc };
  }
}

/** Steps shown in full before a long loop is abbreviated. */
const MAX_STEPS_SHOWN = 64;
const MAX_NAMES_IN_MESSAGE = 16;

/** One diagnostic for a cyclic component: the shortest cycle through its deterministic start net. */
function reportLoop(m: IrModule, g: NetGraph, cs: Components, c: number, parentEdge: Int32Array, seen: Uint8Array): { start: number; diag: Diagnostic } {
  // Start at the lowest-index named net of the loop, else the lowest-index net.
  let start = -1;
  let startNamed = false;
  for (let k = cs.start[c]!; k < cs.start[c + 1]!; k++) {
    const v = cs.order[k]!;
    const named = m.nets[v]!.named;
    if (start < 0 || (named && !startNamed) || (named === startNamed && v < start)) {
      start = v;
      startNamed = named;
    }
  }
  // Breadth-first search inside the component for the shortest way back to start.
  const queue: number[] = [start];
  const touched: number[] = [start];
  seen[start] = 1;
  let closing = -1;
  for (let qi = 0; qi < queue.length && closing < 0; qi++) {
    const v = queue[qi]!;
    for (let e = g.first[v]!; e < g.first[v + 1]!; e++) {
      const w = g.target[e]!;
      if (cs.comp[w] !== c) continue;
      if (w === start) {
        closing = e;
        parentEdge[start] = e;
        break;
      }
      if (seen[w]) continue;
      seen[w] = 1;
      touched.push(w);
      parentEdge[w] = e;
      queue.push(w);
    }
  }
  const edges: number[] = [];
  let e = closing;
  for (;;) {
    edges.push(e);
    const from = g.source[e]!;
    if (from === start) break;
    e = parentEdge[from]!;
  }
  edges.reverse();
  for (const v of touched) seen[v] = 0;

  const nodes = [start, ...edges.map((x) => g.target[x]!)];
  const name = (v: number): string => m.nets[v]!.name;
  // The message names the user's nets (temporaries only when nothing else is named) and every instance passed.
  const anyNamed = nodes.some((v) => m.nets[v]!.named);
  const tokens: string[] = [name(start)];
  edges.forEach((x, i) => {
    const to = nodes[i + 1]!;
    const via = viaOf(g, x);
    const show = !anyNamed || m.nets[to]!.named || via.kind === 'instance' || to === start;
    if (!show) return;
    tokens.push(via.kind === 'instance' ? `${name(to)} (through instance '${via.instance.name}')` : name(to));
  });
  const shown = tokens.length > MAX_NAMES_IN_MESSAGE
    ? [...tokens.slice(0, MAX_NAMES_IN_MESSAGE - 1), `... ${tokens.length - MAX_NAMES_IN_MESSAGE} more ...`, tokens.at(-1)!]
    : tokens;
  const related: { message: string; loc: SourceLoc }[] = [];
  edges.forEach((x, i) => {
    if (i >= MAX_STEPS_SHOWN) return;
    const d = describeVia(viaOf(g, x));
    related.push({ message: `'${name(nodes[i]!)}' -> '${name(nodes[i + 1]!)}' through ${d.text}`, loc: d.loc });
  });
  if (edges.length > MAX_STEPS_SHOWN) {
    related.push({ message: `... and ${edges.length - MAX_STEPS_SHOWN} more steps back to '${name(start)}'`, loc: m.nets[start]!.loc });
  }
  const size = cs.start[c + 1]! - cs.start[c]!;
  const extra = size > edges.length ? ` (${size} nets take part in this loop)` : '';
  return {
    start,
    diag: {
      code: 'comb-loop',
      message: `combinational loop in module '${m.name}': ${shown.join(' -> ')}${extra}`,
      loc: m.nets[start]!.loc,
      related,
    },
  };
}

interface ModuleLoops {
  summary: CombSummary;
  diagnostics: Diagnostic[];
}

function analyse(ctx: CheckContext): ModuleLoops[] {
  const design = ctx.design;
  const h = ctx.h;
  const summaries: (CombSummary | undefined)[] = new Array(design.modules.length).fill(undefined);
  const out: ModuleLoops[] = [];
  design.modules.forEach((m, mi) => {
    const view = ctx.views[mi]!;
    const g = buildGraph(m, view, h.children[mi]!, summaries);
    const cs = tarjan(g);
    const summary = summarize(m, view, g, cs);
    summaries[mi] = summary;
    const loops: { start: number; diag: Diagnostic }[] = [];
    const parentEdge = new Int32Array(g.n);
    const seen = new Uint8Array(g.n);
    for (let c = 0; c < cs.count; c++) {
      const size = cs.start[c + 1]! - cs.start[c]!;
      if (size === 1 && !hasSelfEdge(g, cs.order[cs.start[c]!]!)) continue;
      loops.push(reportLoop(m, g, cs, c, parentEdge, seen));
    }
    loops.sort((a, b) => a.start - b.start);
    out.push({ summary, diagnostics: loops.map((l) => l.diag) });
  });
  return out;
}

/** Per module (by name; the later module wins for a repeated name), which inputs reach which outputs combinationally. */
export function combSummaries(design: IrDesign): Map<string, CombSummary> {
  const result = new Map<string, CombSummary>();
  analyse(new CheckContext(design)).forEach((r, i) => result.set(design.modules[i]!.name, r.summary));
  return result;
}

/** Code 'comb-loop': one diagnostic per loop, modules in design order, loops by their start net. */
export function findCombLoops(design: IrDesign): Diagnostic[] {
  return findCombLoopsIn(new CheckContext(design));
}

/** findCombLoops over a context shared with the other checks (runChecks). */
export function findCombLoopsIn(ctx: CheckContext): Diagnostic[] {
  return analyse(ctx).flatMap((r) => r.diagnostics);
}
