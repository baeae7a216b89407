// What the Icarus testbench needs to know about a design: the top-level ports
// (as testbench variables), every peekable signal and memory with the Verilog
// hierarchical reference that reaches it, the clock, and the reset inputs with
// their active level. Signal names follow the Simulator contract (instance
// names joined by '.', ports first, then named nets; the first use of a name
// wins), so a testbench sees the same names on every back end.
import type { IrDesign, IrModule, NetId } from '../../hdl/ir.ts';
import { findModule, topModule } from '../../hdl/ir.ts';
import { clockDomains } from '../../hdl/passes/index.ts';
import { verilogNames, type VerilogModuleNames } from '../../generators/verilog/index.ts';

export interface TopPort {
  name: string;
  dir: 'input' | 'output';
  width: number;
  signed: boolean;
  role?: 'clock' | 'reset';
  /** The port's name in the emitted top module. */
  verilogName: string;
  /** The testbench reg (input) or wire (output) connected to it. */
  tbVar: string;
}

export interface PeekSignal {
  name: string;
  width: number;
  signed: boolean;
  /** A Verilog expression in the testbench scope that reads the signal. */
  ref: string;
}

export interface TableMemory {
  name: string;
  width: number;
  depth: number;
  signed: boolean;
  /** Hierarchical reference to the Verilog array. */
  ref: string;
}

export interface ResetInput {
  port: TopPort;
  activeLow: boolean;
  /** Set when registers disagree about the level; reset() then refuses to run. */
  conflict?: string;
}

export interface DesignTable {
  /** Verilog name of the top module. */
  topModule: string;
  ports: TopPort[];
  /** Inputs the testbench may poke: every input except the clock. */
  pokable: TopPort[];
  clock: TopPort | null;
  resets: ResetInput[];
  signals: PeekSignal[];
  memories: TableMemory[];
}

/** Builds the table; throws when the design has more than one clock domain. */
export function buildDesignTable(design: IrDesign): DesignTable {
  const top = topModule(design);
  const topNames = verilogNames(top, design);
  const netOf = (m: IrModule, id: NetId) => {
    // Nets are usually stored at the index of their id.
    const n = m.nets[id]?.id === id ? m.nets[id] : m.nets.find((x) => x.id === id);
    if (!n) throw new Error(`module '${m.name}' has no net ${id}`);
    return n;
  };

  const ports: TopPort[] = top.ports.map((p, i) => {
    const n = netOf(top, p.net);
    const port: TopPort = {
      name: p.name,
      dir: p.dir,
      width: n.width,
      signed: n.signed,
      verilogName: topNames.ports[i]!,
      tbVar: `p${i}_${topNames.ports[i]}`,
    };
    if (p.role) port.role = p.role;
    return port;
  });

  const domains = clockDomains(design);
  if (domains.length > 1) {
    throw new Error(
      `the design has ${domains.length} clock domains (${domains.map((d) => `'${d.port}'`).join(', ')}); the Icarus back end supports a single clock`,
    );
  }
  const clockName = domains[0]?.port ?? top.ports.find((p) => p.role === 'clock' && p.dir === 'input')?.name;
  const clock = ports.find((p) => p.name === clockName && p.dir === 'input') ?? null;

  const signals: PeekSignal[] = [];
  const memories: TableMemory[] = [];
  const seen = new Set<string>();
  const add = (s: PeekSignal): void => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    signals.push(s);
  };
  // Every instance of a module shares its names.
  const namesOf = new Map<string, VerilogModuleNames>([[top.name, topNames]]);
  const walk = (m: IrModule, prefix: string, vpath: string, isTop: boolean): void => {
    let names = namesOf.get(m.name);
    if (!names) namesOf.set(m.name, (names = verilogNames(m, design)));
    m.ports.forEach((p, i) => {
      const n = netOf(m, p.net);
      const ref = isTop ? ports[i]!.tbVar : `${vpath}.${names.ports[i]}`;
      add({ name: prefix + p.name, width: n.width, signed: n.signed, ref });
    });
    for (const n of m.nets) {
      if (n.named) add({ name: prefix + n.name, width: n.width, signed: n.signed, ref: `${vpath}.${names.nets[n.id]}` });
    }
    m.memories.forEach((mem, i) => {
      memories.push({ name: prefix + mem.name, width: mem.width, depth: mem.depth, signed: mem.signed, ref: `${vpath}.${names.memories[i]}` });
    });
    m.instances.forEach((inst, i) => {
      walk(findModule(design, inst.module), `${prefix}${inst.name}.`, `${vpath}.${names.instances[i]}`, false);
    });
  };
  walk(top, '', 'dut', true);

  const levels = resetLevels(design).get(top.name) ?? new Map<string, Map<boolean, string>>();
  const resets: ResetInput[] = [];
  for (const p of ports) {
    if (p.dir !== 'input' || p.role !== 'reset') continue;
    const seenLevels = levels.get(p.name);
    if (!seenLevels || seenLevels.size === 0) {
      // Nothing tells the level: go by the usual naming of active-low resets (as the built-in back end does).
      resets.push({ port: p, activeLow: /(_n|_b|_l)$|^(rst|reset|res)n$/i.test(p.name) });
    } else if (seenLevels.size === 1) {
      resets.push({ port: p, activeLow: [...seenLevels.keys()][0]! });
    } else {
      resets.push({
        port: p,
        activeLow: false,
        conflict: `reset input '${p.name}' is active-high for register '${seenLevels.get(false)}' but active-low for register '${seenLevels.get(true)}'`,
      });
    }
  }

  return {
    topModule: topNames.module,
    ports,
    pokable: ports.filter((p) => p.dir === 'input' && p !== clock),
    clock,
    resets,
    signals,
    memories,
  };
}

