// Generates the JavaScript of a compiled model. Narrow nets (<= 32 bits) are
// int32 values in `N` (an Int32Array) holding the pattern in the low bits;
// wide nets are unsigned bigints in `B`. Generated code keeps every value in
// that canonical form, so equality is `===` and storage is a plain copy.
//
// The settle pass is straight-line code in dependency order, split into
// functions of about `chunkSize` nodes because V8 will not optimise very
// large functions. Inside a chunk each net is a `const` local; a net is also
// stored in its slot only when something outside the chunk reads it (another
// chunk, the clock edge, or the testbench through its name).
//
// The edge pass computes every register and synchronous read from settled
// values, applies memory writes in port order (later port wins), and commits.
// Only an element whose output another element reads at the same edge goes
// through a shadow slot; the others update in place.
import type { FlatCell, FlatDesign, FlatNetId } from './flatten.ts';
import type { CombNode } from './schedule.ts';
import { edgeReadNets, nodeIns, nodeOut } from './schedule.ts';
import { NARROW_MAX } from './values.ts';
import { evalCell } from '../../hdl/passes/index.ts';

export interface Layout {
  narrowCount: number;
  wideCount: number;
  shadowNarrow: number;
  shadowWide: number;
  /** Storage slot per flat net: an index into N (width <= 32) or B (wider), or -1 for none. */
  slot: Int32Array;
  /** Stored nets with a constant driver and their pattern, written once at creation. */
  constants: { net: FlatNetId; value: bigint }[];
  /**
   * Wide top-level inputs also kept as 32-bit words in N (least significant
   * first), so slices of them need no BigInt arithmetic; whoever stores such
   * an input stores its words too.
   */
  inputWords: { net: FlatNetId; slots: number[] }[];
  /**
   * Wide nets kept only as 32-bit words in N (least significant first), never
   * as a bigint: a concatenation of narrow parts that only `id` cells read (or
   * nobody: an output), and those `id` copies, which share its words. Readers
   * by name build the bigint from the words.
   */
  netWords: { net: FlatNetId; slots: number[] }[];
}

export interface Generated {
  source: string;
  layout: Layout;
  /** The settle order with constant cells folded out, and every constant net's value (for loop.ts). */
  order: CombNode[];
  constVal: (bigint | undefined)[];
}

const narrow = (w: number): boolean => w <= NARROW_MAX;

/** The helpers the `redxor` code calls (cellCode), in every generated source. */
export const PARITY_FUNCTIONS = [
  'function par32(x) { x ^= x >>> 16; x ^= x >>> 8; x ^= x >>> 4; x ^= x >>> 2; x ^= x >>> 1; return x & 1; }',
  'function parBig(x) { let p = 0; while (x !== 0n) { p ^= par32(Number(x & 0xffffffffn)); x >>= 32n; } return p; }',
];
const hex = (v: bigint): string => '0x' + v.toString(16);
const maskOf = (w: number): number => 2 ** w - 1;
/** A narrow pattern as the int32 literal the generated code keeps. */
const narrowLit = (v: bigint): string => String(Number(v) | 0);
const bigLit = (v: bigint): string => `${hex(v)}n`;

/** `code` reduced modulo 2^w into canonical form. */
function mk(code: string, w: number): string {
  return w === 32 ? `((${code}) | 0)` : `((${code}) & ${maskOf(w)})`;
}
/** `code` (canonical, w bits) sign-extended to an int32. */
function sx(code: string, w: number): string {
  return w === 32 ? code : `((${code}) << ${32 - w} >> ${32 - w})`;
}
/** `code` (canonical, w bits) as a non-negative number. */
function ux(code: string, w: number): string {
  return w === 32 ? `((${code}) >>> 0)` : code;
}
/** `code` (w bits, any storage) as an unsigned bigint. */
function big(code: string, w: number): string {
  return w > 32 ? code : w === 32 ? `BigInt((${code}) >>> 0)` : `BigInt(${code})`;
}
// Masking and sign-flipping beat BigInt.asUintN/asIntN, which V8 only makes fast at 64 bits.
const asU = (w: number, code: string): string => `((${code}) & ${bigLit((1n << BigInt(w)) - 1n)})`;
const asI = (w: number, code: string): string => `((${code} ^ ${bigLit(1n << BigInt(w - 1))}) - ${bigLit(1n << BigInt(w - 1))})`;

