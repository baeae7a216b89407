// How the IR's names reach the Verilated model. Every signal the simulator can
// peek (ports and user-named nets of every instance, named as in the built-in
// back end: instance names joined by '.') and every memory is made public with
// a Verilator configuration file, and found at run time in Verilator's scope
// tables under "TOP.<top>.<instance>...<name>" with the generator's legalised
// Verilog names. Top-level ports live in the scope "TOP.TOP".
import type { IrDesign, IrModule, IrNet } from '../../hdl/ir.ts';
import { hierarchyOf } from '../../hdl/passes/ir-util.ts';
import { verilogModuleNames, verilogNames, type VerilogModuleNames } from '../../generators/verilog/index.ts';

export interface MappedSignal {
  /** Hierarchical IR name, e.g. 'fast.v'. */
  name: string;
  width: number;
  signed: boolean;
  /** Name in the model's scope tables, e.g. 'TOP.NeuronPair.fast.v'. */
  key: string;
}

export interface MappedPort extends MappedSignal {
  dir: 'input' | 'output';
  role?: 'clock' | 'reset';
}

export interface MappedMemory {
  name: string;
  width: number;
  depth: number;
  signed: boolean;
  key: string;
}

export interface ResetInput {
  port: string;
  activeLow: boolean;
  /** Set when registers disagree on the level. */
  conflict?: string;
}

export interface DesignMap {
  topVerilog: string;
  ports: MappedPort[];
  /** Ports first, then named nets, module by module in instance order (as the built-in back end lists them). */
  signals: MappedSignal[];
  memories: MappedMemory[];
  resets: ResetInput[];
  /** Verilator configuration (.vlt) making every mapped signal public. */
  config: string;
}

/**
 * A `-var`/`-module` pattern for a legal Verilog name. Verilator matches the
 * configuration against its encoded names, in which a run of underscores like
 * `__` becomes `___05F`; a wildcard for such runs matches either spelling.
 */
export function vltPattern(name: string): string {
  return name.replace(/__+/g, '*');
}

export function mapDesign(design: IrDesign): DesignMap {
  const h = hierarchyOf(design);
  if (h.top < 0) throw new Error(`the design has no top module '${design.top}'`);
  const moduleNames = verilogModuleNames(design);
  const names = new Map<number, VerilogModuleNames>();
  const namesOf = (mi: number): VerilogModuleNames => {
    let n = names.get(mi);
    if (!n) names.set(mi, (n = verilogNames(design.modules[mi]!, design)));
    return n;
  };
  const vmod = (mi: number): string => moduleNames.get(design.modules[mi]!.name) ?? namesOf(mi).module;

  // Configuration: per Verilog module, what to make readable and writable.
  const readable = new Map<string, Set<string>>();
  const writable = new Map<string, Set<string>>();
  const add = (table: Map<string, Set<string>>, mod: string, v: string): void => {
    let s = table.get(mod);
    if (!s) table.set(mod, (s = new Set()));
    s.add(v);
  };

  const top = design.modules[h.top]!;
  const topNames = namesOf(h.top);
  const topVerilog = vmod(h.top);
  const netById = (m: IrModule): Map<number, IrNet> => new Map(m.nets.map((n) => [n.id, n] as const));

  const ports: MappedPort[] = top.ports.map((p, i) => {
    const n = netById(top).get(p.net)!;
    const port: MappedPort = { name: p.name, width: n.width, signed: n.signed, key: `TOP.TOP.${topNames.ports[i]}`, dir: p.dir };
    if (p.role) port.role = p.role;
    return port;
  });

  const signals: MappedSignal[] = [];
  const seen = new Set<string>();
  const memories: MappedMemory[] = [];
  const walk = (mi: number, prefix: string, scope: string, stack: number[]): void => {
    const m = design.modules[mi]!;
    const vn = namesOf(mi);
    const mod = vmod(mi);
    const nets = netById(m);
    const push = (name: string, n: IrNet, vname: string, key: string): void => {
      if (seen.has(name)) return; // a port and its own net share a name
      seen.add(name);
      signals.push({ name, width: n.width, signed: n.signed, key });
      add(readable, mod, vname);
    };
    m.ports.forEach((p, i) => {
      const n = nets.get(p.net);
      if (!n) return;
      const key = stack.length === 1 ? `TOP.TOP.${vn.ports[i]}` : `${scope}.${vn.ports[i]}`;
      push(prefix + p.name, n, vn.ports[i]!, key);
    });
    for (const n of m.nets) {
      if (!n.named) continue;
      const v = vn.nets[n.id];
      if (!v) continue;
      push(prefix + n.name, n, v, `${scope}.${v}`);
    }
    m.memories.forEach((mem, i) => {
      memories.push({ name: prefix + mem.name, width: mem.width, depth: mem.depth, signed: mem.signed, key: `${scope}.${vn.memories[i]}` });
      add(writable, mod, vn.memories[i]!);
    });
    m.instances.forEach((inst, k) => {
      const ci = h.children[mi]![k]!;
      if (ci < 0 || stack.includes(ci)) return;
      walk(ci, `${prefix}${inst.name}.`, `${scope}.${vn.instances[k]}`, [...stack, ci]);
    });
  };
  walk(h.top, '', `TOP.${topVerilog}`, [h.top]);

  const lines = ['`verilator_config', '// Signals the spikeforge Verilator back end peeks (read) and memories it loads (read/write).'];
  for (const mod of [...new Set([...readable.keys(), ...writable.keys()])].sort()) {
    for (const v of [...(readable.get(mod) ?? [])].sort())
      if (!writable.get(mod)?.has(v)) lines.push(`public_flat_rd -module "${vltPattern(mod)}" -var "${vltPattern(v)}"`);
    for (const v of [...(writable.get(mod) ?? [])].sort()) lines.push(`public_flat_rw -module "${vltPattern(mod)}" -var "${vltPattern(v)}"`);
  }
  return { topVerilog, ports, signals, memories, resets: resetInputs(design), config: lines.join('\n') + '\n' };
}

