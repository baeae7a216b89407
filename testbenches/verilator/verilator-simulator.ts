// The Verilator back end: the design's Verilog, Verilated, compiled into a
// Node addon and run in-process. poke and peek touch the model's variables
// through typed-array views (no call into C++); only evaluation, steps and
// batch runs cross into the addon, and step(n) and run() loop in C++.
import type { IrDesign } from '../../hdl/ir.ts';
import { DesignError } from '../../hdl/diagnostics.ts';
import { clockDomains, runChecks } from '../../hdl/passes/index.ts';
import type { BatchStimulus, Binding, BindOptions, ColumnResult, ColumnStimulus, SignalInfo, Simulator, Trace, TraceOptions } from '../simulator.ts';
import { bindByPokes, checkColumnShape, layout, putWords, resultArrays, runColumnsByRows, tooWideError } from '../builtin/columns.ts';
import { TraceRecorder } from '../builtin/trace-recorder.ts';
import { unknownNameMessage } from '../builtin/suggest.ts';
import { fitsWidth, toBigInt, toPattern } from '../builtin/values.ts';
import { loadAddon, type NativeInstance } from './addon.ts';
import type { BuildOptions } from './build.ts';
import { designModel } from './design-model.ts';
import type { DesignMap, MappedMemory, MappedPort, MappedSignal, ResetInput } from './design-map.ts';
import { makeView, patternWords, readPattern, readValue, wordsAt, wordsPattern, writePattern, type VarView } from './views.ts';
import { rejectBlackBoxes } from '../black-boxes.ts';

export interface VerilatorSimulatorOptions extends BuildOptions {
  /**
   * Seed for random initial state: the model starts with `+verilator+rand+reset+2
   * +verilator+seed+<randReset>`, so state that no reset or initial value sets
   * starts random. Unset: every variable starts at 0, then the `initial` values.
   */
  randReset?: number;
  /** Record a trace (see `trace()`), and/or stream samples to `onSample`. */
  trace?: TraceOptions;
}

export interface VerilatorBuildInfo {
  /** The model came from the disk cache. */
  cached: boolean;
  /** Seconds from the start of creation until the model was loaded and ready. */
  seconds: number;
  /** Cache key of the model. */
  hash: string;
  /** Its cache entry (Verilog, Verilator output, objects, model.node). */
  dir: string;
}

interface Signal {
  info: MappedSignal;
  view: VarView;
}

interface Memory {
  info: MappedMemory;
  view: VarView;
}

/** A top-level input with its accepted range precomputed (unsigned or signed reading). */
interface InputSlot {
  port: MappedPort;
  view: VarView;
  lo: bigint;
  hi: bigint;
  loN: number;
  hiN: number;
}

function inputSlot(port: MappedPort, view: VarView): InputSlot {
  const w = port.width;
  return { port, view, lo: -(1n << BigInt(w - 1)), hi: (1n << BigInt(w)) - 1n, loN: -(2 ** (w - 1)), hiN: 2 ** w - 1 };
}

/** The pattern of a value for an input of at most 32 bits, or undefined when it does not fit. */
function narrowPattern(s: InputSlot, value: bigint | number): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < s.loN || value > s.hiN) return undefined;
    return s.port.width === 32 ? value >>> 0 : value & s.hiN;
  }
  if (typeof value !== 'bigint' || value < s.lo || value > s.hi) return undefined;
  return Number(BigInt.asUintN(s.port.width, value));
}

/** The pattern of a value for a wider input, or undefined when it does not fit. */
function widePattern(s: InputSlot, value: bigint | number): bigint | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return undefined;
    value = BigInt(value);
  }
  if (typeof value !== 'bigint' || value < s.lo || value > s.hi) return undefined;
  return BigInt.asUintN(s.port.width, value);
}