export function generate(flat: FlatDesign, schedule: CombNode[], chunkSize: number): Generated {
  const nets = flat.nets;
  const W = (n: FlatNetId): number => nets[n].width;

  const constVal: (bigint | undefined)[] = new Array(nets.length);
  for (const c of flat.cells) if (c.op === 'const') constVal[c.out] = c.value!;
  // Cells whose operands are all constants are constants too (e.g. a sign-extended
  // threshold): computed here, never at run time.
  const order = schedule.filter((node) => {
    if (node.kind !== 'cell') return true;
    const c = flat.cells[node.cell];
    if (c.args.length === 0 || !c.args.every((x) => constVal[x] !== undefined)) return true;
    const params = { ...(c.lo !== undefined ? { lo: c.lo } : {}), ...(c.amount !== undefined ? { amount: c.amount } : {}) };
    constVal[c.out] = evalCell(c.op, c.args.map((x) => constVal[x]!), c.args.map(W), c.args.map(() => c.argSigned), W(c.out), params);
    return false;
  });
  const shapes = cellShapes(flat, constVal);

  // Chunks of the settle pass, by weight: a node with many operands (mux,
  // concat) generates more code. Staying far below V8's optimisable size also
  // keeps TurboFan's compile time (superlinear in function size) low.
  const chunksOf = (nodes: CombNode[]): CombNode[][] => {
    const chunks: CombNode[][] = [];
    let cur: CombNode[] = [];
    let weight = 0;
    for (const node of nodes) {
      const w = node.kind === 'cell' ? Math.max(1, flat.cells[node.cell].args.length - 1) : 1;
      if (cur.length > 0 && weight + w > chunkSize) {
        chunks.push(cur);
        cur = [];
        weight = 0;
      }
      cur.push(node);
      weight += w;
    }
    if (cur.length > 0) chunks.push(cur);
    return chunks;
  };
  const producerOf = (chunks: CombNode[][]): Int32Array => {
    const producer = new Int32Array(nets.length).fill(-1);
    chunks.forEach((ch, ci) => ch.forEach((n) => (producer[nodeOut(flat, n)] = ci)));
    return producer;
  };
  const chunks = chunksOf(order);
  const producerChunk = producerOf(chunks);

  // The input cone: the nodes that read a top-level input, directly or not.
  // After pokes only these need settling again (`settleInputs`); everything
  // else still holds what the last full settle computed from the state.
  const fromInput = new Uint8Array(nets.length);
  for (const p of flat.ports) if (p.dir === 'input') fromInput[p.net] = 1;
  const inCone = order.filter((node) => {
    const hit = nodeIns(flat, node).some((x) => fromInput[x] === 1);
    if (hit) fromInput[nodeOut(flat, node)] = 1;
    return hit;
  });
  // A cone of most of the logic is not worth its own functions (and the
  // extra stores its chunk boundaries need): settleInputs is then settle.
  const cone = inCone.length <= 0.6 * order.length ? inCone : null;
  const coneChunks = cone ? chunksOf(cone) : [];
  const producerCone = producerOf(coneChunks);

  // Which nets need a storage slot.
  const stored = new Uint8Array(nets.length);
  for (const s of flat.signals) stored[s.net] = 1;
  for (const p of flat.ports) stored[p.net] = 1;
  for (const r of flat.regs) stored[r.q] = 1;
  for (const m of flat.memories) for (const rp of m.readPorts) if (rp.sync) stored[rp.data] = 1;
  const crossReads = (chs: CombNode[][], producer: Int32Array): void =>
    chs.forEach((ch, ci) =>
      ch.forEach((n) => {
        for (const x of nodeIns(flat, n)) if (producer[x] !== ci) stored[x] = 1;
      }),
    );
  crossReads(chunks, producerChunk);
  crossReads(coneChunks, producerCone);
  const edgeNets = edgeReadNets(flat);
  for (const n of edgeNets) stored[n] = 1;

  const slot = new Int32Array(nets.length).fill(-1);
  let narrowCount = 0;
  let wideCount = 0;
  const constants: Layout['constants'] = [];
  for (const n of nets) {
    if (!stored[n.id]) continue;
    slot[n.id] = narrow(n.width) ? narrowCount++ : wideCount++;
    if (constVal[n.id] !== undefined) constants.push({ net: n.id, value: constVal[n.id]! });
  }
  const inputWords: Layout['inputWords'] = [];
  const wordSlots = new Map<FlatNetId, number[]>();
  for (const p of flat.ports) {
    if (p.dir !== 'input' || narrow(p.width) || wordSlots.has(p.net)) continue;
    const slots = Array.from({ length: Math.ceil(p.width / 32) }, () => narrowCount++);
    wordSlots.set(p.net, slots);
    inputWords.push({ net: p.net, slots });
  }
  // Word-only wide nets (see Layout.netWords): candidates, then every net read
  // by anything but an `id` copy that is a candidate itself is dropped, with
  // what it copies from, until nothing changes.
  const wordOnly = new Map<FlatNetId, FlatNetId>(); // net -> the concatenation whose words it shares
  for (const node of order) {
    if (node.kind !== 'cell') continue;
    const c = flat.cells[node.cell];
    if (narrow(W(c.out)) || constVal[c.out] !== undefined) continue;
    if (c.op === 'concat' && c.args.every((x) => narrow(W(x)))) wordOnly.set(c.out, c.out);
    else if (c.op === 'id' && wordOnly.has(c.args[0]) && W(c.args[0]) === W(c.out)) wordOnly.set(c.out, wordOnly.get(c.args[0])!);
  }
  const edgeRead = new Uint8Array(nets.length);
  for (const n of edgeNets) edgeRead[n] = 1;
  for (let changed = true; changed; ) {
    changed = false;
    const drop = (n: FlatNetId): void => {
      // A whole family goes: the concatenation and every copy of it.
      const root = wordOnly.get(n);
      if (root === undefined) return;
      for (const [k, v] of [...wordOnly]) if (v === root) wordOnly.delete(k);
      changed = true;
    };
    for (const n of wordOnly.keys()) if (edgeRead[n]) drop(n);
    for (const node of order) {
      const ins = nodeIns(flat, node);
      const out = nodeOut(flat, node);
      const copy = node.kind === 'cell' && flat.cells[node.cell].op === 'id' && wordOnly.has(out);
      if (!copy) for (const x of ins) drop(x);
    }
  }
  const netWords: Layout['netWords'] = [];
  const rootWords = new Map<FlatNetId, number[]>();
  for (const [n, root] of wordOnly) {
    let slots = rootWords.get(root);
    if (!slots) rootWords.set(root, (slots = Array.from({ length: Math.ceil(W(root) / 32) }, () => narrowCount++)));
    netWords.push({ net: n, slots });
  }

  const store = (n: FlatNetId): string => (narrow(W(n)) ? `N[${slot[n]}]` : `B[${slot[n]}]`);
  const lit = (v: bigint, w: number): string => (narrow(w) ? narrowLit(v) : bigLit(v));
  const zero = (w: number): string => (narrow(w) ? '0' : '0n');

  // The state arrays are variables of the generated module, bound to one
  // simulator's arrays at a time (`bind`): the functions are created once per
  // compiled model, so V8 optimises them once, not once per simulator.
  const mems = flat.memories.map((_, i) => `m${i}`);
  const out: string[] = ["'use strict';", `let N, B, M, S, SB${mems.map((m) => `, ${m}`).join('')};`];
  const scratchBytes = Math.max(8, ...flat.cells.filter((c) => c.op === 'concat').map((c) => 8 * Math.ceil(W(c.out) / 64)));
  out.push(`const DV = new DataView(new ArrayBuffer(${scratchBytes}));`);
  out.push(`function bind(n, b, mm, s, sb) { N = n; B = b; M = mm; S = s; SB = sb;${mems.map((m, i) => ` ${m} = M[${i}];`).join('')} }`);
  out.push(...PARITY_FUNCTIONS);

  // ---- settle ----
  const settleChunks = (chs: CombNode[][], producer: Int32Array, prefix: string): void => chs.forEach((ch, ci) => {
    const body: string[] = [];
    const loaded = new Set<FlatNetId>();
    // 32-bit words of wide nets, for slices that fit in a word or two.
    const words = new Set<string>();
    const word = (n: FlatNetId, k: number): string => {
      const name = `w${n}_${k}`;
      if (!words.has(name)) {
        words.add(name);
        const ws = wordSlots.get(n);
        if (ws) body.push(`const ${name} = N[${ws[k]}];`);
        else {
          const x = r(n);
          body.push(`const ${name} = Number(${k === 0 ? x : `(${x} >> ${32 * k}n)`} & 0xffffffffn) | 0;`);
        }
      }
      return name;
    };
    // Nets from outside the chunk are loaded just before their first use, which
    // keeps live ranges short (TurboFan's compile time grows with them).
    const r = (n: FlatNetId): string => {
      const v = constVal[n];
      if (v !== undefined) return lit(v, W(n));
      if (producer[n] !== ci && !loaded.has(n)) {
        loaded.add(n);
        body.push(`const n${n} = ${store(n)};`);
      }
      return `n${n}`;
    };
    for (const node of ch) {
      const o = nodeOut(flat, node);
      if (wordOnly.has(o)) {
        // Its words straight into N; a copy shares them and costs nothing.
        const c = flat.cells[(node as { cell: number }).cell];
        // One word at a time, each loading its parts just before: 32 live values, not hundreds.
        if (c.op === 'concat') concatParts(c, W).forEach((ps, k) => body.push(`N[${rootWords.get(o)![k]}] = ${partsCode(ps, r)};`));
        continue;
      }
      if (node.kind === 'cell') {
        body.push(...cellCode(flat.cells[node.cell], r, W, word, shapes));
        if (stored[o]) body.push(`${store(o)} = n${o};`);
      } else if (node.kind === 'aread') {
        const m = flat.memories[node.mem];
        const rp = m.readPorts[node.port];
        const wa = W(rp.addr);
        const a = r(rp.addr);
        if (narrow(wa)) {
          const inRange = 2 ** wa <= m.depth;
          body.push(`const n${o} = ${inRange ? '' : `${ux(a, wa)} < ${m.depth} ? `}m${node.mem}[${ux(a, wa)}]${inRange ? '' : ` : ${zero(m.width)}`};`);
        } else {
          body.push(`const n${o} = ${a} < ${m.depth}n ? m${node.mem}[Number(${a})] : ${zero(m.width)};`);
        }
        if (stored[o]) body.push(`${store(o)} = n${o};`);
      } else {
        const reg = flat.regs[node.reg];
        const rst = reg.reset!;
        const cond = activeCode(r(rst.net), W(rst.net), rst.activeLow);
        body.push(`const n${o} = ${cond} ? (${store(o)} = ${lit(rst.value, W(o))}) : ${store(o)};`);
      }
    }
    out.push(`function ${prefix}${ci}() {`, ...body.map((l) => '  ' + l), '}');
  });
  settleChunks(chunks, producerChunk, 'c');
  settleChunks(coneChunks, producerCone, 'i');
  out.push(`function settle() {${chunks.map((_, i) => ` c${i}();`).join('')} }`);
  out.push(cone ? `function settleInputs() {${coneChunks.map((_, i) => ` i${i}();`).join('')} }` : 'const settleInputs = settle;');

  // When most logic depends on the inputs (no input cone of its own), a cycle
  // with new inputs costs a settle before the edge and one after it. Then two
  // partial settles: before the edge only what the edge reads, after it only
  // what the top-level outputs read (same chunks, filtered, so every value
  // that crosses chunks has its slot already).
  const partial = cone === null && order.length > 0;
  if (partial) {
    const coneOf = (roots: FlatNetId[]): (node: CombNode) => boolean => {
      const want = new Uint8Array(nets.length);
      for (const n of roots) want[n] = 1;
      const keep = new Set<CombNode>();
      for (let i = order.length - 1; i >= 0; i--) {
        const node = order[i];
        // An asynchronous reset's override belongs to every settle.
        if (node.kind !== 'arst' && !want[nodeOut(flat, node)]) continue;
        keep.add(node);
        for (const x of nodeIns(flat, node)) want[x] = 1;
      }
      return (node) => keep.has(node);
    };
    // Output ports and the word-only nets they copy (an output may be an `id` of a concatenation).
    const outRoots = flat.ports.filter((p) => p.dir === 'output').map((p) => p.net);
    const inEdge = coneOf(edgeNets);
    const inOut = coneOf(outRoots);
    const filtered = (keep: (node: CombNode) => boolean) => chunks.map((ch) => ch.filter(keep));
    const edgeChunks = filtered(inEdge);
    const outChunks = filtered(inOut);
    settleChunks(edgeChunks, producerChunk, 'x');
    settleChunks(outChunks, producerChunk, 'o');
    const calls = (chs: CombNode[][], prefix: string): string => chs.map((ch, i) => (ch.length > 0 ? ` ${prefix}${i}();` : '')).join('');
    out.push(`function settleForEdge() {${calls(edgeChunks, 'x')} }`);
    out.push(`function settleOutputs() {${calls(outChunks, 'o')} }`);
  } else out.push('const settleForEdge = null, settleOutputs = null;');

  // ---- edge ----
  const e = (n: FlatNetId): string => {
    const v = constVal[n];
    return v !== undefined ? lit(v, W(n)) : store(n);
  };
  // Readers of each net at the edge, to find outputs that must go through a shadow.
  const readers = new Map<FlatNetId, Set<number>>();
  const reads = (n: FlatNetId | undefined, who: number): void => {
    if (n === undefined) return;
    let s = readers.get(n);
    if (!s) readers.set(n, (s = new Set()));
    s.add(who);
  };
  const syncReads: { mem: number; port: number }[] = [];
  flat.memories.forEach((m, mi) => m.readPorts.forEach((rp, pi) => rp.sync && syncReads.push({ mem: mi, port: pi })));
  flat.regs.forEach((reg, i) => (reads(reg.d, i), reads(reg.enable, i), reads(reg.reset?.net, i)));
  const R = flat.regs.length;
  syncReads.forEach(({ mem, port }, j) => {
    const rp = flat.memories[mem].readPorts[port];
    reads(rp.addr, R + j);
    reads(rp.enable, R + j);
  });
  let writer = R + syncReads.length;
  for (const m of flat.memories) for (const wp of m.writePorts) (reads(wp.addr, writer), reads(wp.data, writer), reads(wp.enable, writer), writer++);
  const hazard = (n: FlatNetId, self: number): boolean => [...(readers.get(n) ?? [])].some((x) => x !== self);

  let shadowNarrow = 0;
  let shadowWide = 0;
  const edgeStmts: string[] = [];
  const commits: string[] = [];
  const shadowFor = (n: FlatNetId): string => {
    const s = narrow(W(n)) ? `S[${shadowNarrow++}]` : `SB[${shadowWide++}]`;
    commits.push(`${store(n)} = ${s};`);
    return s;
  };
  const byReset = new Map<string, [string, string, string][]>();
  const groupWeight = new Map<string, number>();
  flat.regs.forEach((reg, i) => {
    const w = W(reg.q);
    const q = store(reg.q);
    const d = e(reg.d);
    const rst = reg.reset ? activeCode(e(reg.reset.net), W(reg.reset.net), reg.reset.activeLow) : null;
    const rv = reg.reset ? lit(reg.reset.value, w) : '';
    const en = reg.enable !== undefined ? truthy(e(reg.enable), W(reg.enable)) : null;
    if (hazard(reg.q, i)) {
      const t = shadowFor(reg.q);
      edgeStmts.push(`${t} = ${rst ? `${rst} ? ${rv} : ` : ''}${en ? `${en} ? ${d} : ${q}` : d};`);
    } else if (!rst && !en) edgeStmts.push(`${q} = ${d};`);
    else if (rst && !en) {
      // Grouped by reset below: one test of the reset for all of them.
      let g = byReset.get(rst);
      if (!g) byReset.set(rst, (g = []));
      g.push([q, rv, d]);
    }
    else if (en && reg.enable !== undefined && W(reg.enable) === 1 && narrow(w) && !/^-?\d+$/.test(e(reg.enable))) {
      // A 1-bit enable selects without a branch (enables are often unpredictable data).
      const load = select1(e(reg.enable), q, d);
      edgeStmts.push(rst ? `if (${rst}) ${q} = ${rv}; else ${q} = ${load};` : `${q} = ${load};`);
    } else if (!rst && en) edgeStmts.push(`if (${en}) ${q} = ${d};`);
    else edgeStmts.push(`if (${rst}) ${q} = ${rv}; else if (${en}) ${q} = ${d};`);
  });
  syncReads.forEach(({ mem, port }, j) => {
    const m = flat.memories[mem];
    const rp = m.readPorts[port];
    const t = hazard(rp.data, R + j) ? shadowFor(rp.data) : store(rp.data);
    const body = `{ ${memIndex(e(rp.addr), W(rp.addr), m.depth, (a) => `${t} = m${mem}[${a}];`, `${t} = ${zero(m.width)};`)} }`;
    edgeStmts.push(rp.enable !== undefined ? `if (${truthy(e(rp.enable), W(rp.enable))}) ${body}` : body);
  });
  flat.memories.forEach((m, mi) =>
    m.writePorts.forEach((wp) => {
      const body = memIndex(e(wp.addr), W(wp.addr), m.depth, (a) => `m${mi}[${a}] = ${e(wp.data)};`, '');
      edgeStmts.push(`if (${truthy(e(wp.enable), W(wp.enable))}) { ${body} }`);
    }),
  );
  // Registers with a reset and no enable that no other element reads at this
  // edge: in any order, so per reset one branch over a group (at most
  // chunkSize statements, the functions' size limit).
  for (const [rst, regs] of byReset) {
    const half = Math.max(1, chunkSize >> 1);
    for (let i = 0; i < regs.length; i += half) {
      const g = regs.slice(i, i + half);
      const stmt = `if (${rst}) { ${g.map(([q, rv]) => `${q} = ${rv};`).join(' ')} } else { ${g.map(([q, , d]) => `${q} = ${d};`).join(' ')} }`;
      groupWeight.set(stmt, g.length);
      edgeStmts.push(stmt);
    }
  }
  edgeStmts.push(...commits);
  // Functions of at most about chunkSize register updates each (a group counts its members).
  const edgeChunks: string[] = [];
  const weightOf = (stmt: string): number => groupWeight.get(stmt) ?? 1;
  for (let i = 0; i < edgeStmts.length; ) {
    const k = edgeChunks.length;
    const body: string[] = [];
    for (let wsum = 0; i < edgeStmts.length && (body.length === 0 || wsum + weightOf(edgeStmts[i]) <= chunkSize); i++) {
      wsum += weightOf(edgeStmts[i]);
      body.push('  ' + edgeStmts[i]);
    }
    edgeChunks.push(`e${k}`);
    out.push(`function e${k}() {`, ...body, '}');
  }
  out.push(`function edge() {${edgeChunks.map((f) => ` ${f}();`).join('')} }`);
  out.push('function run(n) { for (let i = 0; i < n; i++) { edge(); settle(); } }');
  out.push('return { bind, settle, settleInputs, settleForEdge, settleOutputs, edge, run };');

  return {
    source: out.join('\n') + '\n',
    layout: { narrowCount, wideCount, shadowNarrow, shadowWide, slot, constants, inputWords, netWords },
    order,
    constVal,
  };
}