/**
 * Per module: input port -> the active levels (true = low) of the register
 * resets it reaches, through plain wires, inverters and instance ports, each
 * with the (hierarchical) name of one register using it.
 */
function resetLevels(design: IrDesign): Map<string, Map<string, Map<boolean, string>>> {
  const result = new Map<string, Map<string, Map<boolean, string>>>();
  // Children come before their parents in design.modules.
  for (const m of design.modules) {
    const driverCell = new Map<NetId, { op: string; arg: NetId }>();
    for (const c of m.cells) if ((c.op === 'id' || c.op === 'not') && c.args.length === 1) driverCell.set(c.out, { op: c.op, arg: c.args[0]! });
    const inputByNet = new Map<NetId, string>();
    for (const p of m.ports) if (p.dir === 'input' && !inputByNet.has(p.net)) inputByNet.set(p.net, p.name);
    const own = new Map<string, Map<boolean, string>>();
    const use = (net: NetId, activeLow: boolean, user: string): void => {
      let inverted = false;
      for (let guard = 0; guard <= m.cells.length; guard++) {
        const d = driverCell.get(net);
        if (!d) break;
        if (d.op === 'not') inverted = !inverted;
        net = d.arg;
      }
      const port = inputByNet.get(net);
      if (port === undefined) return;
      let lv = own.get(port);
      if (!lv) own.set(port, (lv = new Map()));
      const low = activeLow !== inverted;
      if (!lv.has(low)) lv.set(low, user);
    };
    const netNames = new Map(m.nets.map((n) => [n.id, n.name] as const));
    const nameOf = (id: NetId): string => netNames.get(id) ?? `#${id}`;
    for (const r of m.regs) if (r.reset) use(r.reset.net, r.reset.activeLow, nameOf(r.q));
    for (const inst of m.instances) {
      const child = result.get(inst.module);
      if (!child) continue;
      for (const [port, lv] of child) {
        const conn = inst.connections.find((c) => c.port === port);
        if (!conn) continue;
        for (const [low, user] of lv) use(conn.net, low, `${inst.name}.${user}`);
      }
    }
    result.set(m.name, own);
  }
  return result;
}
