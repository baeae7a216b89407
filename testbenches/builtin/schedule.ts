// Orders the combinational logic so that one pass in order settles every net.
// Nodes: combinational cells (constants excluded: they are folded into their
// readers), asynchronous memory reads, and the async-reset override of a
// register (q follows its reset at once). Registers and synchronous reads are
// sources: they break paths. A cycle among nodes is a combinational loop.
import type { SourceLoc } from '../../hdl/ir.ts';
import type { DiagnosticSink } from '../../hdl/diagnostics.ts';
import type { FlatDesign, FlatNetId } from './flatten.ts';

export type CombNode =
  | { kind: 'cell'; cell: number }
  | { kind: 'aread'; mem: number; port: number }
  | { kind: 'arst'; reg: number };

function nodeOut(flat: FlatDesign, n: CombNode): FlatNetId {
  switch (n.kind) {
    case 'cell':
      return flat.cells[n.cell].out;
    case 'aread':
      return flat.memories[n.mem].readPorts[n.port].data;
    case 'arst':
      return flat.regs[n.reg].q;
  }
}

function nodeIns(flat: FlatDesign, n: CombNode): FlatNetId[] {
  switch (n.kind) {
    case 'cell':
      return flat.cells[n.cell].args;
    case 'aread':
      return [flat.memories[n.mem].readPorts[n.port].addr];
    case 'arst':
      return [flat.regs[n.reg].reset!.net];
  }
}

function nodeLoc(flat: FlatDesign, n: CombNode): SourceLoc {
  switch (n.kind) {
    case 'cell':
      return flat.cells[n.cell].loc;
    case 'aread':
      return flat.memories[n.mem].readPorts[n.port].loc;
    case 'arst':
      return flat.regs[n.reg].loc;
  }
}

export function combNodes(flat: FlatDesign): CombNode[] {
  const nodes: CombNode[] = [];
  flat.cells.forEach((c, i) => c.op !== 'const' && nodes.push({ kind: 'cell', cell: i }));
  flat.memories.forEach((m, mi) => m.readPorts.forEach((rp, pi) => !rp.sync && nodes.push({ kind: 'aread', mem: mi, port: pi })));
  flat.regs.forEach((r, i) => r.reset?.async && nodes.push({ kind: 'arst', reg: i }));
  return nodes;
}

/** The nets the clock edge reads: register data, enables and resets, synchronous read ports, write ports. */
export function edgeReadNets(flat: FlatDesign): FlatNetId[] {
  const out: FlatNetId[] = [];
  for (const r of flat.regs) {
    out.push(r.d);
    if (r.enable !== undefined) out.push(r.enable);
    if (r.reset) out.push(r.reset.net);
  }
  for (const m of flat.memories) {
    for (const rp of m.readPorts) if (rp.sync) (out.push(rp.addr), rp.enable !== undefined && out.push(rp.enable));
    for (const wp of m.writePorts) out.push(wp.addr, wp.data, wp.enable);
  }
  return out;
}

/**
 * The nets state elements and outputs read, in design order: the roots of the
 * schedule, so that each register's whole input cone is one stretch of code
 * (one LIF neuron's dozen cells together, not spread over the settle pass
 * with its intermediate values stored and loaded again).
 */
function sinkNets(flat: FlatDesign): FlatNetId[] {
  return [...edgeReadNets(flat), ...flat.ports.filter((p) => p.dir === 'output').map((p) => p.net)];
}

/**
 * Nodes in evaluation order (depth-first from the nets registers, memory ports
 * and outputs read, then from every other node in design order, so a cell
 * lands right after what it reads), or null after reporting loops.
 */
export function scheduleComb(flat: FlatDesign, sink: DiagnosticSink): CombNode[] | null {
  const nodes = combNodes(flat);
  const producer = new Int32Array(flat.nets.length).fill(-1);
  nodes.forEach((n, i) => (producer[nodeOut(flat, n)] = i));
  const ins = nodes.map((n) => nodeIns(flat, n));
  const state = new Uint8Array(nodes.length); // 0 new, 1 on the stack, 2 done
  const order: CombNode[] = [];
  const loops: number[][] = [];
  const stack: number[] = [];
  const next: number[] = [];
  const roots: number[] = [];
  for (const n of sinkNets(flat)) if (producer[n] >= 0) roots.push(producer[n]);
  for (let i = 0; i < nodes.length; i++) roots.push(i);
  for (const root of roots) {
    if (state[root] !== 0) continue;
    stack.push(root);
    next.push(0);
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack.length - 1;
      const n = stack[top];
      const k = next[top];
      if (k < ins[n].length) {
        next[top] = k + 1;
        const p = producer[ins[n][k]];
        if (p < 0 || state[p] === 2) continue;
        if (state[p] === 1) {
          // Reversed, the stack segment reads in data-flow order; start at the node first in the design.
          if (loops.length < 10) {
            const loop = stack.slice(stack.lastIndexOf(p)).reverse();
            const first = loop.indexOf(Math.min(...loop));
            loops.push([...loop.slice(first), ...loop.slice(0, first)]);
          }
          continue;
        }
        state[p] = 1;
        stack.push(p);
        next.push(0);
      } else {
        state[n] = 2;
        order.push(nodes[n]);
        stack.pop();
        next.pop();
      }
    }
  }
  for (const loop of loops) {
    const names = loop.map((i) => flat.nets[nodeOut(flat, nodes[i])].name);
    sink.error(
      'comb-loop',
      `combinational loop through ${names.map((n) => `'${n}'`).join(' -> ')} -> '${names[0]}'`,
      nodeLoc(flat, nodes[loop[0]]),
      loop.map((i) => ({ message: `drives '${flat.nets[nodeOut(flat, nodes[i])].name}'`, loc: nodeLoc(flat, nodes[i]) })),
    );
  }
  return loops.length > 0 ? null : order;
}

export { nodeIns, nodeOut };