/** Code for "net value is non-zero". */
export function truthy(code: string, w: number): string {
  if (/^-?\d+$/.test(code)) return code === '0' ? 'false' : 'true';
  if (/^0x[0-9a-f]+n$/.test(code)) return code === '0x0n' ? 'false' : 'true';
  return narrow(w) ? `${code} !== 0` : `${code} !== 0n`;
}

/** Code for "reset is asserted". */
export function activeCode(code: string, w: number, activeLow: boolean): string {
  const t = truthy(code, w);
  if (t === 'true' || t === 'false') return (t === 'true') !== activeLow ? 'true' : 'false';
  return activeLow ? (narrow(w) ? `${code} === 0` : `${code} === 0n`) : t;
}

/** A statement indexing a memory of `depth` words at address `code`, with the out-of-range case. */
export function memIndex(code: string, w: number, depth: number, hit: (a: string) => string, miss: string): string {
  if (narrow(w)) {
    const a = ux(code, w);
    if (2 ** w <= depth) return hit(a);
    return `const a = ${a}; if (a < ${depth}) ${hit('a')}${miss ? ` else ${miss}` : ''}`;
  }
  return `const a = ${code}; if (a < ${depth}n) ${hit('Number(a)')}${miss ? ` else ${miss}` : ''}`;
}

