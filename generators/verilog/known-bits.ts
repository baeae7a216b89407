// Which bits of each net are constant. Verilator folds constants (through
// wires, and identities such as x ^ x) and then warns that a comparison with
// such a constant is always true or false (UNSIGNED, CMPCONST), and that a
// constant memory index is out of range (SELRANGE). The generator settles
// those cases itself with this analysis, which sees at least as much as
// Verilator's folding does.
import { mask, type IrCell, type NetId } from '../../hdl/ir.ts';
import type { ModuleView } from './netlist.ts';
import { holeyArray } from '../../hdl/holey-array.ts';

export interface KnownBits {
  width: number;
  /** Bit i is known when bit i of `known` is set; its value is bit i of `value`. */
  known: bigint;
  value: bigint;
}

export function fullyKnown(k: KnownBits): boolean {
  return k.known === mask(k.width);
}

/** Smallest and largest value a net can have given its known bits. */
export function valueRange(k: KnownBits, signed: boolean): [bigint, bigint] {
  // Nothing known (the common case): the type's whole range, made once per width.
  if (k.known === 0n) return fullRange(k.width, signed);
  const m = mask(k.width);
  const unknown = m & ~k.known;
  let lo = k.value;
  let hi = k.value | unknown;
  if (!signed) return [lo, hi];
  const msb = 1n << BigInt(k.width - 1);
  if (k.known & msb) return [signedOf(lo, msb, k.width), signedOf(hi, msb, k.width)];
  // Sign bit unknown: most negative has it set, most positive has it clear.
  lo = signedOf(k.value | msb, msb, k.width);
  hi = (k.value | unknown) & ~msb;
  return [lo, hi];
}

/** A pattern read as signed (`msb`: its sign bit). A plain function, not a closure per call. */
function signedOf(v: bigint, msb: bigint, width: number): bigint {
  return v & msb ? v - (1n << BigInt(width)) : v;
}

/** By signedness, then width (up to 4096, cached); sized up front, as declType's cache. */
const fullRanges: ([bigint, bigint] | undefined)[][] = [holeyArray(4097), holeyArray(4097)];

/** Smallest and largest value of a width (shared: callers only read it). */
function fullRange(width: number, signed: boolean): [bigint, bigint] {
  const cache = fullRanges[signed ? 1 : 0]!;
  let r = width < cache.length ? cache[width] : undefined;
  if (!r) {
    const m = mask(width);
    r = signed ? [-(1n << BigInt(width - 1)), m >> 1n] : [0n, m];
    if (width >= 1 && width <= 4096 && (width | 0) === width) cache[width] = r;
  }
  return r;
}

/** The value of a comparison when the known bits decide it, else undefined. */
export function decideCompare(op: string, a: KnownBits, b: KnownBits, signed: boolean): boolean | undefined {
  const [alo, ahi] = valueRange(a, signed);
  const [blo, bhi] = valueRange(b, signed);
  switch (op) {
    case 'lt':
      return ahi < blo ? true : alo >= bhi ? false : undefined;
    case 'le':
      return ahi <= blo ? true : alo > bhi ? false : undefined;
    case 'gt':
      return alo > bhi ? true : ahi <= blo ? false : undefined;
    case 'ge':
      return alo >= bhi ? true : ahi < blo ? false : undefined;
    case 'eq':
    case 'ne': {
      const both = a.known & b.known;
      let eq: boolean | undefined;
      if ((a.value ^ b.value) & both) eq = false;
      else if (fullyKnown(a) && fullyKnown(b)) eq = true;
      if (eq === undefined) return undefined;
      return op === 'eq' ? eq : !eq;
    }
  }
  return undefined;
}

const unknown = (width: number): KnownBits => ({ width, known: 0n, value: 0n });
const constant = (width: number, value: bigint): KnownBits => ({ width, known: mask(width), value: value & mask(width) });

export interface Analysis {
  bits(net: NetId): KnownBits;
  /** Nets that compute the same function of the same sources (structurally, through identities). */
  sameValue(a: NetId, b: NetId): boolean;
}