export class VerilatorSimulator implements Simulator {
  readonly backend = 'verilator' as const;
  readonly design: IrDesign;
  readonly buildInfo: VerilatorBuildInfo;
  private readonly map: DesignMap;
  private readonly inst: NativeInstance;
  private readonly signalByName = new Map<string, Signal>();
  private readonly portByName = new Map<string, MappedPort>();
  private readonly inputByName = new Map<string, InputSlot>();
  private readonly memByName = new Map<string, Memory>();
  private readonly missing = new Set<string>();
  private readonly clockPort: string | null;
  private readonly resets: { input: ResetInput; view: VarView }[] = [];
  private readonly recorder: TraceRecorder | null = null;
  private readonly traced: Signal[] = [];
  private dirty = true;
  /** The addon's count of rising edges (a view of its `counter`). */
  private readonly counter: Float64Array;
  private closed = false;

  constructor(design: IrDesign, opts: VerilatorSimulatorOptions = {}) {
    const t0 = performance.now();
    this.design = design;
    const problems = runChecks(design);
    if (problems.length > 0) throw new DesignError(problems);
    const domains = clockDomains(design);
    if (domains.length > 1) {
      const top = design.modules.find((m) => m.name === design.top)!;
      throw new DesignError([
        {
          code: 'clock-domains',
          message: `the design has ${domains.length} clock domains (${domains.map((d) => `'${d.port}'`).join(', ')}); the Verilator back end supports a single clock`,
          loc: top.loc,
        },
      ]);
    }
    const { map, model: built } = designModel(design, opts);
    this.map = map;
    const addon = loadAddon(built.addon);
    const plusargs = opts.randReset === undefined ? [] : ['+verilator+rand+reset+2', `+verilator+seed+${opts.randReset}`];
    this.inst = addon.create(plusargs);
    this.counter = new Float64Array(this.inst.counter);

    const byKey = new Map<string, VarView>();
    this.inst.vars.forEach((row, i) => byKey.set(row[0], makeView(row, i, this.inst.buffers)));
    for (const p of this.map.ports) {
      this.portByName.set(p.name, p);
      const view = byKey.get(p.key);
      if (!view) throw new Error(`internal error: port '${p.name}' (${p.key}) is not public in the Verilated model`);
      if (p.dir === 'input') this.inputByName.set(p.name, inputSlot(p, view));
    }
    for (const s of this.map.signals) {
      const view = byKey.get(s.key);
      if (view) this.signalByName.set(s.name, { info: s, view });
      else this.missing.add(s.name);
    }
    for (const m of this.map.memories) {
      const view = byKey.get(m.key);
      if (!view) throw new Error(`internal error: memory '${m.name}' (${m.key}) is not public in the Verilated model`);
      this.memByName.set(m.name, { info: m, view });
    }

    const clock = domains[0]?.port ?? this.map.ports.find((p) => p.dir === 'input' && p.role === 'clock')?.name ?? null;
    this.clockPort = clock;
    this.inst.setClock(clock === null ? -1 : byKey.get(this.portByName.get(clock)!.key)!.index);
    // Inputs start at 0 (a random initial state randomises ports too).
    for (const slot of this.inputByName.values()) writePattern(slot.view, 0n);
    for (const r of this.map.resets) {
      const view = byKey.get(this.portByName.get(r.port)!.key)!;
      this.resets.push({ input: r, view });
      writePattern(view, r.activeLow ? 1n : 0n); // inputs start at 0, resets deasserted
    }
    // With the clock at 0: the first evaluation, then the edges of time 0, so an
    // asynchronous reset asserted at power-up (an input pin at 0 that is an
    // active-low reset, a register whose initial value asserts one) acts at once.
    this.inst.powerUp();
    this.dirty = false;

    if (opts.trace) {
      const names = opts.trace.signals ?? [...this.signalByName.keys()];
      const infos: SignalInfo[] = [];
      for (const name of names) {
        const s = this.signal(name);
        infos.push({ name: s.info.name, width: s.info.width, signed: s.info.signed });
        this.traced.push(s);
      }
      this.recorder = new TraceRecorder(infos, 0, opts.trace);
    }
    this.buildInfo = { cached: built.cached, seconds: (performance.now() - t0) / 1000, hash: built.hash, dir: built.dir };
  }

  get cycle(): number {
    return this.counter[0]!;
  }

