// Constant folding. A cell whose operands are all constants becomes a const
// cell (evaluated by evalCell, the reference semantics); a few identities
// with one constant operand turn a cell into a plain `id` wire or a constant:
//   x&0 -> 0, x&~0 -> x, x|0 -> x, x|~0 -> ~0, x^0 -> x, x+0 / 0+x / x-0 -> x,
//   x*0 -> 0, x*1 -> x, shifts by a constant 0 -> x, shifts of 0 -> 0,
//   mux with a constant select -> the selected arm, mux with equal arms -> the arm.
// Every cell keeps its output net and location, so named nets survive (a
// named net driven by a constant stays, driven by a const cell). Operands
// that become unused stay in place: removeDeadLogic deletes them.
// Registers and memories are left alone. Cells that break the width rules
// (see checkWidths) are not touched. The input design is never modified,
// unless the caller hands it over ({ inPlace: true }: a pipeline that owns a
// freshly elaborated design saves copying every net and cell).
import { mask, type IrCell, type IrDesign, type IrModule, type IrNet, type NetId } from '../ir.ts';
import { arityFits, evalCell, isCellOp } from './cell-semantics.ts';
import { cloneDesign, hierarchyOf, IndexLists, ModuleView } from './ir-util.ts';
import { holeyArray } from '../holey-array.ts';

const maskOf = mask;

/** True when the cell's shape is one evalCell and the identities can rely on. */
function wellFormed(c: IrCell, out: IrNet, args: IrNet[]): boolean {
  if (!isCellOp(c.op) || !arityFits(c.op, c.amount, args.length)) return false;
  const w = out.width;
  switch (c.op) {
    case 'const':
      return typeof c.value === 'bigint';
    case 'id': case 'not': case 'neg': case 'and': case 'or': case 'xor': case 'add': case 'sub': case 'mul':
      return allWidth(args, 0, w);
    case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge':
      return w === 1 && args[0]!.width === args[1]!.width && args[0]!.signed === args[1]!.signed;
    case 'shl': case 'shr': case 'sra':
      return args[0]!.width === w && (c.amount === undefined || (Number.isInteger(c.amount) && c.amount >= 0));
    case 'slice':
      return c.lo !== undefined && Number.isInteger(c.lo) && c.lo >= 0 && c.lo + w <= args[0]!.width;
    case 'concat': {
      let sum = 0;
      for (let i = 0; i < args.length; i++) sum += args[i]!.width;
      return sum === w;
    }
    case 'zext': case 'sext':
      return w > args[0]!.width;
    case 'mux':
      return allWidth(args, 1, w);
    case 'redand': case 'redor': case 'redxor':
      return w === 1;
  }
}

function allWidth(args: IrNet[], from: number, w: number): boolean {
  for (let i = from; i < args.length; i++) if (args[i]!.width !== w) return false;
  return true;
}

