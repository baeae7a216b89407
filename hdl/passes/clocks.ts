// Clock domains: which top-level clock inputs the registers and memories
// ultimately use, following instance connections and plain `id` wires.
// Simulators use `clockDomains` to find their clock (and to refuse designs
// with several); `checkClocks` rejects clocks that are not inputs (derived or
// gated clocks), which no cycle-based back end can run.
//
// Code 'clock-domains':
// - a register / memory port / instance clock input whose clock is driven by
//   logic rather than by an input port of its module;
// - a top-level input that clocks something but lacks role 'clock'.
import type { Diagnostic } from '../diagnostics.ts';
import { DiagnosticSink } from '../diagnostics.ts';
import type { IrDesign, IrModule, IrPort, NetId, SourceLoc } from '../ir.ts';
import { CheckContext } from './context.ts';
import { describeDriverAt, type Driver } from './drivers.ts';
import { hierarchyOf } from './ir-util.ts';

export interface ClockDomain {
  /** Name of the top-level input port. */
  port: string;
  net: NetId;
  /** Registers and clocked memory ports it drives, counted over every instance. */
  users: number;
}

type ClockSource = { kind: 'port'; port: IrPort } | { kind: 'driver'; driver: Driver } | { kind: 'undriven' };

interface ClockAnalysis {
  /** Per module: input port name -> users (registers and clocked memory ports, through instances too). */
  uses: Map<string, number>[];
  diagnostics: Diagnostic[];
}

function analyse(ctx: CheckContext): ClockAnalysis {
  const design = ctx.design;
  const h = ctx.h;
  const views = ctx.views;
  const uses: Map<string, number>[] = design.modules.map(() => new Map());
  const sink = new DiagnosticSink();

  design.modules.forEach((m, mi) => {
    const view = views[mi]!;
    const drivers = ctx.driversOf(mi);
    // Thousands of registers share a handful of clocks: trace each clock net once.
    const traced = new Map<NetId, ClockSource>();
    const trace = (net: NetId): ClockSource => {
      let src = traced.get(net);
      if (!src) traced.set(net, (src = traceFrom(net)));
      return src;
    };
    const traceFrom = (net: NetId): ClockSource => {
      const visited = new Set<NetId>();
      for (;;) {
        const d = drivers.one(net);
        if (!d) return { kind: 'undriven' };
        if (d.kind === 'input') return { kind: 'port', port: d.port };
        // A plain wire (`id`) passes the clock on; anything else makes a derived clock.
        if (d.kind !== 'cell' || d.cell.op !== 'id' || d.cell.args.length !== 1 || visited.has(net)) return { kind: 'driver', driver: d };
        visited.add(net);
        net = d.cell.args[0]!;
      }
    };
    const own = uses[mi]!;
    // A black box (e.g. a PLL) may declare clock outputs: each starts a clock of its own.
    const isPrimitiveClock = (d: Driver): boolean => {
      if (d.kind !== 'instance') return false;
      const box = design.modules.find((x) => x.name === d.instance.module);
      return !!box?.blackbox && box.ports.some((p) => p.name === d.port && p.dir === 'output' && p.role === 'clock');
    };
    // `what` is made only for a message: modules can have many thousands of registers.
    const use = (clock: NetId, count: number, what: () => string, loc: SourceLoc): void => {
      const src = trace(clock);
      if (src.kind === 'port') own.set(src.port.name, (own.get(src.port.name) ?? 0) + count);
      else if (src.kind === 'driver' && isPrimitiveClock(src.driver)) return;
      else if (src.kind === 'driver') {
        sink.error(
          'clock-domains',
          `${what()} in module '${m.name}' is clocked by '${view.name(clock)}', which is driven by ${describeDriverAt(src.driver, view)}, not by an input port; derived or gated clocks are not supported`,
          loc,
        );
      } // an undriven clock is reported by checkDrivers
    };
    for (const r of m.regs) use(r.clock, 1, () => `register '${view.name(r.q)}'`, r.loc);
    for (const mem of m.memories) {
      mem.readPorts.forEach((rp, i) => {
        if (rp.sync && rp.clock !== undefined) use(rp.clock, 1, () => `read port ${i} of memory '${mem.name}'`, rp.loc);
      });
      mem.writePorts.forEach((wp, i) => use(wp.clock, 1, () => `write port ${i} of memory '${mem.name}'`, wp.loc));
    }
    m.instances.forEach((inst, k) => {
      const ci = h.children[mi]![k]!;
      if (ci < 0 || ci >= mi) return;
      for (const [port, count] of uses[ci]!) {
        const conn = inst.connections.find((c) => c.port === port);
        if (conn) use(conn.net, count, () => `clock input '${port}' of instance '${inst.name}'`, inst.loc);
      }
    });
  });

  if (h.top >= 0) {
    const top = design.modules[h.top]!;
    const view = views[h.top]!;
    for (const [port, count] of uses[h.top]!) {
      const p = view.ports.get(port)!;
      if (p.role !== 'clock') {
        sink.error(
          'clock-domains',
          `input port '${port}' of top module '${top.name}' clocks ${count} register${count === 1 ? '' : 's'} or memory port${count === 1 ? '' : 's'} but is not marked as a clock (role 'clock')`,
          view.loc(p.net, top.loc),
        );
      }
    }
  }
  return { uses, diagnostics: sink.items };
}

/** The distinct top-level clock inputs that registers and memories use, in top port order. */
export function clockDomains(design: IrDesign): ClockDomain[] {
  const h = hierarchyOf(design);
  if (h.top < 0) return [];
  const top: IrModule = design.modules[h.top]!;
  const used = analyse(new CheckContext(design)).uses[h.top]!;
  const domains: ClockDomain[] = [];
  const done = new Set<string>();
  for (const p of top.ports) {
    const users = used.get(p.name);
    if (users === undefined || done.has(p.name)) continue;
    done.add(p.name);
    domains.push({ port: p.name, net: p.net, users });
  }
  return domains;
}

/** Clocks that are not input ports, and top-level clocks that are not marked as such. */
export function checkClocks(design: IrDesign): Diagnostic[] {
  return checkClocksIn(new CheckContext(design));
}

/** checkClocks over a context shared with the other checks (runChecks). */
export function checkClocksIn(ctx: CheckContext): Diagnostic[] {
  return analyse(ctx).diagnostics;
}
