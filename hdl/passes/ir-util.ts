// Small shared views of the IR for the passes: net lookup by id, type text,
// how instances resolve to modules, and a deep copy.
import type { IrCell, IrDesign, IrModule, IrNet, IrPort, NetId, SourceLoc } from '../ir.ts';
import { holeyArray } from '../holey-array.ts';

/**
 * Lookups over one module, built once per pass run (never cached across
 * runs: callers may edit their IR between two checks). Nets whose ids equal
 * their positions (what the front end and removeDeadLogic produce) are found
 * by indexing; anything else goes through a map.
 */
export class ModuleView {
  readonly ports = new Map<string, IrPort>();
  private readonly byId: Map<NetId, number> | undefined;

  constructor(readonly m: IrModule) {
    const nets = m.nets;
    let dense = true;
    for (let i = 0; i < nets.length; i++) {
      if (nets[i]!.id !== i) {
        dense = false;
        break;
      }
    }
    if (!dense) {
      this.byId = new Map();
      nets.forEach((n, i) => {
        // The first net wins when ids repeat; checkStructure reports the repeat.
        if (!this.byId!.has(n.id)) this.byId!.set(n.id, i);
      });
    }
    for (const p of m.ports) if (!this.ports.has(p.name)) this.ports.set(p.name, p);
  }

  /** Net ids equal their positions (so they are unique, valid and dense). */
  get dense(): boolean {
    return this.byId === undefined;
  }

  /** Position of a net id in `m.nets` (the dense index graph passes use), or undefined. */
  indexOf(id: NetId): number | undefined {
    if (this.byId) return this.byId.get(id);
    return Number.isInteger(id) && id >= 0 && id < this.m.nets.length ? id : undefined;
  }

  has(id: NetId): boolean {
    return this.indexOf(id) !== undefined;
  }

  net(id: NetId): IrNet | undefined {
    const i = this.indexOf(id);
    return i === undefined ? undefined : this.m.nets[i];
  }

  /** A net's name for messages; tolerates ids that do not exist. */
  name(id: NetId): string {
    return this.net(id)?.name ?? `<missing net #${id}>`;
  }

  loc(id: NetId, fallback: SourceLoc): SourceLoc {
    return this.net(id)?.loc ?? fallback;
  }
}

/** Lists of item numbers per net position, as linked lists in typed arrays (no object per net). */
export class IndexLists {
  readonly head: Int32Array;
  private next: Int32Array;
  private item: Int32Array;
  private size = 0;
  /** `n` lists; `capacity`: how many items to expect in all (they can be more). */
  constructor(n: number, capacity = 16) {
    this.head = new Int32Array(n).fill(-1);
    this.next = new Int32Array(Math.max(16, capacity));
    this.item = new Int32Array(Math.max(16, capacity));
  }
  add(at: number, item: number): void {
    if (this.size === this.item.length) {
      const next = new Int32Array(this.size * 2);
      next.set(this.next);
      this.next = next;
      const items = new Int32Array(this.size * 2);
      items.set(this.item);
      this.item = items;
    }
    this.item[this.size] = item;
    this.next[this.size] = this.head[at]!;
    this.head[at] = this.size++;
  }
  forEach(at: number, f: (item: number) => void): void {
    for (let e = this.head[at]!; e >= 0; e = this.next[e]!) f(this.item[e]!);
  }
  /** Iteration without a callback: `for (let e = l.first(at); e >= 0; e = l.after(e)) l.itemAt(e)`. */
  first(at: number): number {
    return this.head[at]!;
  }
  after(e: number): number {
    return this.next[e]!;
  }
  itemAt(e: number): number {
    return this.item[e]!;
  }
}

/** Type text used in messages and dumps: u8, s16. */
export function netType(n: { width: number; signed: boolean }): string {
  return `${n.signed ? 's' : 'u'}${n.width}`;
}

/**
 * How instances resolve to modules. An instance names the nearest module of
 * that name that comes before its parent (modules come after everything they
 * instantiate), so even a design with two modules of one name is unambiguous.
 * A name that only resolves later in the list (a broken order) falls back to
 * the first module of that name; checkStructure reports the order.
 */
export interface Hierarchy {
  readonly design: IrDesign;
  /** children[mi][ii]: module index of instance ii of module mi, or -1. */
  readonly children: readonly Int32Array[];
  /** Index of the top module (the last module with the top's name), or -1. */
  readonly top: number;
}

export function hierarchyOf(design: IrDesign): Hierarchy {
  const seen = new Map<string, number>();
  const first = new Map<string, number>();
  design.modules.forEach((m, i) => {
    if (!first.has(m.name)) first.set(m.name, i);
  });
  const children: Int32Array[] = [];
  design.modules.forEach((m, i) => {
    const kids = new Int32Array(m.instances.length);
    m.instances.forEach((inst, k) => {
      kids[k] = seen.get(inst.module) ?? first.get(inst.module) ?? -1;
    });
    children.push(kids);
    seen.set(m.name, i);
  });
  let top = -1;
  design.modules.forEach((m, i) => {
    if (m.name === design.top) top = i;
  });
  return { design, children, top };
}