/** Per 32-bit word (least significant first) of a wide concatenation of narrow parts: each part and where it lands. */
function concatParts(c: FlatCell, W: (n: FlatNetId) => number): { net: FlatNetId; shift: number }[][] {
  const w = W(c.out);
  const words: { net: FlatNetId; shift: number }[][] = Array.from({ length: Math.ceil(w / 32) }, () => []);
  let off = w;
  for (const x of c.args) {
    const wx = W(x);
    off -= wx;
    for (let k = off >> 5; k <= (off + wx - 1) >> 5; k++) words[k].push({ net: x, shift: off - 32 * k });
  }
  return words;
}

/** The int32 expression of one word from its parts. */
function partsCode(parts: { net: FlatNetId; shift: number }[], r: (n: FlatNetId) => string): string {
  if (parts.length === 0) return '0';
  return parts
    .map(({ net, shift }) => {
      const a = r(net);
      return shift === 0 ? a : shift > 0 ? `(${a} << ${shift})` : `(${a} >>> ${-shift})`;
    })
    .join(' | ');
}

/** The 32-bit words (int32 expressions, least significant first) of a wide concatenation of narrow parts. */
function concatWords(c: FlatCell, r: (n: FlatNetId) => string, W: (n: FlatNetId) => number): string[] {
  return concatParts(c, W).map((ps) => partsCode(ps, r));
}

