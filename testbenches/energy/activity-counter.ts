// Counts a hardware simulation's activity from its own signals, cycle by
// cycle: memory reads and writes from the memories' port enables (found in
// the IR), synaptic operations and neuron updates from design-specific
// "valid" signals (e.g. the update stage's lane-valid), each worth a fixed
// number of operations per cycle it is high. The counts come out in the shape
// the energy estimate takes (ip/energy), and the same shape a golden model's
// tally gives, so the two can be compared.
//
// Attach with `withActivityCounter(sim, counter)`: the returned simulator
// samples every probe just before each clock edge (after the pokes and the
// settle, the moment the edge acts on), then steps. Works on every back end.
// Not counted: cycles inside `reset()`, batch `run()` (refused),
// `readMemory` / `writeMemory` (host back doors, not hardware accesses), and
// asynchronous read ports without an enable (register-file reads).
import type { IrDesign, IrModule, NetId } from '../../hdl/ir.ts';
import { emptyActivity, type ActivityCounts } from '../../ip/energy/index.ts';
import type { Simulator } from '../simulator.ts';

/**
 * A signal each of whose cycles non-zero adds `per` operations; with `when`,
 * only cycles where that signal is non-zero too, with `unless`, only cycles
 * where that one is zero (e.g. stage valid and not a tick).
 */
export interface ActivityProbe {
  signal: string;
  per: number;
  when?: string;
  unless?: string;
}

/** An enable: a signal to sample, or a constant (true: every cycle; false: never). */
export type EnableProbe = string | boolean;

export interface MemoryProbe {
  /** Hierarchical name (instance path + memory name). */
  name: string;
  depth: number;
  width: number;
  /**
   * One enable per read port. A synchronous port without an enable reads every
   * cycle (true); an asynchronous port without one is a register-file read
   * with no clocked access and is not counted (false).
   */
  reads: EnableProbe[];
  writes: EnableProbe[];
}

export interface ActivityProbes {
  synapticOps: ActivityProbe[];
  neuronUpdates: ActivityProbe[];
  adds?: ActivityProbe[];
  multiplies?: ActivityProbe[];
  memories: MemoryProbe[];
}

/** Resolves a net to a probe: a constant, or the hierarchical name of a named net (following `id` copies). */
function enableProbe(mod: IrModule, net: NetId, prefix: string, what: string): EnableProbe {
  for (let seen = 0, n = net; seen < 64; seen++) {
    const driver = mod.cells.find((c) => c.out === n);
    if (driver?.op === 'const') return driver.value !== 0n;
    const info = mod.nets[n]!;
    if (info.named) return prefix + info.name;
    if (driver?.op !== 'id') break;
    n = driver.args[0]!;
  }
  throw new Error(`${what}: its enable is an unnamed net (${mod.nets[net]!.name}); give it a name (m.let) so the activity counter can sample it`);
}