/**
 * The reset inputs of the top module (role 'reset') and the level that asserts
 * each, found from the registers they reach through wires, inverters and
 * instance ports. An input that reaches no register goes by the usual naming of
 * active-low resets (rst_n, resetn, ...).
 */
export function resetInputs(design: IrDesign): ResetInput[] {
  const h = hierarchyOf(design);
  // Per module: input port name -> the levels (activeLow) registers below it use, with a register name each.
  const levels: Map<string, Map<boolean, string>>[] = design.modules.map(() => new Map());
  design.modules.forEach((m, mi) => {
    const drivers = new Map<number, { op: string; arg: number }>();
    for (const c of m.cells) if ((c.op === 'id' || c.op === 'not') && c.args.length === 1) drivers.set(c.out, { op: c.op, arg: c.args[0]! });
    const inputs = new Map<number, string>();
    for (const p of m.ports) if (p.dir === 'input') inputs.set(p.net, p.name);
    const names = new Map(m.nets.map((n) => [n.id, n.name] as const));
    const own = levels[mi]!;
    const note = (net: number, activeLow: boolean, reg: string): void => {
      let inverted = false;
      for (let guard = 0; guard <= m.cells.length; guard++) {
        const port = inputs.get(net);
        if (port !== undefined) {
          let l = own.get(port);
          if (!l) own.set(port, (l = new Map()));
          const low = activeLow !== inverted;
          if (!l.has(low)) l.set(low, reg);
          return;
        }
        const d = drivers.get(net);
        if (!d) return;
        if (d.op === 'not') inverted = !inverted;
        net = d.arg;
      }
    };
    for (const r of m.regs) if (r.reset) note(r.reset.net, r.reset.activeLow, names.get(r.q) ?? `#${r.q}`);
    m.instances.forEach((inst, k) => {
      const ci = h.children[mi]![k]!;
      if (ci < 0 || ci >= mi) return;
      for (const [port, l] of levels[ci]!) {
        const conn = inst.connections.find((c) => c.port === port);
        if (!conn) continue;
        for (const [low, reg] of l) note(conn.net, low, `${inst.name}.${reg}`);
      }
    });
  });
  if (h.top < 0) return [];
  const top = design.modules[h.top]!;
  const out: ResetInput[] = [];
  for (const p of top.ports) {
    if (p.dir !== 'input' || p.role !== 'reset') continue;
    const l = levels[h.top]!.get(p.name);
    if (!l || l.size === 0) out.push({ port: p.name, activeLow: /(_n|_b|_l)$|^(rst|reset|res)n$/i.test(p.name) });
    else if (l.size === 1) out.push({ port: p.name, activeLow: [...l.keys()][0]! });
    else
      out.push({
        port: p.name,
        activeLow: false,
        conflict: `reset input '${p.name}' is active-high for register '${l.get(false)}' but active-low for register '${l.get(true)}'`,
      });
  }
  return out;
}