/** Statements computing a cell into `const n<out>`. */
/** What a cell's code may know about its operands' producers (for peepholes). */
export interface CellShapes {
  producer(n: FlatNetId): FlatCell | undefined;
  constant(n: FlatNetId): bigint | undefined;
}

/** Shapes over a flat design and its folded constants. */
export function cellShapes(flat: FlatDesign, constVal: (bigint | undefined)[]): CellShapes {
  const byOut = new Map<FlatNetId, FlatCell>();
  for (const c of flat.cells) byOut.set(c.out, c);
  return { producer: (n) => byOut.get(n), constant: (n) => constVal[n] };
}

/**
 * `s ? x + k : x` (or `s ? x : x + k`, and the same with `-`) for a 1-bit
 * select and a constant k, all of one narrow width: a conditional step (a
 * counter with an enable) is one masked add, not an add and a select (64
 * enabled counters in the fused loop: 13 M cycles/s against 7.7 M).
 */
function conditionalStep(c: FlatCell, a: string[], W: (n: FlatNetId) => number, shapes: CellShapes | undefined): string | null {
  if (!shapes) return null;
  const [, x0, x1] = c.args;
  const w = W(c.out);
  for (const [stepArm, keep, mask] of [[x1, x0, `-${a[0]}`], [x0, x1, `(${a[0]} - 1)`]] as const) {
    const cell = shapes.producer(stepArm);
    if (!cell || (cell.op !== 'add' && cell.op !== 'sub') || W(cell.out) !== w || cell.args.some((x) => W(x) !== w)) continue;
    let k: bigint | undefined;
    if (cell.args[0] === keep) k = shapes.constant(cell.args[1]);
    else if (cell.op === 'add' && cell.args[1] === keep) k = shapes.constant(cell.args[0]);
    if (k === undefined) continue;
    const x = keep === x0 ? a[1] : a[2];
    const op = cell.op === 'add' ? '+' : '-';
    return mk(k === 1n && mask.startsWith('-') ? `${x} ${op} ${a[0]}` : `${x} ${op} (${narrowLit(k)} & ${mask})`, w);
  }
  return null;
}

