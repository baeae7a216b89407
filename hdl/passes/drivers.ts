// Who drives each net of a module: an input port, a cell, a register, a
// memory read port or an instance output. Shared by the driver check, the
// clock tracing and the transforms.
import type { IrCell, IrInstance, IrMemory, IrMemRead, IrPort, IrReg, NetId, SourceLoc } from '../ir.ts';
import { formatLoc } from '../ir.ts';
import type { ModuleView } from './ir-util.ts';

export type Driver =
  | { kind: 'input'; port: IrPort }
  | { kind: 'cell'; cell: IrCell }
  | { kind: 'reg'; reg: IrReg }
  | { kind: 'memread'; memory: IrMemory; read: IrMemRead; index: number }
  | { kind: 'instance'; instance: IrInstance; port: string };

const NONE: readonly Driver[] = Object.freeze([]);

// Driver kinds as stored (one byte per net); the Driver objects are made on demand.
const INPUT = 1;
const CELL = 2;
const REG = 3;
const MEMREAD = 4;
const INSTANCE = 5;

/**
 * The drivers of each net of one module, by net position: the first driver
 * as numbers in typed arrays (no object per net), further drivers of the few
 * nets that have several in a map.
 */
export class DriverTable {
  private readonly kind: Uint8Array;
  private readonly index: Int32Array;
  private readonly sub: Int32Array;
  private readonly more = new Map<number, Driver[]>();

  constructor(private readonly view: ModuleView) {
    const n = view.m.nets.length;
    this.kind = new Uint8Array(n);
    this.index = new Int32Array(n);
    this.sub = new Int32Array(n);
  }

  /** Records a driver by numbers: the kind, its list position (and the read port or connection). */
  put(i: number, kind: number, index: number, sub: number): void {
    if (this.kind[i] !== 0) {
      this.addMore(i, this.make(kind, index, sub));
      return;
    }
    this.kind[i] = kind;
    this.index[i] = index;
    this.sub[i] = sub;
  }

  private addMore(i: number, d: Driver): void {
    const list = this.more.get(i);
    if (list) list.push(d);
    else this.more.set(i, [this.first(i)!, d]);
  }

  private make(kind: number, index: number, sub: number): Driver {
    const m = this.view.m;
    switch (kind) {
      case INPUT:
        return { kind: 'input', port: m.ports[index]! };
      case CELL:
        return { kind: 'cell', cell: m.cells[index]! };
      case REG:
        return { kind: 'reg', reg: m.regs[index]! };
      case MEMREAD: {
        const memory = m.memories[index]!;
        return { kind: 'memread', memory, read: memory.readPorts[sub]!, index: sub };
      }
      default: {
        const instance = m.instances[index]!;
        return { kind: 'instance', instance, port: instance.connections[sub]!.port };
      }
    }
  }

  private first(i: number): Driver | undefined {
    const k = this.kind[i]!;
    return k === 0 ? undefined : this.make(k, this.index[i]!, this.sub[i]!);
  }

  /** Every driver of a net, in the order of collectDrivers. */
  get(net: NetId): readonly Driver[] {
    const i = this.view.indexOf(net);
    if (i === undefined) return NONE;
    const more = this.more.get(i);
    if (more) return more;
    const d = this.first(i);
    return d ? [d] : NONE;
  }

  /** The first driver of a net, if any. */
  one(net: NetId): Driver | undefined {
    const i = this.view.indexOf(net);
    return i === undefined ? undefined : this.first(i);
  }

  /** The cell driving a net (its position in m.cells) when its first driver is a cell, else -1. */
  cellOf(net: NetId): number {
    const i = this.view.indexOf(net);
    return i !== undefined && this.kind[i] === CELL ? this.index[i]! : -1;
  }

  count(net: NetId): number {
    const i = this.view.indexOf(net);
    if (i === undefined) return 0;
    return this.more.get(i)?.length ?? (this.kind[i] !== 0 ? 1 : 0);
  }

  /** count() by net position. */
  countAt(i: number): number {
    return this.more.get(i)?.length ?? (this.kind[i] !== 0 ? 1 : 0);
  }
}

/**
 * Every driver of every net, in a fixed order: input ports, cells, registers,
 * memory reads, instance outputs. `child` gives the module an instance refers
 * to (or undefined when unknown: its connections then drive nothing).
 */
export function collectDrivers(view: ModuleView, child: (instanceIndex: number) => ModuleView | undefined): DriverTable {
  const m = view.m;
  const drivers = new DriverTable(view);
  const at = (net: NetId): number => view.indexOf(net) ?? -1;
  m.ports.forEach((port, k) => {
    const i = at(port.net);
    if (port.dir === 'input' && i >= 0) drivers.put(i, INPUT, k, 0);
  });
  const cells = m.cells;
  for (let k = 0; k < cells.length; k++) {
    const i = at(cells[k]!.out);
    if (i >= 0) drivers.put(i, CELL, k, 0);
  }
  m.regs.forEach((reg, k) => {
    const i = at(reg.q);
    if (i >= 0) drivers.put(i, REG, k, 0);
  });
  m.memories.forEach((memory, k) => {
    memory.readPorts.forEach((read, index) => {
      const i = at(read.data);
      if (i >= 0) drivers.put(i, MEMREAD, k, index);
    });
  });
  m.instances.forEach((instance, k) => {
    const c = child(k);
    if (!c) return;
    instance.connections.forEach((conn, ci) => {
      const p = c.ports.get(conn.port);
      const i = at(conn.net);
      if (p?.dir === 'output' && i >= 0) drivers.put(i, INSTANCE, k, ci);
    });
  });
  return drivers;
}

/** Where the user wrote a driver (an input port has no location of its own: its net's). */
export function driverLoc(d: Driver, view: ModuleView, fallback: SourceLoc): SourceLoc {
  switch (d.kind) {
    case 'input':
      return view.loc(d.port.net, fallback);
    case 'cell':
      return d.cell.loc;
    case 'reg':
      return d.reg.loc;
    case 'memread':
      return d.read.loc;
    case 'instance':
      return d.instance.loc;
  }
}

/** "cell add", "register 'q'", "read port 0 of memory 'm'", "output 'y' of instance 'u1'", "input port 'a'". */
export function describeDriver(d: Driver, view: ModuleView): string {
  switch (d.kind) {
    case 'input':
      return `input port '${d.port.name}'`;
    case 'cell':
      return `cell ${d.cell.op}`;
    case 'reg':
      return `register '${view.name(d.reg.q)}'`;
    case 'memread':
      return `read port ${d.index} of memory '${d.memory.name}'`;
    case 'instance':
      return `output '${d.port}' of instance '${d.instance.name}'`;
  }
}

/** describeDriver plus where it is: "cell add at top.ts:12". */
export function describeDriverAt(d: Driver, view: ModuleView): string {
  return `${describeDriver(d, view)} at ${formatLoc(driverLoc(d, view, view.m.loc))}`;
}
