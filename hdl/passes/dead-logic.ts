// Dead-logic removal. Logic is live when it can reach a port of its module,
// an instance (every connection of an instance is kept, so instance inputs
// are roots) or a memory write port (writes are observable through the
// memory). Everything else - cells, registers, memories with no live read
// and no write port, and the nets only they used - is removed. Nets are then
// renumbered densely (0..n-1) in their original order, consistently in every
// reference. Instances and modules are never removed. The input design is
// never modified, unless the caller hands it over ({ inPlace: true }: the
// surviving nodes are then renumbered where they are, not copied).
import type { IrCell, IrDesign, IrModule, IrReg, NetId } from '../ir.ts';
import { copyCell, copyNet, IndexLists, ModuleView, renameStateNets } from './ir-util.ts';

export interface DeadLogicOptions {
  /** Also keep every named net (and the logic driving it), e.g. for waveforms. Default false. */
  keepNamed?: boolean;
  /**
   * Prune the given design and return it: surviving nets, cells and other
   * nodes are renumbered where they are instead of copied. For callers that
   * own the design and do not keep the original (say, straight after
   * elaborate or foldConstants). Default false.
   */
  inPlace?: boolean;
}

/** The live part of a module, as new objects (source locations are shared, as in cloneModule). */
function pruneModule(m: IrModule, options: DeadLogicOptions): IrModule {
  const inPlace = options.inPlace === true;
  const view = new ModuleView(m);
  const n = m.nets.length;
  const at = (net: NetId): number => {
    const i = view.indexOf(net);
    if (i === undefined) throw new Error(`removeDeadLogic: module '${m.name}' refers to net #${net}, which it does not have (run checkStructure first)`);
    return i;
  };
  const live = new Uint8Array(n);
  const todo: number[] = [];
  const mark = (net: NetId | undefined): void => {
    if (net === undefined) return;
    const i = at(net);
    if (live[i]) return;
    live[i] = 1;
    todo.push(i);
  };

  const cellsByOut = new IndexLists(n, m.cells.length);
  for (let k = 0; k < m.cells.length; k++) cellsByOut.add(at(m.cells[k]!.out), k);
  const regsByQ = new IndexLists(n, m.regs.length);
  m.regs.forEach((r, k) => regsByQ.add(at(r.q), k));
  const memByData = new IndexLists(n);
  m.memories.forEach((mem, k) => {
    for (const rp of mem.readPorts) memByData.add(at(rp.data), k);
  });
  const memLive = new Uint8Array(m.memories.length);
  const reviveMemory = (k: number): void => {
    if (memLive[k]) return;
    memLive[k] = 1;
    const mem = m.memories[k]!;
    for (const rp of mem.readPorts) {
      mark(rp.data);
      mark(rp.addr);
      mark(rp.clock);
      mark(rp.enable);
    }
    for (const wp of mem.writePorts) {
      mark(wp.addr);
      mark(wp.data);
      mark(wp.enable);
      mark(wp.clock);
    }
  };

  for (const p of m.ports) mark(p.net);
  for (const inst of m.instances) for (const conn of inst.connections) mark(conn.net);
  m.memories.forEach((mem, k) => {
    if (mem.writePorts.length > 0) reviveMemory(k);
  });
  if (options.keepNamed) for (const net of m.nets) if (net.named) mark(net.id);

  while (todo.length > 0) {
    const i = todo.pop()!;
    for (let e = cellsByOut.first(i); e >= 0; e = cellsByOut.after(e)) {
      const args = m.cells[cellsByOut.itemAt(e)]!.args;
      for (let j = 0; j < args.length; j++) mark(args[j]);
    }
    for (let e = regsByQ.first(i); e >= 0; e = regsByQ.after(e)) {
      const r = m.regs[regsByQ.itemAt(e)]!;
      mark(r.d);
      mark(r.clock);
      mark(r.enable);
      mark(r.reset?.net);
    }
    for (let e = memByData.first(i); e >= 0; e = memByData.after(e)) reviveMemory(memByData.itemAt(e));
  }

  // Dense renumbering in the original net order (a repeated id keeps its first net only).
  const newId = new Int32Array(n).fill(-1);
  const nets: IrModule['nets'] = [];
  const netList = m.nets;
  for (let i = 0; i < netList.length; i++) {
    const net = netList[i]!;
    if (!live[i] || view.indexOf(net.id) !== i) continue;
    newId[i] = nets.length;
    if (inPlace) {
      net.id = nets.length;
      nets.push(net);
    } else nets.push(copyNet(net, nets.length));
  }
  const id = (net: NetId): NetId => newId[at(net)]!;
  const isLive = (net: NetId): boolean => live[at(net)] === 1;
  const cells: IrCell[] = [];
  const cellList = m.cells;
  for (let k = 0; k < cellList.length; k++) {
    const c = cellList[k]!;
    const out = at(c.out);
    if (!live[out]) continue;
    const args = c.args;
    // A copy to overwrite (not `new Array(n)`: see holeyArray; a concat can have more operands than that allows).
    const renumbered = args.slice();
    for (let j = 0; j < args.length; j++) renumbered[j] = newId[at(args[j]!)]!;
    if (inPlace) {
      c.out = newId[out]!;
      c.args = renumbered;
      cells.push(c);
    } else cells.push(copyCell(c, newId[out]!, renumbered));
  }
  if (inPlace) return renumberRest(m, nets, cells, id, isLive, memLive);

  return {
    ...m,
    origin: { design: m.origin.design, params: structuredClone(m.origin.params) },
    nets,
    ports: m.ports.map((p) => ({ ...p, net: id(p.net) })),
    cells,
    regs: liveRegs(m.regs, id, isLive),
    memories: m.memories
      .filter((_, k) => memLive[k])
      .map((mem) => ({
        ...mem,
        ...(mem.init ? { init: mem.init.slice() } : {}),
        readPorts: mem.readPorts.map((rp) => {
          const out = { ...rp, addr: id(rp.addr), data: id(rp.data) };
          if (rp.clock !== undefined) out.clock = id(rp.clock);
          if (rp.enable !== undefined) out.enable = id(rp.enable);
          return out;
        }),
        writePorts: mem.writePorts.map((wp) => ({ ...wp, addr: id(wp.addr), data: id(wp.data), enable: id(wp.enable), clock: id(wp.clock) })),
      })),
    instances: m.instances.map((inst) => ({
      ...inst,
      connections: inst.connections.map((c) => ({ ...c, net: id(c.net) })),
      ...(inst.params ? { params: inst.params.map((p) => ({ ...p })) } : {}),
    })),
  };
}

