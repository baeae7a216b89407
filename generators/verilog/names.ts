// Verilog names for everything a module declares. The user's names survive;
// only what Verilog (or Verilator's C++ model) cannot take is changed, and the
// same module always gets the same names, so simulators and waveform tools can
// find signals in the emitted Verilog by calling these functions.
import type { IrDesign, IrModule } from '../../hdl/ir.ts';
import { isReservedWord } from './keywords.ts';

/**
 * A legal Verilog-2005 / SystemVerilog-2017 simple identifier for `name`:
 * characters other than letters, digits and `_` become `_`, a leading digit
 * gets a `_` in front, and a reserved word gets a `_` suffix.
 */
export function legaliseIdentifier(name: string): string {
  // Most names are legal already: one test instead of three rewrites.
  if (SIMPLE.test(name)) return isReservedWord(name) ? name + '_' : name;
  let s = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (s === '') s = '_';
  if (/^[0-9]/.test(s)) s = '_' + s;
  if (isReservedWord(s)) s += '_';
  return s;
}

const SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
  return namesWithin(mod, design ? verilogModuleNames(design) : undefined);
}

/** The Verilog name of a module given the design's module names (or none). */
function moduleNameOf(mod: IrModule, moduleNames: Map<string, string> | undefined): string {
  return moduleNames?.get(mod.name) ?? legaliseIdentifier(mod.name);
}

/** Module and port names only (what an instance of the module needs): the first claims of `verilogNames`. */
export function portNamesWithin(mod: IrModule, moduleNames: Map<string, string> | undefined): { module: string; ports: string[]; scope: Namespace } {
  const module = moduleNameOf(mod, moduleNames);
  const scope = new Namespace();
  // A net named like its own module makes Verilator warn VARHIDDEN.
  scope.reserve(module);
  const ports = mod.ports.map((p) => scope.claim(p.name));
  return { module, ports, scope };
}

/** `verilogNames` with the design's module names worked out once by the caller. */
export function namesWithin(mod: IrModule, moduleNames: Map<string, string> | undefined): VerilogModuleNames {
  const { module, ports, scope } = portNamesWithin(mod, moduleNames);
  const netList = mod.nets;
  let maxId = -1;
  let inOrder = true;
  for (let i = 0; i < netList.length; i++) {
    const id = netList[i]!.id;
    if (id > maxId) maxId = id;
    if (id !== i) inOrder = false;
  }
  const nets: string[] = new Array<string>(maxId + 1).fill('');
  let maxRef = maxId;
  for (const p of mod.ports) if (p.net > maxRef) maxRef = p.net;
  const named = new Uint8Array(maxRef + 1);
  // A net shared by several ports is named after its input port if it has one.
  const order = mod.ports.map((p, i) => ({ p, i })).sort((x, y) => rank(x.p.dir) - rank(y.p.dir) || x.i - y.i);
  for (const { p, i } of order) {
    if (named[p.net]) continue;
    nets[p.net] = ports[i]!;
    named[p.net] = 1;
  }
  const byId = inOrder ? netList : [...netList].sort((a, b) => a.id - b.id);
  for (let i = 0; i < byId.length; i++) {
    const n = byId[i]!;
    if (named[n.id]) continue;
    nets[n.id] = scope.claim(n.name);
    named[n.id] = 1;
  }
  const memories = mod.memories.map((m) => scope.claim(m.name));
  const instances = mod.instances.map((i) => scope.claim(i.name));
  return { module, ports, nets, memories, instances, scope };
}

function rank(dir: string): number {
  return dir === 'input' ? 0 : 1;
}

/** Verilog name of every net (index = NetId), as `emitVerilog` declares it. */
export function verilogNetNames(mod: IrModule, design?: IrDesign): string[] {
  return verilogNames(mod, design).nets;
}