/** Every memory of the design (through the instance hierarchy) with its read and write enables. */
export function memoryProbes(design: IrDesign): MemoryProbe[] {
  const byName = new Map(design.modules.map((m) => [m.name, m]));
  const out: MemoryProbe[] = [];
  const visit = (mod: IrModule, prefix: string): void => {
    for (const mem of mod.memories) {
      const name = prefix + mem.name;
      out.push({
        name,
        depth: mem.depth,
        width: mem.width,
        reads: mem.readPorts.map((r, i) => (r.enable === undefined ? r.sync : enableProbe(mod, r.enable, prefix, `memory ${name} read port ${i}`))),
        writes: mem.writePorts.map((w, i) => enableProbe(mod, w.enable, prefix, `memory ${name} write port ${i}`)),
      });
    }
    for (const inst of mod.instances) {
      const child = byName.get(inst.module);
      if (child && !child.blackbox) visit(child, `${prefix}${inst.name}.`);
    }
  };
  const top = byName.get(design.top);
  if (!top) throw new Error(`the design has no top module ${design.top}`);
  visit(top, '');
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

interface CompiledProbe {
  signal: number;
  when: number;
  unless: number;
}

/** Accumulates the probes' activity over sampled cycles. */
export class ActivityCounter {
  /** The distinct signals sampled each cycle. */
  readonly signals: string[];
  private readonly compiled: CompiledProbe[] = [];
  private readonly values: Uint8Array;
  private hits: Float64Array;
  private cycles = 0;
  private inferences = 0;
  /** Index into `compiled` of each arithmetic probe, and of each memory's read and write enables. */
  private readonly arith: { synapticOps: number[]; neuronUpdates: number[]; adds: number[]; multiplies: number[] };
  private readonly mem: { reads: (number | boolean)[]; writes: (number | boolean)[] }[];

  constructor(readonly probes: ActivityProbes) {
    const names = new Set<string>();
    const arith = [probes.synapticOps, probes.neuronUpdates, probes.adds ?? [], probes.multiplies ?? []];
    for (const list of arith) {
      for (const p of list) for (const s of [p.signal, p.when, p.unless]) if (s !== undefined) names.add(s);
    }
    for (const m of probes.memories) for (const e of [...m.reads, ...m.writes]) if (typeof e === 'string') names.add(e);
    this.signals = [...names].sort();
    const index = new Map(this.signals.map((s, i) => [s, i]));
    const compile = (signal: string, when?: string, unless?: string): number => {
      this.compiled.push({ signal: index.get(signal)!, when: when === undefined ? -1 : index.get(when)!, unless: unless === undefined ? -1 : index.get(unless)! });
      return this.compiled.length - 1;
    };
    const [sop, upd, add, mul] = arith.map((list) => list.map((p) => compile(p.signal, p.when, p.unless)));
    this.arith = { synapticOps: sop!, neuronUpdates: upd!, adds: add!, multiplies: mul! };
    const enable = (e: EnableProbe): number | boolean => (typeof e === 'string' ? compile(e) : e);
    this.mem = probes.memories.map((m) => ({ reads: m.reads.map(enable), writes: m.writes.map(enable) }));
    this.values = new Uint8Array(this.signals.length);
    this.hits = new Float64Array(this.compiled.length);
  }

  /** One cycle: `peek` reads a signal by hierarchical name as it stands before the edge. */
  sample(peek: (name: string) => bigint): void {
    this.cycles++;
    for (let i = 0; i < this.signals.length; i++) this.values[i] = peek(this.signals[i]!) !== 0n ? 1 : 0;
    for (let i = 0; i < this.compiled.length; i++) {
      const c = this.compiled[i]!;
      if (this.values[c.signal] && (c.when < 0 || this.values[c.when]) && (c.unless < 0 || !this.values[c.unless])) this.hits[i]++;
    }
  }

  /** Marks the end of an inference (an image), for energy per inference. */
  endInference(): void {
    this.inferences++;
  }

  reset(): void {
    this.hits = new Float64Array(this.compiled.length);
    this.cycles = 0;
    this.inferences = 0;
  }

  private cyclesHigh(e: number | boolean): number {
    if (e === true) return this.cycles;
    if (e === false) return 0;
    return this.hits[e]!;
  }

  counts(): ActivityCounts {
    const sum = (ids: number[], list: ActivityProbe[] | undefined): number => ids.reduce((s, id, k) => s + list![k]!.per * this.hits[id]!, 0);
    const c = emptyActivity(this.probes.memories);
    const byName = new Map(this.probes.memories.map((m, k) => [m.name, this.mem[k]!]));
    for (const m of c.memories) {
      const e = byName.get(m.name)!;
      m.reads = e.reads.reduce<number>((s, x) => s + this.cyclesHigh(x), 0);
      m.writes = e.writes.reduce<number>((s, x) => s + this.cyclesHigh(x), 0);
    }
    c.synapticOps = sum(this.arith.synapticOps, this.probes.synapticOps);
    c.neuronUpdates = sum(this.arith.neuronUpdates, this.probes.neuronUpdates);
    c.adds = sum(this.arith.adds, this.probes.adds);
    c.multiplies = sum(this.arith.multiplies, this.probes.multiplies);
    c.cycles = this.cycles;
    c.inferences = this.inferences;
    return c;
  }
}

/**
 * A simulator that samples `counter` before every clock edge of `step` and
 * otherwise passes everything to `sim`. Fails at once if a probed signal does
 * not exist in the design.
 */
export function withActivityCounter(sim: Simulator, counter: ActivityCounter): Simulator {
  const known = new Set(sim.signals().map((s) => s.name));
  const missing = counter.signals.filter((s) => !known.has(s));
  if (missing.length) throw new Error(`activity counter: the design has no signal ${missing.join(', ')}`);
  const peek = (name: string): bigint => sim.peek(name);
  const wrapped: Simulator = {
    get backend() {
      return sim.backend;
    },
    get design() {
      return sim.design;
    },
    get cycle() {
      return sim.cycle;
    },
    poke: (name, value) => sim.poke(name, value),
    peek,
    step(cycles = 1) {
      for (let i = 0; i < cycles; i++) {
        counter.sample(peek);
        sim.step(1);
      }
    },
    reset: (cycles) => sim.reset(cycles),
    readMemory: (name, address) => sim.readMemory(name, address),
    writeMemory: (name, address, value) => sim.writeMemory(name, address, value),
    signals: () => sim.signals(),
    run() {
      throw new Error('activity counter: batch run() is not counted; drive the simulator with poke/step');
    },
    close: () => sim.close(),
  };
  if (sim.trace) wrapped.trace = () => sim.trace!();
  return wrapped;
}
