// Every net has exactly one driver (ir.ts): an input port, a cell, a register,
// a memory read port or an instance output.
//
// Codes:
// - 'undriven': an output port, a named net, or a temporary that something
//   reads, with no driver. (An unread temporary without a driver is harmless
//   front-end residue and is not reported.)
// - 'multiple-drivers': a net with two or more drivers; the message names
//   every driver with its file:line, `related` lists them.
// - 'drives-input': a module's input port net driven from inside the module
//   (by a cell, register, memory read or instance output).
import type { Diagnostic } from '../diagnostics.ts';
import { DiagnosticSink } from '../diagnostics.ts';
import type { IrDesign, NetId } from '../ir.ts';
import { CheckContext } from './context.ts';
import { describeDriver, describeDriverAt, driverLoc } from './drivers.ts';
import type { ModuleView } from './ir-util.ts';

/** Nets something reads (operands, register and memory inputs, instance inputs, output ports), by net position. */
export function readNets(view: ModuleView, child: (k: number) => ModuleView | undefined): Uint8Array {
  const m = view.m;
  const flags = new Uint8Array(m.nets.length);
  const reads = {
    add(id: NetId): void {
      const i = view.indexOf(id);
      if (i !== undefined) flags[i] = 1;
    },
  };
  for (const p of m.ports) if (p.dir === 'output') reads.add(p.net);
  const cells = m.cells;
  for (let i = 0; i < cells.length; i++) {
    const args = cells[i]!.args;
    for (let j = 0; j < args.length; j++) reads.add(args[j]!);
  }
  const regs = m.regs;
  for (let i = 0; i < regs.length; i++) {
    const r = regs[i]!;
    reads.add(r.d);
    reads.add(r.clock);
    if (r.enable !== undefined) reads.add(r.enable);
    if (r.reset) reads.add(r.reset.net);
  }
  for (const mem of m.memories) {
    for (const rp of mem.readPorts) {
      reads.add(rp.addr);
      if (rp.clock !== undefined) reads.add(rp.clock);
      if (rp.enable !== undefined) reads.add(rp.enable);
    }
    for (const wp of mem.writePorts) {
      reads.add(wp.addr);
      reads.add(wp.data);
      reads.add(wp.enable);
      reads.add(wp.clock);
    }
  }
  m.instances.forEach((inst, k) => {
    const c = child(k);
    for (const conn of inst.connections) {
      // A connection of an unknown module or port counts as a read: it may be one.
      if (c?.ports.get(conn.port)?.dir !== 'output') reads.add(conn.net);
    }
  });
  return flags;
}

export function checkDrivers(design: IrDesign): Diagnostic[] {
  return checkDriversIn(new CheckContext(design));
}

/** checkDrivers over a context shared with the other checks (runChecks). */
export function checkDriversIn(ctx: CheckContext): Diagnostic[] {
  const design = ctx.design;
  const sink = new DiagnosticSink();
  const views = ctx.views;
  design.modules.forEach((m, mi) => {
    if (m.blackbox) return; // driven outside spikeforge
    const view = views[mi]!;
    const child = (k: number): ModuleView | undefined => ctx.child(mi, k);
    const drivers = ctx.driversOf(mi);
    const reads = readNets(view, child);
    const outputPortOf = new Map<NetId, string>();
    for (const p of m.ports) if (p.dir === 'output' && !outputPortOf.has(p.net)) outputPortOf.set(p.net, p.name);
    const where = `module '${m.name}'`;

    const nets = m.nets;
    for (let i = 0; i < nets.length; i++) {
      const n = nets[i]!;
      const count = drivers.countAt(i);
      if (count === 1) continue;
      if (view.indexOf(n.id) !== i) continue; // a repeated id: checkStructure reports it
      if (count === 0) {
        const port = outputPortOf.get(n.id);
        if (port !== undefined) sink.error('undriven', `output port '${port}' of ${where} has no driver`, n.loc);
        else if (n.named) sink.error('undriven', `net '${n.name}' in ${where} has no driver`, n.loc);
        else if (reads[i]) sink.error('undriven', `temporary '${n.name}' in ${where} is read but has no driver`, n.loc);
        continue;
      }
      const ds = drivers.get(n.id);
      const inputs = ds.filter((d) => d.kind === 'input');
      const internal = ds.filter((d) => d.kind !== 'input');
      if (inputs.length > 0) {
        const portName = inputs[0]!.kind === 'input' ? inputs[0]!.port.name : n.name;
        for (const d of internal) {
          sink.error(
            'drives-input',
            `input port '${portName}' of ${where} is driven from inside the module by ${describeDriverAt(d, view)}`,
            driverLoc(d, view, n.loc),
            [{ message: `input port '${portName}' (net '${n.name}') declared here`, loc: n.loc }],
          );
        }
        if (inputs.length > 1) {
          const names = inputs.map((d) => (d.kind === 'input' ? `'${d.port.name}'` : '')).join(', ');
          sink.error('multiple-drivers', `net '${n.name}' in ${where} is bound to ${inputs.length} input ports: ${names}`, n.loc);
        }
        continue;
      }
      const listed = ds.map((d) => describeDriverAt(d, view));
      const text = listed.length === 2 ? `${listed[0]} and ${listed[1]}` : `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}`;
      sink.error(
        'multiple-drivers',
        `net '${n.name}' in ${where} has ${ds.length} drivers: ${text}`,
        driverLoc(ds[1]!, view, n.loc),
        ds.map((d) => ({ message: `'${n.name}' driven by ${describeDriver(d, view)}`, loc: driverLoc(d, view, n.loc) })),
      );
    }
  });
  return sink.items;
}
