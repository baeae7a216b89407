// The built-in simulator: a compiled model (see compile.ts) plus its state and
// the testbench API. Pokes only mark the model dirty; the settle pass runs
// before the next peek or step, so poking many inputs costs one settle.
import type { IrDesign } from '../../hdl/ir.ts';
import type { BatchStimulus, SignalInfo, Simulator, Trace, TraceOptions } from '../simulator.ts';
import { compileModel, type CompiledModel, type CompileOptions, type ModelFunctions } from './compile.ts';
import type { FlatMemory, FlatPort, FlatSignal } from './flatten.ts';
import { unknownNameMessage } from './suggest.ts';
import { TraceRecorder } from './trace-recorder.ts';
import { encodeNarrow, fitsWidth, fromPattern, isNarrow, toBigInt, toPattern } from './values.ts';
import { rejectBlackBoxes } from '../black-boxes.ts';

export interface BuiltinSimulatorOptions extends CompileOptions {
  /** Record a trace (see `trace()`), and/or stream samples to `onSample`. */
  trace?: TraceOptions;
}

interface Reader {
  slot: number;
  width: number;
  signed: boolean;
  narrow: boolean;
}

export class BuiltinSimulator implements Simulator {
  readonly backend = 'builtin' as const;
  readonly design: IrDesign;
  private readonly model: CompiledModel;
  private readonly N: Int32Array;
  private readonly B: bigint[];
  private readonly mems: (Int32Array | bigint[])[];
  private readonly fns: ModelFunctions;
  private readonly signalByName = new Map<string, FlatSignal>();
  private readonly portByName = new Map<string, FlatPort>();
  private readonly memByName = new Map<string, number>();
  private readonly recorder: TraceRecorder | null = null;
  private readonly traceReaders: Reader[] = [];
  private readonly readers = new Map<string, Reader>();
  private dirty = true;
  private cycles = 0;
  private closed = false;

  constructor(design: IrDesign, opts: BuiltinSimulatorOptions = {}) {
    this.design = design;
    this.model = compileModel(design, opts);
    const { flat, layout } = this.model;
    this.N = new Int32Array(layout.narrowCount);
    this.B = new Array<bigint>(layout.wideCount).fill(0n);
    this.mems = flat.memories.map((m) => {
      const words = isNarrow(m.width) ? new Int32Array(m.depth) : new Array<bigint>(m.depth).fill(0n);
      m.init.forEach((v, i) => (words[i] = isNarrow(m.width) ? encodeNarrow(v) : v));
      return words;
    });
    this.fns = this.model.factory(
      this.N,
      this.B,
      this.mems,
      new Int32Array(layout.shadowNarrow),
      new Array<bigint>(layout.shadowWide).fill(0n),
    );
    for (const s of flat.signals) this.signalByName.set(s.name, s);
    for (const p of flat.ports) this.portByName.set(p.name, p);
    flat.memories.forEach((m, i) => this.memByName.set(m.name, i));

    for (const c of layout.constants) this.store(c.net, c.value);
    for (const r of flat.regs) this.store(r.q, r.init);
    for (const r of this.model.resets) this.store(r.net, r.activeLow ? 1n : 0n);

    if (opts.trace) {
      // By default every signal but the clock, which the simulator never toggles.
      const clocks = new Set(flat.ports.filter((p) => p.role === 'clock' || p.net === this.model.clock.net).map((p) => p.net));
      const names = opts.trace.signals ?? flat.signals.filter((s) => !clocks.has(s.net)).map((s) => s.name);
      const infos: SignalInfo[] = [];
      for (const name of names) {
        const s = this.signal(name);
        infos.push({ name: s.name, width: s.width, signed: s.signed });
        this.traceReaders.push(this.reader(s));
      }
      this.recorder = new TraceRecorder(infos, 0, opts.trace);
    }
  }

  get cycle(): number {
    return this.cycles;
  }

  /** The generated JavaScript, for debugging the compiler. */
  generatedSource(): string {
    return this.model.source;
  }

  poke(name: string, value: bigint | number): void {
    this.open();
    const p = this.input(name);
    const slot = this.model.layout.slot[p.net];
    // Fast path for the common case: a small integral number into a narrow input.
    if (typeof value === 'number' && p.width <= 32 && Number.isInteger(value) && value >= -(2 ** (p.width - 1)) && value < 2 ** p.width) {
      this.N[slot] = p.width === 32 ? value | 0 : value & (2 ** p.width - 1);
    } else {
      this.store(p.net, this.checkedPattern(value, p.width, `input '${name}'`));
    }
    this.dirty = true;
  }

  peek(name: string): bigint {
    this.open();
    this.settle();
    let r = this.readers.get(name);
    if (!r) this.readers.set(name, (r = this.reader(this.signal(name))));
    return this.read(r);
  }

  step(cycles = 1): void {
    this.open();
    if (!Number.isInteger(cycles) || cycles < 0) throw new Error(`step(${cycles}): the cycle count must be an integer >= 0`);
    this.settle();
    if (this.recorder) {
      for (let i = 0; i < cycles; i++) {
        this.sample();
        this.fns.edge();
        this.fns.settle();
        this.cycles++;
      }
    } else {
      this.fns.run(cycles);
      this.cycles += cycles;
    }
  }

  reset(cycles = 1): void {
    this.open();
    for (const r of this.model.resets) if (r.conflict) throw new Error(`reset(): ${r.conflict}`);
    for (const r of this.model.resets) this.store(r.net, r.activeLow ? 0n : 1n);
    this.dirty = true;
    this.settle(); // asynchronous resets act even when cycles is 0
    this.step(cycles);
    for (const r of this.model.resets) this.store(r.net, r.activeLow ? 1n : 0n);
    this.dirty = true;
  }