  poke(name: string, value: bigint | number): void {
    this.open();
    const slot = this.input(name);
    if (slot.view.words === 1) {
      const p = narrowPattern(slot, value);
      if (p === undefined) this.checkedPattern(value, slot.port.width, `input '${name}'`); // throws the message
      (slot.view.arr as Uint32Array)[0] = p!;
    } else {
      const p = widePattern(slot, value);
      writePattern(slot.view, p ?? this.checkedPattern(value, slot.port.width, `input '${name}'`));
    }
    this.dirty = true;
  }

  peek(name: string): bigint {
    this.open();
    const s = this.signal(name);
    this.settle();
    return readValue(s.view, s.info.signed);
  }

  step(cycles = 1): void {
    this.open();
    if (!Number.isInteger(cycles) || cycles < 0) throw new Error(`step(${cycles}): the cycle count must be an integer >= 0`);
    if (this.recorder) {
      this.settle();
      for (let i = 0; i < cycles; i++) {
        this.sample();
        this.inst.step(1);
      }
    } else if (cycles > 0) {
      // The edge's own evaluation also settles any pokes made since the last one.
      this.inst.step(cycles);
    }
    if (cycles > 0) this.dirty = false;
  }

  reset(cycles = 1): void {
    this.open();
    for (const r of this.resets) if (r.input.conflict) throw new Error(`reset(): ${r.input.conflict}`);
    for (const r of this.resets) writePattern(r.view, r.input.activeLow ? 0n : 1n);
    this.dirty = true;
    this.settle(); // asynchronous resets act even when cycles is 0
    this.step(cycles);
    for (const r of this.resets) writePattern(r.view, r.input.activeLow ? 1n : 0n);
    this.dirty = true;
  }

  readMemory(name: string, address: number): bigint {
    this.open();
    const m = this.memory(name, address);
    return readValue(m.view, m.info.signed, address - m.view.low);
  }

  writeMemory(name: string, address: number, value: bigint | number): void {
    this.open();
    const m = this.memory(name, address);
    writePattern(m.view, this.checkedPattern(value, m.info.width, `memory '${name}'`), address - m.view.low);
    this.dirty = true;
  }

  signals(): SignalInfo[] {
    return [...this.signalByName.values()].map((s) => ({ name: s.info.name, width: s.info.width, signed: s.info.signed }));
  }

  /** Hierarchical names of every memory, for readMemory/writeMemory. */
  memories(): { name: string; width: number; depth: number; signed: boolean }[] {
    return [...this.memByName.values()].map(({ info: m }) => ({ name: m.name, width: m.width, depth: m.depth, signed: m.signed }));
  }

  /** The generated Verilog's top module name and the public-signal configuration, for debugging. */
  verilatorConfig(): string {
    return this.map.config;
  }

  run(stimulus: BatchStimulus): bigint[][] {
    this.open();
    const inputs = stimulus.inputs.map((n) => this.input(n));
    const observe = stimulus.observe.map((n) => this.signal(n));
    const cycles = stimulus.cycles.length;
    const inWords = inputs.reduce((s, i) => s + i.view.words, 0);
    const obsWords = observe.reduce((s, o) => s + o.view.words, 0);
    // Check and pack every value before the first edge, so a bad row changes nothing.
    const stim = new Uint32Array(inWords * cycles);
    let at = 0;
    for (let k = 0; k < cycles; k++) {
      const row = stimulus.cycles[k]!;
      if (row.length !== inputs.length) throw new Error(`run(): cycle ${k} has ${row.length} values for ${inputs.length} inputs`);
      for (let j = 0; j < row.length; j++) {
        const slot = inputs[j]!;
        const v = row[j]!;
        if (slot.view.words === 1) {
          const p = narrowPattern(slot, v);
          stim[at] = p ?? Number(this.checkedPattern(v, slot.port.width, `run() cycle ${k}, input '${stimulus.inputs[j]}'`));
        } else {
          const p = widePattern(slot, v) ?? this.checkedPattern(v, slot.port.width, `run() cycle ${k}, input '${stimulus.inputs[j]}'`);
          patternWords(p, slot.view.words, stim, at);
        }
        at += slot.view.words;
      }
    }
    if (this.recorder) return this.runTraced(inputs, observe, stim, cycles);
    const out = new Uint32Array(obsWords * cycles);
    if (cycles > 0) {
      this.inst.run(
        Int32Array.from(inputs, (i) => i.view.index),
        stim,
        cycles,
        Int32Array.from(observe, (o) => o.view.index),
        out,
      );
      this.dirty = false;
    }
    // Unpack: narrow values with number arithmetic, wide ones 64 bits at a time.
    const data = new DataView(out.buffer);
    const shifts = observe.map((o) => 32 - o.info.width);
    const result: bigint[][] = new Array(cycles);
    let r = 0;
    for (let c = 0; c < cycles; c++) {
      const row = new Array<bigint>(observe.length);
      for (let j = 0; j < observe.length; j++) {
        const o = observe[j]!;
        const words = o.view.words;
        if (words === 1) {
          const x = out[r]!;
          row[j] = o.info.signed ? BigInt((x << shifts[j]!) >> shifts[j]!) : BigInt(x);
        } else {
          const p = wordsAt(data, r * 4, words);
          row[j] = o.info.signed ? BigInt.asIntN(o.info.width, p) : p;
        }
        r += words;
      }
      result[c] = row;
    }
    return result;
  }

