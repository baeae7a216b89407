// A fused run loop: one generated function that runs n cycles over column
// arrays, for a given list of stimulus inputs and observed nets. Every net is
// a local variable inside it: registers and synchronous read data are loaded
// into `let` locals before the loop and stored back after it; combinational
// nets are `const` locals of one iteration. Inputs are read from the columns
// and observed values written to the output columns inside the loop.
//
// One iteration: the nodes that do not depend on an input (state only) are
// computed once, from the state after the previous edge; they serve both the
// previous cycle's outputs and this cycle's edge. Then the previous cycle's
// outputs (the input-dependent nodes they need, again with that cycle's
// inputs), then this cycle's inputs, the input-dependent nodes, the edge.
//
// Nets wider than 32 bits are bigint locals as in codegen.ts; a wide input is
// read from its words each cycle, as a bigint only when something reads it
// whole. Only for designs small enough for V8 to optimise one function;
// otherwise `generateLoop` returns null and the simulator uses the chunked
// settle/edge functions.
import type { FlatDesign, FlatNetId } from './flatten.ts';
import type { CombNode } from './schedule.ts';
import { edgeReadNets, nodeIns, nodeOut } from './schedule.ts';
import { activeCode, cellCode, cellShapes, memIndex, PARITY_FUNCTIONS, select1, truthy } from './codegen.ts';
import { NARROW_MAX } from './values.ts';

/** Past about this many weighted nodes V8 may not optimise the function (see README, Performance). */
const MAX_WEIGHT = 1200;

/**
 * (N, B, M, n, ins, outs): runs n cycles; N, B and M are the simulator's
 * narrow nets, wide nets and memories. Afterwards the state and the narrow
 * stimulus inputs (their last values) are in N and B; wide inputs are not.
 */
export type LoopFunction = (N: Int32Array, B: bigint[], M: (Int32Array | bigint[])[], n: number, ins: Uint32Array[], outs: Uint32Array[]) => void;

class NotFused extends Error {}

const lit = (v: bigint, w: number): string => (w <= NARROW_MAX ? String(Number(v) | 0) : `0x${v.toString(16)}n`);
const zero = (w: number): string => (w <= NARROW_MAX ? '0' : '0n');

/**
 * The source of a function body that returns the loop function (a
 * LoopFunction), or null when the design does not fit. `slot` and `wordSlots` are the layout's.
 */
export function generateLoop(
  flat: FlatDesign,
  order: CombNode[],
  constVal: (bigint | undefined)[],
  slot: Int32Array,
  wordSlots: Map<FlatNetId, number[]>,
  inputs: FlatNetId[],
  observe: FlatNetId[],
): string | null {
  try {
    return build(flat, order, constVal, slot, wordSlots, inputs, observe);
  } catch (e) {
    if (e instanceof NotFused) return null;
    throw e;
  }
}