export function cellCode(
  c: FlatCell,
  r: (n: FlatNetId) => string,
  W: (n: FlatNetId) => number,
  word: (n: FlatNetId, k: number) => string,
  shapes?: CellShapes,
): string[] {
  const o = c.out;
  const v = `n${o}`;
  const w = W(o);
  const wide = w > NARROW_MAX;
  const a = c.args.map(r);
  const wa = c.args.map(W);
  const set = (expr: string): string[] => [`const ${v} = ${expr};`];
  switch (c.op) {
    case 'const':
      throw new Error('constants are folded, not scheduled');
    case 'id':
      return set(a[0]);
    case 'not':
      return set(wide ? `${a[0]} ^ ${bigLit((1n << BigInt(w)) - 1n)}` : w === 32 ? `~${a[0]}` : `${a[0]} ^ ${maskOf(w)}`);
    case 'and':
      return set(`${a[0]} & ${a[1]}`);
    case 'or':
      return set(`${a[0]} | ${a[1]}`);
    case 'xor':
      return set(`${a[0]} ^ ${a[1]}`);
    case 'neg':
      return set(wide ? asU(w, `-(${a[0]})`) : mk(`-(${a[0]})`, w)); // parenthesised: the operand may be a negative literal
    case 'add':
      return set(wide ? asU(w, `${a[0]} + ${a[1]}`) : mk(`${a[0]} + ${a[1]}`, w));
    case 'sub':
      return set(wide ? asU(w, `${a[0]} - ${a[1]}`) : mk(`${a[0]} - ${a[1]}`, w));
    case 'mul':
      // Math.imul gives the low 32 bits of the product exactly.
      return set(wide ? asU(w, `${a[0]} * ${a[1]}`) : w === 32 ? `Math.imul(${a[0]}, ${a[1]})` : `Math.imul(${a[0]}, ${a[1]}) & ${maskOf(w)}`);
    // Narrow compares and 1-bit selects are computed without branches: the
    // values are data, often unpredictable (enables, spikes, saturation), and a
    // mispredicted branch costs more than the few extra operations.
    case 'eq':
      return set(wa[0] > NARROW_MAX ? `${a[0]} === ${a[1]} ? 1 : 0` : `(((${a[0]} ^ ${a[1]}) | -(${a[0]} ^ ${a[1]})) >>> 31) ^ 1`);
    case 'ne':
      return set(wa[0] > NARROW_MAX ? `${a[0]} !== ${a[1]} ? 1 : 0` : `((${a[0]} ^ ${a[1]}) | -(${a[0]} ^ ${a[1]})) >>> 31`);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const op = { lt: '<', le: '<=', gt: '>', ge: '>=' }[c.op];
      const n = wa[0];
      let x: string;
      let y: string;
      if (n > NARROW_MAX) {
        const flip = bigLit(1n << BigInt(n - 1));
        [x, y] = c.argSigned ? [`(${a[0]} ^ ${flip})`, `(${a[1]} ^ ${flip})`] : [a[0], a[1]];
      } else if (c.argSigned) {
        // Flipping the sign bit maps signed order onto unsigned order (int32 is already signed).
        [x, y] = n === 32 ? [a[0], a[1]] : [`(${a[0]} ^ ${2 ** (n - 1)})`, `(${a[1]} ^ ${2 ** (n - 1)})`];
      } else {
        [x, y] = [ux(a[0], n), ux(a[1], n)];
      }
      if (n < 32) {
        // Both operands are in [0, 2^31): the sign of the difference is the order.
        const less = (p: string, q: string): string => `((${p}) - (${q})) >>> 31`;
        return set({ lt: less(x, y), gt: less(y, x), le: `(${less(y, x)}) ^ 1`, ge: `(${less(x, y)}) ^ 1` }[c.op]);
      }
      return set(`${x} ${op} ${y} ? 1 : 0`);
    }
    case 'shl':
    case 'shr':
    case 'sra':
      return shiftCode(c, v, w, a, wa);
    case 'slice': {
      const lo = c.lo!;
      const src = wa[0];
      if (lo === 0 && w === src) return set(a[0]);
      if (src <= NARROW_MAX) {
        const shifted = lo === 0 ? a[0] : `(${a[0]} >>> ${lo})`;
        return set(lo + w === src ? shifted : `${shifted} & ${maskOf(w)}`);
      }
      if (!wide && !/^0x/.test(a[0])) {
        // Narrow slice of a wide net: from its 32-bit words (one BigInt split per word and chunk).
        const k = lo >> 5;
        const sh = lo & 31;
        const lowPart = sh === 0 ? word(c.args[0], k) : `(${word(c.args[0], k)} >>> ${sh})`;
        if (sh + w <= 32) return set(sh + w === 32 ? lowPart : `${lowPart} & ${maskOf(w)}`);
        const both = `${lowPart} | (${word(c.args[0], k + 1)} << ${32 - sh})`;
        return set(mk(both, w));
      }
      const shifted = lo === 0 ? a[0] : `(${a[0]} >> ${lo}n)`;
      if (wide) return set(asU(w, shifted));
      return set(w === 32 ? `Number(${asU(w, shifted)}) | 0` : `Number(${asU(w, shifted)})`);
    }
    case 'concat': {
      if (wide && wa.every((x) => x <= NARROW_MAX)) {
        // Narrow parts into a wide result: assemble 32-bit words with number
        // arithmetic, then make one BigInt per word (not one per part).
        const words = concatWords(c, r, W);
        // The words go through the module's scratch DataView, read back 64 bits at a time.
        if (words.length % 2 === 1) words.push('0');
        const pre = words.map((t, k) => `DV.setInt32(${4 * k}, ${t}, true);`);
        const halves = Array.from({ length: words.length / 2 }, (_, j) => (j === 0 ? `DV.getBigUint64(0, true)` : `(DV.getBigUint64(${8 * j}, true) << ${64 * j}n)`));
        return [...pre, `const ${v} = ${halves.reverse().join(' | ')};`];
      }
      let shift = w;
      const parts = c.args.map((_, i) => {
        shift -= wa[i];
        if (wide) return shift === 0 ? big(a[i], wa[i]) : `(${big(a[i], wa[i])} << ${shift}n)`;
        return shift === 0 ? a[i] : `(${a[i]} << ${shift})`;
      });
      return set(parts.join(' | '));
    }
    case 'zext':
      return set(wide ? big(a[0], wa[0]) : a[0]);
    case 'sext': {
      const s = wa[0];
      if (s === w) return set(a[0]);
      if (!wide) return set(mk(sx(a[0], s), w));
      return set(asU(w, s > NARROW_MAX ? asI(s, a[0]) : `BigInt(${sx(a[0], s)})`));
    }
    case 'mux': {
      const arms = a.slice(1);
      const k = arms.length;
      if (k === 1) return set(arms[0]);
      const pre: string[] = [];
      let sel = a[0];
      if (wa[0] > NARROW_MAX) {
        pre.push(`const s${o} = ${a[0]} < ${k}n ? Number(${a[0]}) : ${k};`);
        sel = `s${o}`;
      }
      if (k === 2 && wa[0] === 1 && !wide) {
        const step = conditionalStep(c, a, W, shapes);
        if (step) return set(step);
        const [p, q] = [`(${arms[0]})`, `(${arms[1]})`];
        return set(select1(sel, p, q));
      }
      if (k <= 4) {
        let expr = arms[k - 1];
        for (let i = k - 2; i >= 0; i--) expr = `${sel} === ${i} ? ${arms[i]} : ${expr}`;
        return [...pre, `const ${v} = ${expr};`];
      }
      const cases = arms.slice(0, -1).map((x, i) => `case ${i}: ${v} = ${x}; break;`);
      return [...pre, `let ${v};`, `switch (${sel}) { ${cases.join(' ')} default: ${v} = ${arms[k - 1]}; }`];
    }
    case 'redand':
      return set(
        wa[0] > NARROW_MAX ? `${a[0]} === ${bigLit((1n << BigInt(wa[0])) - 1n)} ? 1 : 0` : `${a[0]} === ${narrowLit((1n << BigInt(wa[0])) - 1n)} ? 1 : 0`,
      );
    case 'redor':
      return set(wa[0] > NARROW_MAX ? `${a[0]} !== 0n ? 1 : 0` : `${a[0]} !== 0 ? 1 : 0`);
    case 'redxor':
      return set(wa[0] > NARROW_MAX ? `parBig(${a[0]})` : `par32(${a[0]})`);
  }
}