function foldModule(m: IrModule, outputsOf: (k: number) => Set<string> | undefined): void {
  const view = new ModuleView(m);
  const n = m.nets.length;
  const at = (net: NetId): number => view.indexOf(net) ?? -1;
  // Known constant values by net position.
  const constant: (bigint | undefined)[] = holeyArray(n);
  const valueOf = (net: NetId): bigint | undefined => constant[at(net)];
  let argCount = 0;
  for (let k = 0; k < m.cells.length; k++) argCount += m.cells[k]!.args.length;
  const readers = new IndexLists(n, argCount);
  // Each cell reads a net once however often it is an operand (a stamp per net, not a search: a concat can have thousands).
  const stamp = new Int32Array(n).fill(-1);
  for (let k = 0; k < m.cells.length; k++) {
    const args = m.cells[k]!.args;
    for (let j = 0; j < args.length; j++) {
      const i = at(args[j]!);
      if (i >= 0 && stamp[i] !== k) {
        stamp[i] = k;
        readers.add(i, k);
      }
    }
  }
  // Drivers per net (2 = several or not a cell): only a net whose single driver is a cell can be a constant.
  const drivers = new Uint8Array(n);
  const driven = (net: NetId, count: number): void => {
    const i = at(net);
    if (i >= 0) drivers[i] = Math.min(2, drivers[i]! + count);
  };
  const cells = m.cells;
  for (let i = 0; i < cells.length; i++) driven(cells[i]!.out, 1);
  const regs = m.regs;
  for (let i = 0; i < regs.length; i++) driven(regs[i]!.q, 2);
  for (const p of m.ports) if (p.dir === 'input') driven(p.net, 2);
  for (const mem of m.memories) for (const rp of mem.readPorts) driven(rp.data, 2);
  m.instances.forEach((inst, k) => {
    // Unknown modules: any connection might drive the net.
    const outs = outputsOf(k);
    for (const conn of inst.connections) if (!outs || outs.has(conn.port)) driven(conn.net, 2);
  });
  const single = (net: NetId): boolean => drivers[at(net)] === 1;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (c.op !== 'const' || typeof c.value !== 'bigint' || !single(c.out)) continue;
    const out = view.net(c.out)!;
    constant[at(c.out)] = c.value & maskOf(out.width);
  }

  // Cells in order from the top of the stack; pushed one by one (`map` over a
  // big module would make a long array in a way that throws optimised code away: see holeyArray).
  const work: number[] = [];
  for (let i = m.cells.length - 1; i >= 0; i--) work.push(i);
  const queued = new Uint8Array(m.cells.length).fill(1);
  const wake = (net: NetId): void => {
    readers.forEach(at(net), (i) => {
      if (!queued[i]) {
        queued[i] = 1;
        work.push(i);
      }
    });
  };
  const toConst = (i: number, value: bigint): void => {
    const c = m.cells[i]!;
    // Fields in the order the front end writes them: one object shape for every const cell.
    m.cells[i] = { op: 'const', out: c.out, args: [], loc: c.loc, value };
    if (single(c.out)) {
      constant[at(c.out)] = value;
      wake(c.out);
    }
  };
  const toId = (i: number, from: NetId): void => {
    const c = m.cells[i]!;
    m.cells[i] = { op: 'id', out: c.out, args: [from], loc: c.loc };
    if (valueOf(from) !== undefined) {
      queued[i] = 1;
      work.push(i);
    }
  };

  while (work.length > 0) {
    const i = work.pop()!;
    queued[i] = 0;
    const c = m.cells[i]!;
    if (c.op === 'const') continue;
    const out = view.net(c.out);
    if (!out) continue;
    const cargs = c.args;
    let known = 0;
    let missing = false;
    for (let j = 0; j < cargs.length; j++) {
      const at_ = at(cargs[j]!);
      if (at_ < 0) {
        missing = true;
        break;
      }
      if (constant[at_] !== undefined) known++;
    }
    if (missing) continue;
    // Without a constant operand only a mux with equal arms simplifies (the common case: nothing to do).
    if (known === 0 && c.op !== 'mux') continue;
    const argNets: IrNet[] = new Array(cargs.length);
    for (let j = 0; j < cargs.length; j++) argNets[j] = m.nets[at(cargs[j]!)]!;
    if (!wellFormed(c, out, argNets)) continue;

    if (known === cargs.length) {
      const values: bigint[] = new Array(cargs.length);
      const widths: number[] = new Array(cargs.length);
      const signs: boolean[] = new Array(cargs.length);
      for (let j = 0; j < cargs.length; j++) {
        values[j] = valueOf(cargs[j]!)!;
        widths[j] = argNets[j]!.width;
        signs[j] = argNets[j]!.signed;
      }
      toConst(i, evalCell(c.op, values, widths, signs, out.width, c));
      continue;
    }

    const ones = maskOf(out.width);
    const a = cargs[0]!;
    const b = cargs[1]!;
    const va = valueOf(a);
    const vb = b === undefined ? undefined : valueOf(b);
    switch (c.op) {
      case 'and':
        if (va === 0n || vb === 0n) toConst(i, 0n);
        else if (va === ones) toId(i, b);
        else if (vb === ones) toId(i, a);
        break;
      case 'or':
        if (va === ones || vb === ones) toConst(i, ones);
        else if (va === 0n) toId(i, b);
        else if (vb === 0n) toId(i, a);
        break;
      case 'xor':
      case 'add':
        if (va === 0n) toId(i, b);
        else if (vb === 0n) toId(i, a);
        break;
      case 'sub':
        if (vb === 0n) toId(i, a);
        break;
      case 'mul':
        if (va === 0n || vb === 0n) toConst(i, 0n);
        else if (va === 1n) toId(i, b);
        else if (vb === 1n) toId(i, a);
        break;
      case 'shl': case 'shr': case 'sra':
        if (cargs.length === 2 && vb === 0n) toId(i, a);
        else if (va === 0n) toConst(i, 0n);
        break;
      case 'mux': {
        const arms = cargs.length - 1;
        if (va !== undefined) {
          toId(i, cargs[va >= BigInt(arms) ? arms : Number(va) + 1]!);
        } else {
          let same = true;
          for (let j = 2; j < cargs.length; j++) {
            if (cargs[j] !== cargs[1]) {
              same = false;
              break;
            }
          }
          if (same) toId(i, cargs[1]!);
        }
        break;
      }
      default:
        break;
    }
  }
}

export interface FoldOptions {
  /** Fold in the given design and return it (no copy): for callers that own the design and do not keep the original. */
  inPlace?: boolean;
}

/** A copy of the design with constants folded in every module (or the design itself, folded, with `inPlace`). */
export function foldConstants(design: IrDesign, options: FoldOptions = {}): IrDesign {
  const copy = options.inPlace ? design : cloneDesign(design);
  const h = hierarchyOf(copy);
  const outputs = copy.modules.map((m) => new Set(m.ports.filter((p) => p.dir === 'output').map((p) => p.name)));
  copy.modules.forEach((m, mi) => {
    foldModule(m, (k) => {
      const ci = h.children[mi]![k]!;
      return ci >= 0 ? outputs[ci] : undefined;
    });
  });
  return copy;
}