function build(
  flat: FlatDesign,
  order: CombNode[],
  constVal: (bigint | undefined)[],
  slot: Int32Array,
  wordSlots: Map<FlatNetId, number[]>,
  inputs: FlatNetId[],
  observe: FlatNetId[],
): string {
  const nets = flat.nets;
  const W = (n: FlatNetId): number => nets[n].width;
  const narrow = (n: FlatNetId): boolean => W(n) <= NARROW_MAX;
  const shapes = cellShapes(flat, constVal);
  const weight = order.reduce((s, node) => s + (node.kind === 'cell' ? Math.max(1, flat.cells[node.cell].args.length - 1) : 1), 0);
  if (weight > MAX_WEIGHT) throw new NotFused();

  // Kinds of net: state (register q, synchronous read data), input port, combinational.
  const state = new Set<FlatNetId>();
  for (const r of flat.regs) state.add(r.q);
  for (const m of flat.memories) for (const rp of m.readPorts) if (rp.sync) state.add(rp.data);
  const inputPorts = new Set<FlatNetId>();
  for (const p of flat.ports) if (p.dir === 'input') inputPorts.add(p.net);

  // Input-dependent nodes.
  const fromInput = new Uint8Array(nets.length);
  for (const n of inputPorts) fromInput[n] = 1;
  const dep = order.map((node) => {
    const hit = nodeIns(flat, node).some((x) => fromInput[x] === 1);
    if (hit) fromInput[nodeOut(flat, node)] = 1;
    return hit;
  });
  // The input-dependent nodes the observed nets need (after the edge).
  const need = new Uint8Array(nets.length);
  for (const n of observe) need[n] = 1;
  const outNodes = new Array<boolean>(order.length).fill(false);
  for (let i = order.length - 1; i >= 0; i--) {
    const o = nodeOut(flat, order[i]);
    if (!need[o] || !dep[i]) continue;
    outNodes[i] = true;
    for (const x of nodeIns(flat, order[i])) need[x] = 1;
  }

  // Wide inputs read whole somewhere: built from their words every cycle.
  const wholeInputs = new Set<FlatNetId>();
  const r = (n: FlatNetId): string => {
    const v = constVal[n];
    if (v !== undefined) return lit(v, W(n));
    if (state.has(n)) return `q${n}`;
    if (inputPorts.has(n)) {
      if (narrow(n)) return `x${n}`;
      wholeInputs.add(n);
      return `X${n}`;
    }
    return `n${n}`;
  };
  // cellCode names every operand, also a wide input it reads only through its words.
  const named = (n: FlatNetId): string => (!narrow(n) && inputPorts.has(n) && constVal[n] === undefined ? `X${n}` : r(n));
  const word = (n: FlatNetId, k: number): string => {
    if (inputPorts.has(n) && wordSlots.has(n)) return `x${n}_${k}`;
    return `(Number(${k === 0 ? r(n) : `(${r(n)} >> ${32 * k}n)`} & 0xffffffffn) | 0)`;
  };
  const nodeCode = (node: CombNode): string[] => {
    if (node.kind === 'cell') {
      const code = cellCode(flat.cells[node.cell], named, W, word, shapes);
      // A whole wide input is used when its name appears.
      for (const x of flat.cells[node.cell].args) if (!narrow(x) && inputPorts.has(x) && code.some((l) => new RegExp(`\\bX${x}\\b`).test(l))) wholeInputs.add(x);
      return code;
    }
    if (node.kind === 'arst') {
      // The asynchronous reset forces q at once.
      const reg = flat.regs[node.reg];
      const rst = reg.reset!;
      return [`if (${activeCode(r(rst.net), W(rst.net), rst.activeLow)}) q${reg.q} = ${lit(rst.value, W(reg.q))};`];
    }
    const m = flat.memories[node.mem];
    const rp = m.readPorts[node.port];
    const o = rp.data;
    const wa = W(rp.addr);
    const a = r(rp.addr);
    if (wa > NARROW_MAX) return [`const n${o} = ${a} < ${m.depth}n ? m${node.mem}[Number(${a})] : ${zero(m.width)};`];
    const ua = wa === 32 ? `((${a}) >>> 0)` : a;
    const inRange = 2 ** wa <= m.depth;
    return [`const n${o} = ${inRange ? '' : `${ua} < ${m.depth} ? `}m${node.mem}[${ua}]${inRange ? '' : ` : ${zero(m.width)}`};`];
  };

  // For a single cycle (bind), the state-only nodes the edge side needs come
  // before the edge and those the outputs need after it, each only once.
  const needE = new Uint8Array(nets.length);
  const needO = new Uint8Array(nets.length);
  order.forEach((node, i) => {
    if (dep[i]) for (const x of nodeIns(flat, node)) needE[x] = 1;
    if (outNodes[i]) for (const x of nodeIns(flat, node)) needO[x] = 1;
  });
  for (const n of edgeReadNets(flat)) needE[n] = 1;
  for (const n of observe) needO[n] = 1;
  const inE = new Array<boolean>(order.length).fill(false);
  const inO = new Array<boolean>(order.length).fill(false);
  for (let i = order.length - 1; i >= 0; i--) {
    if (dep[i]) continue;
    const node = order[i];
    const o = nodeOut(flat, node);
    const arst = node.kind === 'arst';
    inE[i] = arst || needE[o] === 1;
    inO[i] = arst || needO[o] === 1;
    for (const x of nodeIns(flat, node)) {
      if (inE[i]) needE[x] = 1;
      if (inO[i]) needO[x] = 1;
    }
  }

  const stateOnly: string[] = [];
  const stateE: string[] = [];
  const stateO: string[] = [];
  const outputs: string[] = [];
  const pre: string[] = [];
  order.forEach((node, i) => {
    const code = nodeCode(node);
    if (!dep[i]) {
      stateOnly.push(...code);
      if (inE[i]) stateE.push(...code);
      if (inO[i]) stateO.push(...code);
    } else {
      pre.push(...code);
      if (outNodes[i]) outputs.push(...code);
    }
  });
  observe.forEach((n, i) => {
    const w = W(n);
    if (narrow(n)) outputs.push(`O${i}[c - 1] = ${r(n)};`);
    else {
      const words = Math.ceil(w / 32);
      outputs.push(`{ const v = ${r(n)};`);
      for (let k = 0; k < words; k++) outputs.push(`  O${i}[(c - 1) * ${words} + ${k}] = Number(${k === 0 ? 'v' : `(v >> ${32 * k}n)`} & 0xffffffffn);`);
      outputs.push('}');
    }
  });

  // The edge: next values first (read-first), then memory writes, then commit.
  const next: string[] = [];
  const commit: string[] = [];
  // A reset input the stimulus does not drive holds still for the whole loop:
  // its "not asserted" mask (0 or -1) is computed once, and narrow registers
  // select with it instead of testing the reset every cycle.
  const driven = new Set(inputs);
  const keepMasks = new Map<string, string>();
  const keepMask = (net: FlatNetId, activeLow: boolean): string | null => {
    if (!inputPorts.has(net) || driven.has(net) || !narrow(net)) return null;
    const key = `${net}/${activeLow}`;
    if (!keepMasks.has(key)) keepMasks.set(key, `const K${net}${activeLow ? 'l' : 'h'} = ${activeCode(r(net), W(net), activeLow)} ? 0 : -1;`);
    return `K${net}${activeLow ? 'l' : 'h'}`;
  };
  flat.regs.forEach((reg) => {
    const q = `q${reg.q}`;
    const d = r(reg.d);
    const rst = reg.reset ? activeCode(r(reg.reset.net), W(reg.reset.net), reg.reset.activeLow) : null;
    const rv = reg.reset ? lit(reg.reset.value, W(reg.q)) : '';
    let load = d;
    if (reg.enable !== undefined) {
      const e = r(reg.enable);
      load = W(reg.enable) === 1 && narrow(reg.q) && !/^-?\d+$/.test(e) ? select1(e, q, d) : `${truthy(e, W(reg.enable))} ? ${d} : ${q}`;
    }
    const k = reg.reset && narrow(reg.q) && rst !== 'true' && rst !== 'false' ? keepMask(reg.reset.net, reg.reset.activeLow) : null;
    if (k) {
      const v = Number(reg.reset!.value) | 0;
      next.push(`const u${reg.q} = ((${load}) & ${k})${v === 0 ? '' : ` | (${v} & ~${k})`};`);
      commit.push(`${q} = u${reg.q};`);
      return;
    }
    next.push(`const u${reg.q} = ${rst ? `${rst} ? ${rv} : ` : ''}${load};`);
    commit.push(`${q} = u${reg.q};`);
  });
  flat.memories.forEach((m, mi) =>
    m.readPorts.forEach((rp) => {
      if (!rp.sync) return;
      const u = `u${rp.data}`;
      const body = `{ ${memIndex(r(rp.addr), W(rp.addr), m.depth, (a) => `${u} = m${mi}[${a}];`, `${u} = ${zero(m.width)};`)} }`;
      next.push(`let ${u} = q${rp.data};`, rp.enable !== undefined ? `if (${truthy(r(rp.enable), W(rp.enable))}) ${body}` : body);
      commit.push(`q${rp.data} = ${u};`);
    }),
  );
  flat.memories.forEach((m, mi) =>
    m.writePorts.forEach((wp) => {
      next.push(`if (${truthy(r(wp.enable), W(wp.enable))}) { ${memIndex(r(wp.addr), W(wp.addr), m.depth, (a) => `m${mi}[${a}] = ${r(wp.data)};`, '')} }`);
    }),
  );

  // Inputs: every input port is a local, loaded from N (B); stimulus inputs
  // are read from their column every cycle.
  const scratch = Math.max(8, ...flat.cells.filter((c) => c.op === 'concat').map((c) => 8 * Math.ceil(W(c.out) / 64)));
  const head: string[] = [];
  flat.memories.forEach((_, i) => head.push(`const m${i} = M[${i}];`));
  inputs.forEach((_, j) => head.push(`const I${j} = ins[${j}];`));
  observe.forEach((_, i) => head.push(`const O${i} = outs[${i}];`));
  const store = (n: FlatNetId): string => (narrow(n) ? `N[${slot[n]}]` : `B[${slot[n]}]`);
  for (const n of state) head.push(`let q${n} = ${store(n)};`);
  for (const n of inputPorts) {
    if (narrow(n)) head.push(`let x${n} = N[${slot[n]}];`);
    else {
      (wordSlots.get(n) ?? []).forEach((s, k) => head.push(`let x${n}_${k} = N[${s}];`));
      if (wholeInputs.has(n)) head.push(`let X${n} = B[${slot[n]}];`);
    }
  }
  head.push(...keepMasks.values());
  const read: string[] = [];
  inputs.forEach((n, j) => {
    if (narrow(n)) {
      read.push(`x${n} = I${j}[c] | 0;`);
      return;
    }
    const words = Math.ceil(W(n) / 32);
    (wordSlots.get(n) ?? []).forEach((_, k) => read.push(`x${n}_${k} = I${j}[c * ${words} + ${k}] | 0;`));
    if (wholeInputs.has(n))
      read.push(`X${n} = ${Array.from({ length: words }, (_, k) => (k === 0 ? `BigInt(I${j}[c * ${words}])` : `(BigInt(I${j}[c * ${words} + ${k}]) << ${32 * k}n)`)).join(' | ')};`);
  });

  // After the cycles: the state back into N/B, and narrow stimulus inputs
  // keep their last value in N (the caller stores wide ones).
  const storeBack = [...[...state].map((n) => `${store(n)} = q${n};`), ...inputs.filter(narrow).map((n) => `${store(n)} = x${n};`)];
  // One cycle's inputs, input-dependent nodes and edge.
  const cycle = [...read, ...pre, ...next, ...commit];
  const ind = (ls: string[], d: string): string[] => ls.map((l) => d + l);
  // Helpers outside the loop function: created once, not on every call.
  const body = [
    "'use strict';",
    `const DV = new DataView(new ArrayBuffer(${scratch}));`,
    ...PARITY_FUNCTIONS,
    'function single(N, B, M, ins, outs) {',
    ...ind(head, '  '),
    '  {',
    '    const c = 0;',
    ...ind(stateE, '    '),
    ...ind(cycle, '    '),
    '  }',
    '  {',
    '    const c = 1;',
    ...ind(stateO, '    '),
    ...ind(outputs, '    '),
    '  }',
    ...ind(storeBack, '  '),
    '}',
    'return function loop(N, B, M, n, ins, outs) {',
    'if (n === 1) return single(N, B, M, ins, outs);',
    ...head,
    'for (let c = 0; ; c++) {',
    ...ind(stateOnly, '  '),
    '  if (c > 0) {',
    ...ind(outputs, '    '),
    '  }',
    '  if (c === n) break;',
    '  {',
    ...ind(cycle, '    '),
    '  }',
    '}',
    ...storeBack,
    '};',
  ];
  return body.join('\n') + '\n';
}