  /** Batch mode over typed arrays: one call into the addon runs every cycle (see ColumnStimulus). */
  runColumns(stim: ColumnStimulus): ColumnResult {
    this.open();
    const inputs = stim.inputs.map((n) => this.input(n));
    const observe = stim.observe.map((n) => this.signal(n));
    if (this.recorder) return runColumnsByRows(this, stim, (n) => this.infoOf(n));
    const widths = inputs.map((i) => i.port.width);
    checkColumnShape(stim, widths);
    const cycles = stim.cycles;
    const result: ColumnResult = {
      observe: stim.observe,
      widths: observe.map((o) => o.info.width),
      words: observe.map((o) => o.view.words),
      signed: observe.map((o) => o.info.signed),
      values: resultArrays(stim, observe.map((o) => o.info.width)),
    };
    if (cycles === 0) return result;
    const bad = this.inst.runColumns(
      Int32Array.from(inputs, (i) => i.view.index),
      stim.values,
      cycles,
      Int32Array.from(observe, (o) => o.view.index),
      result.values,
    );
    if (bad) throw tooWideError(`runColumns() cycle ${bad[1]}`, stim.inputs[bad[0]]!, widths[bad[0]]!, stim.values[bad[0]]!, bad[1]);
    this.dirty = false;
    return result;
  }

  /** Reactive mode over shared buffers: `cycle()` is one call into the addon, no arguments (see Binding). */
  bind(opts: BindOptions): Binding {
    this.open();
    const inputs = opts.inputs.map((n) => this.input(n));
    const observe = opts.observe.map((n) => this.signal(n));
    if (this.recorder) return bindByPokes(this, opts, (n) => this.infoOf(n));
    const inWidths = inputs.map((i) => i.port.width);
    const outWidths = observe.map((o) => o.info.width);
    const inL = layout(inWidths);
    const outL = layout(outWidths);
    const inBuf = new Uint32Array(inL.total);
    const outBuf = new Uint32Array(outL.total);
    this.settle();
    inputs.forEach((s, j) => putWords(readPattern(s.view), s.view.words, inBuf, inL.at[j]!));
    observe.forEach((o, i) => putWords(readPattern(o.view), o.view.words, outBuf, outL.at[i]!));
    const tooWide = opts.inputs.map(
      (n, j) =>
        `cycle(): input '${n}' is ${inWidths[j]} bit${inWidths[j] === 1 ? '' : 's'} wide; its pattern in inputs[${inL.at[j]}..${inL.at[j]! + inputs[j]!.view.words - 1}] has bits above it`,
    );
    const cycle = this.inst.bind(
      Int32Array.from(inputs, (i) => i.view.index),
      inBuf,
      Int32Array.from(observe, (o) => o.view.index),
      outBuf,
      tooWide,
    );
    return { inputs: inBuf, outputs: outBuf, inputAt: inL.at, outputAt: outL.at, inputWidths: inWidths, outputWidths: outWidths, cycle };
  }