/**
 * A copy of a net with another id. Fields are written one by one, in the
 * order the front end writes them: every copy then has one of two object
 * shapes, which V8 handles much faster than a spread over many shapes.
 */
/** The net references of a register (an IrReg, or a simulator's flattened copy of one). */
export interface RegNets {
  q: NetId;
  d: NetId;
  clock: NetId;
  enable?: NetId;
  reset?: { net: NetId };
}

/** The net references of a memory's ports. */
export interface MemoryNets {
  readPorts: { addr: NetId; data: NetId; clock?: NetId; enable?: NetId }[];
  writePorts: { addr: NetId; data: NetId; enable: NetId; clock: NetId }[];
}

/** Replaces every net a register or memory port refers to by `f` of it, in place (renumbering, merging). */
export function renameStateNets(regs: readonly RegNets[], memories: readonly MemoryNets[], f: (n: NetId) => NetId): void {
  for (const r of regs) {
    r.q = f(r.q);
    r.d = f(r.d);
    r.clock = f(r.clock);
    if (r.enable !== undefined) r.enable = f(r.enable);
    if (r.reset) r.reset.net = f(r.reset.net);
  }
  for (const m of memories) {
    for (const rp of m.readPorts) {
      rp.addr = f(rp.addr);
      rp.data = f(rp.data);
      if (rp.clock !== undefined) rp.clock = f(rp.clock);
      if (rp.enable !== undefined) rp.enable = f(rp.enable);
    }
    for (const wp of m.writePorts) {
      wp.addr = f(wp.addr);
      wp.data = f(wp.data);
      wp.enable = f(wp.enable);
      wp.clock = f(wp.clock);
    }
  }
}

export function copyNet(n: IrNet, id: NetId): IrNet {
  const c: IrNet = { id, name: n.name, width: n.width, signed: n.signed, named: n.named, loc: n.loc };
  if (n.frac !== undefined) c.frac = n.frac;
  return c;
}

/** A copy of a cell with another output net and operand list (see copyNet). */
export function copyCell(c: IrCell, out: NetId, args: NetId[]): IrCell {
  // The usual single parameter written in the literal (as the front end does): in the object, one shape.
  const { op, loc, value, lo, amount } = c;
  if (lo === undefined && amount === undefined) return value === undefined ? { op, out, args, loc } : { op, out, args, loc, value };
  if (value === undefined && amount === undefined) return { op, out, args, loc, lo };
  if (value === undefined && lo === undefined) return { op, out, args, loc, amount };
  const x: IrCell = { op, out, args, loc };
  if (c.value !== undefined) x.value = c.value;
  if (c.lo !== undefined) x.lo = c.lo;
  if (c.amount !== undefined) x.amount = c.amount;
  return x;
}

function copyNets(nets: readonly IrNet[]): IrNet[] {
  const out: IrNet[] = holeyArray(nets.length);
  for (let i = 0; i < nets.length; i++) out[i] = copyNet(nets[i]!, nets[i]!.id);
  return out;
}

function copyCells(cells: readonly IrCell[]): IrCell[] {
  const out: IrCell[] = holeyArray(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    out[i] = copyCell(c, c.out, c.args.slice());
  }
  return out;
}

/**
 * Deep copy of a module (field by field: far faster than structuredClone on
 * big netlists). Source locations are the one thing shared: they are values
 * nobody edits, and the front end already shares one location object among
 * all the nodes a user call made.
 */
export function cloneModule(m: IrModule): IrModule {
  return {
    ...m,
    origin: { design: m.origin.design, params: structuredClone(m.origin.params) },
    ports: m.ports.map((p) => ({ ...p })),
    nets: copyNets(m.nets),
    cells: copyCells(m.cells),
    regs: m.regs.map((r) => (r.reset ? { ...r, reset: { ...r.reset } } : { ...r })),
    memories: m.memories.map((mem) => ({
      ...mem,
      ...(mem.init ? { init: mem.init.slice() } : {}),
      readPorts: mem.readPorts.map((rp) => ({ ...rp })),
      writePorts: mem.writePorts.map((wp) => ({ ...wp })),
    })),
    instances: m.instances.map((i) => ({ ...i, connections: i.connections.map((c) => ({ ...c })), ...(i.params ? { params: i.params.map((p) => ({ ...p })) } : {}) })),
  };
}

/** Deep copy of a design. */
export function cloneDesign(design: IrDesign): IrDesign {
  return { ...design, modules: design.modules.map(cloneModule) };
}

/** True when `v` is an unsigned bit pattern that fits `width` bits. */
export function fitsWidth(v: unknown, width: number): boolean {
  return typeof v === 'bigint' && v >= 0n && v < 1n << BigInt(Math.max(0, width));
}

/**
 * The id a temporary's name `_t<id>` spells (no leading zeros), else -1.
 * Elaboration names unnamed nets so; checks and generators use this to
 * tell a temporary from a user name that happens to look like one.
 */
export function tempNameId(name: unknown): number {
  if (typeof name !== 'string' || name.length < 3 || name.length > 12 || name.charCodeAt(0) !== 95 || name.charCodeAt(1) !== 116) return -1;
  if (name.charCodeAt(2) === 48) return name.length === 3 ? 0 : -1;
  let v = 0;
  for (let i = 2; i < name.length; i++) {
    const d = name.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
