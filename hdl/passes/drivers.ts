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

/** The drivers of each net of one module, by net position (one slot per net; a list only for nets with several). */
export class DriverTable {
  private readonly first: (Driver | undefined)[];
  private readonly more = new Map<number, Driver[]>();

  constructor(private readonly view: ModuleView) {
    this.first = new Array(view.m.nets.length);
  }

  add(net: NetId, d: Driver): void {
    const i = this.view.indexOf(net);
    if (i === undefined) return; // a dangling id: checkStructure reports it
    if (this.first[i] === undefined) this.first[i] = d;
    else {
      const list = this.more.get(i);
      if (list) list.push(d);
      else this.more.set(i, [this.first[i]!, d]);
    }
  }

  /** Every driver of a net, in the order of collectDrivers. */
  get(net: NetId): readonly Driver[] {
    const i = this.view.indexOf(net);
    if (i === undefined) return NONE;
    return this.more.get(i) ?? (this.first[i] ? [this.first[i]!] : NONE);
  }

  /** The first driver of a net, if any. */
  one(net: NetId): Driver | undefined {
    const i = this.view.indexOf(net);
    return i === undefined ? undefined : this.first[i];
  }

  count(net: NetId): number {
    const i = this.view.indexOf(net);
    if (i === undefined) return 0;
    return this.more.get(i)?.length ?? (this.first[i] ? 1 : 0);
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
  for (const port of m.ports) if (port.dir === 'input') drivers.add(port.net, { kind: 'input', port });
  for (const cell of m.cells) drivers.add(cell.out, { kind: 'cell', cell });
  for (const reg of m.regs) drivers.add(reg.q, { kind: 'reg', reg });
  for (const memory of m.memories) {
    memory.readPorts.forEach((read, index) => drivers.add(read.data, { kind: 'memread', memory, read, index }));
  }
  m.instances.forEach((instance, k) => {
    const c = child(k);
    if (!c) return;
    for (const conn of instance.connections) {
      const p = c.ports.get(conn.port);
      if (p?.dir === 'output') drivers.add(conn.net, { kind: 'instance', instance, port: conn.port });
    }
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
