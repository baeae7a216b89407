// Verilog names for everything a module declares. The user's names survive;
// only what Verilog (or Verilator's C++ model) cannot take is changed, and the
// same module always gets the same names, so simulators and waveform tools can
// find signals in the emitted Verilog by calling these functions.
import type { IrDesign, IrModule, IrNet } from '../../hdl/ir.ts';
import { tempNameId } from '../../hdl/passes/ir-util.ts';
import { isReservedWord } from './keywords.ts';
import { holeyArray } from '../../hdl/holey-array.ts';

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
    for (let i = 1; this.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }
}

/**
 * A module's scope that holds its temporaries' names (`_t<k>`, legal as they
 * are) as one bit per k instead of one set entry each: big modules have
 * hundreds of thousands. Answers exactly as a Namespace holding those names.
 */
class ModuleNamespace extends Namespace {
  private temps: Uint8Array | null = null;

  override has(name: string): boolean {
    if (super.has(name)) return true;
    const t = this.temps;
    if (t === null) return false;
    const k = tempNameId(name);
    return k >= 0 && k < t.length && t[k] === 1;
  }

  /** Takes the temporaries' names flagged by k; none of them may be taken yet. */
  takeTemps(temps: Uint8Array): void {
    this.temps = temps;
  }
}

/**
 * The k of every net (in `claimers`) named like a temporary, as one flag per k,
 * when they can take their names in one step: no two share a k, none is
 * `taken` already (the module's and the ports' names), and no other name the
 * module claims (other nets, memories, instances) legalises to one of theirs.
 * Else null: the nets claim their names one by one.
 */
function tempsOf(claimers: readonly IrNet[], ks: Int32Array, taken: readonly string[], mod: IrModule): Uint8Array | null {
  let max = -1;
  for (let i = 0; i < claimers.length; i++) {
    const k = (ks[i] = tempNameId(claimers[i]!.name));
    if (k > max) max = k;
  }
  if (max < 0 || max > 4 * claimers.length + 1024) return null;
  const temps = new Uint8Array(max + 1);
  for (let i = 0; i < claimers.length; i++) {
    const k = ks[i]!;
    if (k < 0) continue;
    if (temps[k] === 1) return null;
    temps[k] = 1;
  }
  // The names taken before the nets claim theirs (the module's, the ports').
  for (const name of taken) {
    const k = tempNameId(name);
    if (k >= 0 && k <= max && temps[k] === 1) return null;
  }
  const clashes = (name: string): boolean => {
    const k = tempNameId(legaliseIdentifier(name));
    return k >= 0 && k <= max && temps[k] === 1;
  };
  for (let i = 0; i < claimers.length; i++) if (ks[i]! < 0 && clashes(claimers[i]!.name)) return null;
  if (mod.memories.some((m) => clashes(m.name)) || mod.instances.some((x) => clashes(x.name))) return null;
  return temps;
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
export function portNamesWithin(mod: IrModule, moduleNames: Map<string, string> | undefined, scope: Namespace = new Namespace()): { module: string; ports: string[]; scope: Namespace } {
  const module = moduleNameOf(mod, moduleNames);
  // A net named like its own module makes Verilator warn VARHIDDEN.
  scope.reserve(module);
  const ports = mod.ports.map((p) => scope.claim(p.name));
  return { module, ports, scope };
}

/** `verilogNames` with the design's module names worked out once by the caller. */
export function namesWithin(mod: IrModule, moduleNames: Map<string, string> | undefined): VerilogModuleNames {
  const ns = new ModuleNamespace();
  const { module, ports, scope } = portNamesWithin(mod, moduleNames, ns);
  const netList = mod.nets;
  let maxId = -1;
  let inOrder = true;
  for (let i = 0; i < netList.length; i++) {
    const id = netList[i]!.id;
    if (id > maxId) maxId = id;
    if (id !== i) inOrder = false;
  }
  const nets: string[] = holeyArray<string>(maxId + 1).fill('');
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
  // Nets that claim a name of their own, in claiming order (a repeated id claims once).
  const claimers: IrNet[] = [];
  for (let i = 0; i < byId.length; i++) {
    const n = byId[i]!;
    if (named[n.id]) continue;
    claimers.push(n);
    named[n.id] = 1;
  }
  // Their temporary numbers (-1: not named like a temporary).
  const ks = new Int32Array(claimers.length);
  const temps = tempsOf(claimers, ks, [module, ...ports], mod);
  if (temps) ns.takeTemps(temps);
  for (let i = 0; i < claimers.length; i++) {
    const n = claimers[i]!;
    nets[n.id] = temps && ks[i]! >= 0 ? n.name : scope.claim(n.name);
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