  trace(): Trace {
    if (!this.recorder) throw new Error('trace(): this simulator was created without tracing; pass { trace: {} } in its options');
    if (this.recorder.has(this.cycle)) return this.recorder.snapshot();
    this.open();
    this.settle();
    return this.recorder.snapshot(this.sampleValues());
  }

  close(): void {
    if (this.closed) return;
    if (this.recorder && !this.recorder.has(this.cycle)) {
      this.settle();
      this.sample();
    }
    this.closed = true;
    this.inst.close();
  }

  // ---- internals ----

  private runTraced(inputs: { view: VarView }[], observe: Signal[], stim: Uint32Array, cycles: number): bigint[][] {
    const result: bigint[][] = [];
    let at = 0;
    for (let c = 0; c < cycles; c++) {
      for (const { view } of inputs) {
        writePattern(view, wordsPattern(stim, at, view.words));
        at += view.words;
      }
      this.dirty = true;
      this.step(1);
      result.push(observe.map((o) => readValue(o.view, o.info.signed)));
    }
    return result;
  }

  private infoOf(name: string): SignalInfo {
    const s = this.signalByName.get(name);
    if (s) return { name, width: s.info.width, signed: s.info.signed };
    const p = this.input(name).port;
    return { name, width: p.width, signed: false };
  }

  private open(): void {
    if (this.closed) throw new Error('this simulator is closed');
  }

  private settle(): void {
    if (this.dirty) {
      this.inst.eval();
      this.dirty = false;
    }
  }

  private sample(): void {
    this.recorder!.record(this.cycle, this.sampleValues());
  }

  private sampleValues(): bigint[] {
    return this.traced.map((s) => readValue(s.view, s.info.signed));
  }

  private signal(name: string): Signal {
    const s = this.signalByName.get(name);
    if (s) return s;
    if (this.missing.has(name))
      throw new Error(`signal '${name}' exists in the design but Verilator kept no variable for it, so the Verilator back end cannot peek it`);
    throw new Error(unknownNameMessage('signal', name, this.signalByName.keys()));
  }

  private input(name: string): InputSlot {
    const slot = this.inputByName.get(name);
    if (slot) {
      if (slot.port.role === 'clock' || name === this.clockPort) throw new Error(`cannot poke '${name}': it is the clock, which step() drives`);
      return slot;
    }
    const p = this.portByName.get(name);
    if (p) throw new Error(`cannot poke '${name}': it is an output port; only top-level inputs can be poked`);
    if (this.signalByName.has(name)) throw new Error(`cannot poke '${name}': it is an internal signal; only top-level inputs can be poked`);
    const inputs = this.map.ports.filter((x) => x.dir === 'input').map((x) => x.name);
    throw new Error(unknownNameMessage('input', name, inputs));
  }

  private memory(name: string, address: number): Memory {
    const m = this.memByName.get(name);
    if (!m) throw new Error(unknownNameMessage('memory', name, this.memByName.keys()));
    if (!Number.isInteger(address) || address < 0 || address >= m.info.depth)
      throw new Error(`memory '${name}' has addresses 0..${m.info.depth - 1}; ${address} is outside them`);
    return m;
  }

  private checkedPattern(value: bigint | number, width: number, what: string): bigint {
    const v = toBigInt(value, what);
    if (!fitsWidth(v, width)) {
      const lo = -(1n << BigInt(width - 1));
      const hi = (1n << BigInt(width)) - 1n;
      throw new Error(`${what} is ${width} bit${width === 1 ? '' : 's'} wide; ${v} does not fit (allowed ${lo}..${hi})`);
    }
    return toPattern(v, width);
  }
}

/** The Verilator back end; builds (or loads from the cache) the Verilated model synchronously. */
export function createVerilatorSimulator(design: IrDesign, opts: VerilatorSimulatorOptions = {}): VerilatorSimulator {
  rejectBlackBoxes(design, 'Verilator');
  return new VerilatorSimulator(design, opts);
}