/**
 * Known bits of every net, in dependency order. Only nets with some known
 * bit are stored: most nets of a real design have none, and for those a cell
 * is settled without any BigInt work.
 */
export function analyseKnownBits(view: ModuleView): Analysis {
  const nets = view.mod.nets;
  const cells = view.mod.cells;
  const n = nets.length;
  const stored: (KnownBits | undefined)[] = holeyArray(n);
  const unknownOf: KnownBits[] = [];
  const get = (id: NetId): KnownBits => {
    const k = stored[id];
    if (k !== undefined) return k;
    const w = nets[id]!.width;
    return (unknownOf[w] ??= unknown(w));
  };
  const same = new SameValue(view);
  const sameValue = (a: NetId, b: NetId): boolean => same.equal(a, b);

  for (let k = 0; k < view.cellOrder.length; k++) {
    const c = cells[view.cellOrder[k]!]!;
    same.define(c);
    const args = c.args;
    let anyKnown = false;
    for (let j = 0; j < args.length; j++) {
      if (stored[args[j]!] !== undefined) {
        anyKnown = true;
        break;
      }
    }
    if (!anyKnown && settledUnknown(c, same)) continue;
    const r = cellBits(c, view, get, sameValue);
    if (r.known !== 0n) stored[c.out] = r;
  }
  return { bits: get, sameValue };
}

/** Whether a cell whose arguments have no known bit has none either (true for most cells). */
function settledUnknown(c: IrCell, same: SameValue): boolean {
  switch (c.op) {
    case 'const':
    case 'zext':
      return false;
    case 'shl':
    case 'shr':
      return c.amount === undefined || c.amount === 0;
    case 'xor':
    case 'sub':
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return !(c.args.length === 2 && same.equal(c.args[0]!, c.args[1]!));
    default:
      // Every other op of unknown arguments is unknown (see cellBits).
      return true;
  }
}

/**
 * Structural equality of nets: two nets are the same value when they are the
 * same net after looking through identities (cells that print as their
 * argument, and `x & x`, `x | x`), or when their cells have the same op,
 * parameters and type over arguments that are the same values.
 */
class SameValue {
  /** The net each net stands for (itself unless an identity passes another net on). */
  private readonly rep: Int32Array;
  private readonly cells: IrCell[];
  private readonly stack: number[] = [];
  private readonly seen = new Set<number>();

  constructor(private readonly view: ModuleView) {
    const n = view.mod.nets.length;
    this.rep = new Int32Array(n);
    for (let i = 0; i < n; i++) this.rep[i] = i;
    this.cells = view.mod.cells;
  }

  /** Records a cell's representative; cells come in dependency order. */
  define(c: IrCell): void {
    if (isIdentity(c, this.view)) {
      this.rep[c.out] = this.rep[c.op === 'mux' ? c.args[1]! : c.args[0]!]!;
      return;
    }
    if (c.op === 'and' || c.op === 'or') {
      const a = c.args;
      for (let i = 1; i < a.length; i++) if (!this.equal(a[i]!, a[0]!)) return;
      this.rep[c.out] = this.rep[a[0]!]!;
    }
  }

  equal(a: NetId, b: NetId): boolean {
    const rep = this.rep;
    let ra = rep[a]!;
    let rb = rep[b]!;
    if (ra === rb) return true;
    if (!this.shallowEqual(ra, rb)) return false;
    // Compare the argument cones pairwise, each pair once (an explicit stack: cones can be deep).
    const n = rep.length;
    const stack = this.stack;
    const seen = this.seen;
    stack.length = 0;
    seen.clear();
    stack.push(ra, rb);
    while (stack.length > 0) {
      rb = stack.pop()!;
      ra = stack.pop()!;
      const key = ra * n + rb;
      if (seen.has(key)) continue;
      seen.add(key);
      const xa = this.cells[this.view.cellOf[ra]!]!.args;
      const xb = this.cells[this.view.cellOf[rb]!]!.args;
      for (let i = 0; i < xa.length; i++) {
        const pa = rep[xa[i]!]!;
        const pb = rep[xb[i]!]!;
        if (pa === pb) continue;
        if (!this.shallowEqual(pa, pb)) return false;
        stack.push(pa, pb);
      }
    }
    return true;
  }