/**
 * `s ? b : a` without a branch, for a 1-bit select `s` and narrow values.
 * The add form: V8 ran the xor form `a ^ ((a ^ b) & -s)` 2-3x slower in the
 * fused loop (64 enabled counters: 3.9 M cycles/s against 7.7 M). Exact for
 * 32-bit patterns too: `| 0` wraps the sum back.
 */
export function select1(s: string, a: string, b: string): string {
  return `((${a} + ((${b} - ${a}) & -${s})) | 0)`;
}

function shiftCode(c: FlatCell, v: string, w: number, a: string[], wa: number[]): string[] {
  const wide = w > NARROW_MAX;
  const x = a[0];
  if (c.amount !== undefined) {
    const k = c.amount;
    if (k === 0) return [`const ${v} = ${x};`];
    if (c.op === 'sra') {
      const kk = Math.min(k, w - 1);
      return [`const ${v} = ${wide ? asU(w, `${asI(w, x)} >> ${kk}n`) : mk(`${sx(x, w)} >> ${kk}`, w)};`];
    }
    if (k >= w) return [`const ${v} = ${wide ? '0n' : '0'};`];
    if (c.op === 'shl') return [`const ${v} = ${wide ? asU(w, `${x} << ${k}n`) : mk(`${x} << ${k}`, w)};`];
    return [`const ${v} = ${wide ? `${x} >> ${k}n` : `${x} >>> ${k}`};`];
  }
  // Dynamic amount (unsigned): t is a number, clamped to w when it is a huge bigint.
  const t = `t${c.out}`;
  const wb = wa[1];
  const pre = wb > NARROW_MAX ? `const ${t} = ${a[1]} >= ${w}n ? ${w} : Number(${a[1]});` : `const ${t} = ${ux(a[1], wb)};`;
  const canExceed = 2 ** wb - 1 >= w; // only then can the amount reach the width
  let expr: string;
  if (c.op === 'sra') {
    const amt = canExceed ? `(${t} >= ${w} ? ${w - 1} : ${t})` : t;
    expr = wide ? asU(w, `${asI(w, x)} >> BigInt(${amt})`) : mk(`${sx(x, w)} >> ${amt}`, w);
  } else {
    const body =
      c.op === 'shl'
        ? wide
          ? asU(w, `${x} << BigInt(${t})`)
          : mk(`${x} << ${t}`, w)
        : wide
          ? `${x} >> BigInt(${t})`
          : w === 32
            ? `((${x} >>> ${t}) | 0)`
            : `(${x} >>> ${t})`;
    expr = canExceed ? `${t} >= ${w} ? ${wide ? '0n' : '0'} : ${body}` : body;
  }
  return [pre, `const ${v} = ${expr};`];
}
