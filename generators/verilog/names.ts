// Verilog names for everything a module declares. The user's names survive;
// only what Verilog (or Verilator's C++ model) cannot take is changed, and the
// same module always gets the same names, so simulators and waveform tools can
// find signals in the emitted Verilog by calling these functions.
import type { IrDesign, IrModule, NetId } from '../../hdl/ir.ts';
import { isReservedWord } from './keywords.ts';

/**
 * A legal Verilog-2005 / SystemVerilog-2017 simple identifier for `name`:
 * characters other than letters, digits and `_` become `_`, a leading digit
 * gets a `_` in front, and a reserved word gets a `_` suffix.
 */
export function legaliseIdentifier(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (s === '') s = '_';
  if (/^[0-9]/.test(s)) s = '_' + s;
  if (isReservedWord(s)) s += '_';
  return s;
}

/** One Verilog scope: hands out unique legal names, first come first served. */
export class Namespace {
  private readonly taken = new Set<string>();

  /** Takes `name` as is (used for the enclosing module's own name). */
  reserve(name: string): void {
    this.taken.add(name);
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  /** The legalised name, or the first free `<name>_1`, `<name>_2`, ... */
  claim(wanted: string): string {
    const base = legaliseIdentifier(wanted);
    let name = base;
    for (let i = 1; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }
}

export interface VerilogModuleNames {
  /** The module's own Verilog name. */
  module: string;
  /** Index = position in `mod.ports`. */
  ports: string[];
  /** Index = NetId. A net that backs a port has that port's name. */
  nets: string[];
  /** Index = position in `mod.memories`. */
  memories: string[];
  /** Index = position in `mod.instances`. */
  instances: string[];
  /** The scope, for helper names the generator adds later. */
  scope: Namespace;
}

/**
 * Verilog module names for every module of a design, in design order: the
 * legalised name, with `_1`, `_2`, ... when two names meet after legalisation.
 */
export function verilogModuleNames(design: IrDesign): Map<string, string> {
  const ns = new Namespace();
  const names = new Map<string, string>();
  for (const m of design.modules) if (!names.has(m.name)) names.set(m.name, ns.claim(m.name));
  return names;
}

/**
 * Names of one module. Order of claims, which decides who keeps a name when
 * two collide: the module's own name, ports (in port order), other nets (in
 * NetId order), memories, instances. Pass the design so that the module's own
 * name is the one `verilogModuleNames` gives it.
 */
export function verilogNames(mod: IrModule, design?: IrDesign): VerilogModuleNames {
  const moduleName = design ? (verilogModuleNames(design).get(mod.name) ?? legaliseIdentifier(mod.name)) : legaliseIdentifier(mod.name);
  const scope = new Namespace();
  // A net named like its own module makes Verilator warn VARHIDDEN.
  scope.reserve(moduleName);
  const ports = mod.ports.map((p) => scope.claim(p.name));

  const maxId = mod.nets.reduce((m, n) => Math.max(m, n.id), -1);
  const nets: string[] = new Array<string>(maxId + 1).fill('');
  const named = new Set<NetId>();
  // A net shared by several ports is named after its input port if it has one.
  const order = mod.ports.map((p, i) => ({ p, i })).sort((x, y) => rank(x.p.dir) - rank(y.p.dir) || x.i - y.i);
  for (const { p, i } of order) {
    if (named.has(p.net)) continue;
    nets[p.net] = ports[i]!;
    named.add(p.net);
  }
  const byId = [...mod.nets].sort((a, b) => a.id - b.id);
  for (const n of byId) {
    if (named.has(n.id)) continue;
    nets[n.id] = scope.claim(n.name);
    named.add(n.id);
  }
  const memories = mod.memories.map((m) => scope.claim(m.name));
  const instances = mod.instances.map((i) => scope.claim(i.name));
  return { module: moduleName, ports, nets, memories, instances, scope };
}

function rank(dir: string): number {
  return dir === 'input' ? 0 : 1;
}

/** Verilog name of every net (index = NetId), as `emitVerilog` declares it. */
export function verilogNetNames(mod: IrModule, design?: IrDesign): string[] {
  return verilogNames(mod, design).nets;
}