  /** Two distinct representatives: both cells with the same op, parameters, type and arity. */
  private shallowEqual(a: NetId, b: NetId): boolean {
    const ca = this.view.cellOf[a]!;
    const cb = this.view.cellOf[b]!;
    if (ca < 0 || cb < 0) return false;
    const x = this.cells[ca]!;
    const y = this.cells[cb]!;
    if (x.op !== y.op || x.value !== y.value || x.lo !== y.lo || x.amount !== y.amount || x.args.length !== y.args.length) return false;
    const nx = this.view.mod.nets[a]!;
    const ny = this.view.mod.nets[b]!;
    return nx.width === ny.width && nx.signed === ny.signed;
  }
}

function cellBits(c: IrCell, view: ModuleView, get: (id: NetId) => KnownBits, same: (a: NetId, b: NetId) => boolean): KnownBits {
  const out = view.net(c.out);
  const w = out.width;
  const m = mask(w);
  // A copy overwritten in place, not `map`: optimised code throws itself away
  // the first time `map` makes an array longer than 16376 (a big concat).
  const ids = c.args;
  const args = ids.slice() as unknown as KnownBits[];
  for (let i = 0; i < ids.length; i++) args[i] = get(ids[i]!);
  const a = args[0]!;
  const allKnown = args.every(fullyKnown);
  switch (c.op) {
    case 'const':
      return constant(w, c.value ?? 0n);
    case 'id':
      return a;
    case 'not':
      return { width: w, known: a.known, value: ~a.value & a.known };
    case 'and': {
      if (args.length === 2 && same(c.args[0]!, c.args[1]!)) return a;
      // Known 0 if any argument has the bit known 0; known 1 if all have it known 1.
      let anyZero = 0n;
      let allOne = m;
      for (const x of args) {
        anyZero |= x.known & ~x.value;
        allOne &= x.known & x.value;
      }
      return { width: w, known: (anyZero | allOne) & m, value: allOne & ~anyZero & m };
    }
    case 'or': {
      if (args.length === 2 && same(c.args[0]!, c.args[1]!)) return a;
      let anyOne = 0n;
      let allZero = m;
      for (const x of args) {
        anyOne |= x.known & x.value;
        allZero &= x.known & ~x.value;
      }
      return { width: w, known: (anyOne | allZero) & m, value: anyOne & m };
    }
    case 'xor': {
      if (args.length === 2 && same(c.args[0]!, c.args[1]!)) return constant(w, 0n);
      let known = m;
      let value = 0n;
      for (const x of args) {
        known &= x.known;
        value ^= x.value;
      }
      return { width: w, known, value: value & known };
    }
    case 'neg':
      return fullyKnown(a) ? constant(w, -a.value) : unknown(w);
    case 'add':
      return allKnown ? constant(w, args.reduce((s, x) => s + x.value, 0n)) : unknown(w);
    case 'sub':
      if (args.length === 2 && same(c.args[0]!, c.args[1]!)) return constant(w, 0n);
      return allKnown ? constant(w, args.slice(1).reduce((s, x) => s - x.value, a.value)) : unknown(w);
    case 'mul':
      if (args.some((x) => fullyKnown(x) && x.value === 0n)) return constant(w, 0n);
      return allKnown ? constant(w, args.reduce((s, x) => s * x.value, 1n)) : unknown(w);
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const signed = view.net(c.args[0]!).signed;
      if (same(c.args[0]!, c.args[1]!)) return constant(1, ['eq', 'le', 'ge'].includes(c.op) ? 1n : 0n);
      const r = decideCompare(c.op, a, args[1]!, signed);
      return r === undefined ? unknown(1) : constant(1, r ? 1n : 0n);
    }
    case 'shl':
    case 'shr':
    case 'sra': {
      if (c.amount !== undefined) return shiftBits(c.op, a, Math.min(c.amount, w));
      // Dynamic: the bits that come out the same for every amount the known bits allow.
      const [lo, hi] = valueRange(args[1]!, false);
      const first = Number(lo > BigInt(w) ? BigInt(w) : lo);
      const last = Number(hi > BigInt(w) ? BigInt(w) : hi);
      let r = shiftBits(c.op, a, first);
      for (let n = first + 1; n <= last && r.known !== 0n; n++) {
        const x = shiftBits(c.op, a, n);
        const agree = r.known & x.known & ~(r.value ^ x.value);
        r = { width: w, known: agree, value: r.value & agree };
      }
      return r;
    }
    case 'slice': {
      const lo = BigInt(c.lo ?? 0);
      return { width: w, known: (a.known >> lo) & m, value: (a.value >> lo) & m };
    }
    case 'concat': {
      let known = 0n;
      let value = 0n;
      for (const x of args) {
        known = (known << BigInt(x.width)) | x.known;
        value = (value << BigInt(x.width)) | x.value;
      }
      return { width: w, known, value };
    }
    case 'zext': {
      const upper = m & ~mask(a.width);
      return { width: w, known: a.known | upper, value: a.value };
    }
    case 'sext': {
      const msb = 1n << BigInt(a.width - 1);
      const upper = m & ~mask(a.width);
      if (!(a.known & msb)) return { width: w, known: a.known, value: a.value };
      return { width: w, known: a.known | upper, value: a.value | (a.value & msb ? upper : 0n) };
    }
    case 'mux': {
      const sel = a;
      const arms = args.slice(1);
      const reachable = reachableArms(view.net(c.args[0]!).width, arms.length);
      if (fullyKnown(sel)) return arms[Math.min(Number(sel.value), arms.length - 1)]!;
      let known = m;
      const v0 = arms[0]!.value;
      for (let i = 0; i < reachable; i++) {
        const x = arms[Math.min(i, arms.length - 1)]!;
        known &= x.known & ~(x.value ^ v0);
      }
      return { width: w, known, value: v0 & known };
    }
    case 'redand':
      if (a.known & ~a.value & mask(a.width)) return constant(1, 0n);
      return fullyKnown(a) ? constant(1, 1n) : unknown(1);
    case 'redor':
      if (a.known & a.value) return constant(1, 1n);
      return fullyKnown(a) ? constant(1, 0n) : unknown(1);
    case 'redxor': {
      if (!fullyKnown(a)) return unknown(1);
      let p = 0n;
      for (let v = a.value; v; v >>= 1n) p ^= v & 1n;
      return constant(1, p);
    }
  }
  return unknown(w);
}