/**
 * Copies of the live registers, renumbered, pushed one by one: optimised
 * `filter(...).map(...)` over more registers than it allocates in place (16376)
 * throws its code away, and the array made instead has another elements kind,
 * which every optimised reader of `regs` then meets for the first time.
 */
function liveRegs(regs: readonly IrReg[], id: (net: NetId) => NetId, isLive: (net: NetId) => boolean): IrReg[] {
  const out: IrReg[] = [];
  for (let i = 0; i < regs.length; i++) {
    const r = regs[i]!;
    if (!isLive(r.q)) continue;
    const x: IrReg = { ...r, q: id(r.q), d: id(r.d), clock: id(r.clock) };
    if (r.enable !== undefined) x.enable = id(r.enable);
    if (r.reset) x.reset = { ...r.reset, net: id(r.reset.net) };
    out.push(x);
  }
  return out;
}

/** The in-place ending of pruneModule: `m` keeps its live nodes, renumbered. */
function renumberRest(
  m: IrModule,
  nets: IrModule['nets'],
  cells: IrCell[],
  id: (net: NetId) => NetId,
  isLive: (net: NetId) => boolean,
  memLive: Uint8Array,
): IrModule {
  // Ports, registers and the rest read the old numbering: renumber them before the nets change hands.
  for (const p of m.ports) p.net = id(p.net);
  const regs = m.regs.filter((r) => isLive(r.q));
  const memories = m.memories.filter((_, k) => memLive[k]);
  renameStateNets(regs, memories, id);
  for (const inst of m.instances) for (const c of inst.connections) c.net = id(c.net);
  m.nets = nets;
  m.cells = cells;
  m.regs = regs;
  m.memories = memories;
  return m;
}

/** A copy of the design without logic that reaches no port, instance or memory write; nets renumbered densely. */
export function removeDeadLogic(design: IrDesign, options: DeadLogicOptions = {}): IrDesign {
  if (options.inPlace) {
    for (const m of design.modules) pruneModule(m, options);
    return design;
  }
  return { ...design, modules: design.modules.map((m) => pruneModule(m, options)) };
}