  readMemory(name: string, address: number): bigint {
    this.open();
    const i = this.memory(name, address);
    const m = this.model.flat.memories[i];
    const words = this.mems[i];
    const pattern = isNarrow(m.width) ? BigInt((words as Int32Array)[address] >>> 0) : (words as bigint[])[address];
    return fromPattern(pattern, m.width, m.signed);
  }

  writeMemory(name: string, address: number, value: bigint | number): void {
    this.open();
    const i = this.memory(name, address);
    const m = this.model.flat.memories[i];
    const v = this.checkedPattern(value, m.width, `memory '${name}'`);
    if (isNarrow(m.width)) (this.mems[i] as Int32Array)[address] = encodeNarrow(v);
    else (this.mems[i] as bigint[])[address] = v;
    this.dirty = true; // asynchronous reads see it at once
  }

  signals(): SignalInfo[] {
    return this.model.flat.signals.map((s) => ({ name: s.name, width: s.width, signed: s.signed }));
  }

  /** Hierarchical names of every memory, for readMemory/writeMemory. */
  memories(): { name: string; width: number; depth: number; signed: boolean }[] {
    return this.model.flat.memories.map((m) => ({ name: m.name, width: m.width, depth: m.depth, signed: m.signed }));
  }

  run(stimulus: BatchStimulus): bigint[][] {
    this.open();
    const inputs = stimulus.inputs.map((n) => this.input(n));
    const observe = stimulus.observe.map((n) => this.reader(this.signal(n)));
    // Check every value before the first edge, so a bad row changes nothing.
    const rows = stimulus.cycles.map((row, k) => {
      if (row.length !== inputs.length)
        throw new Error(`run(): cycle ${k} has ${row.length} values for ${inputs.length} inputs`);
      return row.map((v, j) => this.checkedPattern(v, inputs[j].width, `run() cycle ${k}, input '${stimulus.inputs[j]}'`));
    });
    const result: bigint[][] = [];
    for (const row of rows) {
      for (let j = 0; j < row.length; j++) this.store(inputs[j].net, row[j]);
      this.dirty = true;
      this.step(1);
      result.push(observe.map((r) => this.read(r)));
    }
    return result;
  }

  trace(): Trace {
    if (!this.recorder) throw new Error('trace(): this simulator was created without tracing; pass { trace: {} } in its options');
    if (this.recorder.has(this.cycles)) return this.recorder.snapshot();
    this.settle();
    return this.recorder.snapshot(this.sampleValues());
  }

  close(): void {
    if (this.closed) return;
    if (this.recorder && !this.recorder.has(this.cycles)) {
      this.settle();
      this.sample();
    }
    this.closed = true;
  }

  // ---- internals ----

  private open(): void {
    if (this.closed) throw new Error('this simulator is closed');
  }

  private settle(): void {
    if (this.dirty) {
      this.fns.settle();
      this.dirty = false;
    }
  }

  private sample(): void {
    this.recorder!.record(this.cycles, this.sampleValues());
  }

  private sampleValues(): bigint[] {
    return this.traceReaders.map((r) => this.read(r));
  }

  private signal(name: string): FlatSignal {
    const s = this.signalByName.get(name);
    if (!s) throw new Error(unknownNameMessage('signal', name, this.signalByName.keys()));
    return s;
  }

  private input(name: string): FlatPort {
    const p = this.portByName.get(name);
    if (p && p.dir === 'input') {
      if (p.role === 'clock' || p.net === this.model.clock.net)
        throw new Error(`cannot poke '${name}': it is the clock, which step() drives`);
      return p;
    }
    if (p) throw new Error(`cannot poke '${name}': it is an output port; only top-level inputs can be poked`);
    if (this.signalByName.has(name))
      throw new Error(`cannot poke '${name}': it is an internal signal; only top-level inputs can be poked`);
    const inputs = this.model.flat.ports.filter((x) => x.dir === 'input').map((x) => x.name);
    throw new Error(unknownNameMessage('input', name, inputs));
  }

  private memory(name: string, address: number): number {
    const i = this.memByName.get(name);
    if (i === undefined) throw new Error(unknownNameMessage('memory', name, this.memByName.keys()));
    const m: FlatMemory = this.model.flat.memories[i];
    if (!Number.isInteger(address) || address < 0 || address >= m.depth)
      throw new Error(`memory '${name}' has addresses 0..${m.depth - 1}; ${address} is outside them`);
    return i;
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

  private reader(s: FlatSignal): Reader {
    return { slot: this.model.layout.slot[s.net], width: s.width, signed: s.signed, narrow: isNarrow(s.width) };
  }

  private read(r: Reader): bigint {
    if (!r.narrow) return r.signed ? BigInt.asIntN(r.width, this.B[r.slot]) : this.B[r.slot];
    const x = this.N[r.slot];
    if (!r.signed) return BigInt(x >>> 0);
    return BigInt(r.width === 32 ? x : (x << (32 - r.width)) >> (32 - r.width));
  }

  private store(net: number, pattern: bigint): void {
    const slot = this.model.layout.slot[net];
    if (isNarrow(this.model.flat.nets[net].width)) this.N[slot] = encodeNarrow(pattern);
    else this.B[slot] = pattern;
  }
}

/** The built-in, compiled simulator (back end 'builtin'); throws a DesignError for designs it cannot run. */
export function createBuiltinSimulator(design: IrDesign, opts: BuiltinSimulatorOptions = {}): BuiltinSimulator {
  rejectBlackBoxes(design, 'built-in');
  return new BuiltinSimulator(design, opts);
}