/** Cells whose result is their (first value) argument, bit for bit. */
function isIdentity(c: IrCell, view: ModuleView): boolean {
  const w = view.net(c.out).width;
  switch (c.op) {
    case 'id':
      return true;
    case 'shl':
    case 'shr':
    case 'sra':
      return c.amount === 0 || (c.op === 'sra' && w === 1);
    case 'slice':
      return (c.lo ?? 0) === 0 && view.net(c.args[0]!).width === w;
    case 'mux':
      return c.args.length === 2;
    case 'redand':
    case 'redor':
    case 'redxor':
      return view.net(c.args[0]!).width === 1;
    case 'concat':
      return c.args.length === 1;
    default:
      return false;
  }
}

function shiftBits(op: string, a: KnownBits, amount: number): KnownBits {
  const w = a.width;
  const m = mask(w);
  const n = BigInt(amount);
  if (op === 'shl') return { width: w, known: ((a.known << n) | mask(amount)) & m, value: (a.value << n) & m };
  const fill = m & ~(m >> n);
  if (op === 'shr') return { width: w, known: (a.known >> n) | fill, value: a.value >> n };
  const msb = 1n << BigInt(w - 1);
  if (!(a.known & msb)) return { width: w, known: (a.known >> n) & ~fill, value: (a.value >> n) & ~fill };
  return { width: w, known: (a.known >> n) | fill, value: (a.value >> n) | (a.value & msb ? fill : 0n) };
}

/** How many arms a select of `selWidth` bits can reach (arms past the last act as the last). */
export function reachableArms(selWidth: number, arms: number): number {
  return selWidth >= 31 ? arms : Math.min(arms, 2 ** selWidth);
}
