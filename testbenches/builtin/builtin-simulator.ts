// The built-in simulator: a compiled model (see compile.ts) plus its state and
// the testbench API. Pokes only mark the model dirty; the settle pass runs
// before the next peek or step, so poking many inputs costs one settle, and
// after pokes alone only the logic that depends on an input is settled again.
import type { IrDesign } from '../../hdl/ir.ts';
import type { BatchStimulus, Binding, BindOptions, ColumnResult, ColumnStimulus, SignalInfo, Simulator, Trace, TraceOptions } from '../simulator.ts';
import { bindByPokes, bindingInputCheck, checkColumnShape, checkColumnValues, layout, putWords, resultArrays, runColumnsByRows, wordsOf, wordsPattern } from './columns.ts';
import { compileModel, type BoundModelFunctions, type CompiledModel, type CompileOptions } from './compile.ts';
import type { LoopFunction } from './loop.ts';
import type { FlatMemory, FlatPort, FlatSignal } from './flatten.ts';
import { resetsAssertedAtPowerUp } from './power-up.ts';
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
  /** First slot in N of a wide net kept only as words (Layout.netWords), or -1. */
  wordAt: number;
}

/** A top-level input with its storage slot and accepted range (unsigned or signed reading). */
interface InputSlot {
  port: FlatPort;
  slot: number;
  width: number;
  narrow: boolean;
  lo: bigint;
  hi: bigint;
  loN: number;
  hiN: number;
  /** Slots of the 32-bit words of a wide input (see Layout.inputWords). */
  words: number[] | null;
}

/** A batch's inputs, checked and converted before the first edge. */
interface PackedRows {
  /** cycles x inputs: the int32 of each narrow input. */
  narrowVals: Int32Array;
  /** cycles x inputs: the pattern of each wide input. */
  wideVals: bigint[] | null;
  /** cycles x wordCount: the 32-bit words of wide inputs; input j's start at wordAt[j]. */
  wordVals: Int32Array | null;
  wordAt: Int32Array;
  wordCount: number;
}

const scratch = new DataView(new ArrayBuffer(8));

/** Shared bigints for small unsigned values: reading them allocates nothing (flags, addresses, counts). */
const SMALL: readonly bigint[] = Array.from({ length: 4096 }, (_, i) => BigInt(i));

/**
 * Writes the 32-bit words of `pattern` (least significant first) into `out` at
 * the given slots, or from `at` on. Through a DataView: no BigInt is allocated
 * for the first 64 bits.
 */
function splitWords(pattern: bigint, slots: number[], out: Int32Array, at: number, consecutive = false): void {
  let x = pattern;
  for (let i = 0; i < slots.length; i += 2) {
    scratch.setBigUint64(0, x, true); // takes x modulo 2^64
    out[consecutive ? at + i : slots[i]!] = scratch.getInt32(0, true);
    if (i + 1 < slots.length) out[consecutive ? at + i + 1 : slots[i + 1]!] = scratch.getInt32(4, true);
    if (i + 2 < slots.length) x >>= 64n;
  }
}

/** What must be settled before the next read or edge. */
const CLEAN = 0;
const INPUTS = 1; // only inputs were poked since the last full settle
const ALL = 2;
// After a cycle of partial settles (settleForEdge, edge, settleOutputs): the
// state and the top-level outputs are right, other nets are not. settle()
// treats it as ALL; runColumns and bind, which settle for the edge anyway,
// do not settle everything first.
const PARTIAL = 3;

export class BuiltinSimulator implements Simulator {
  readonly backend = 'builtin' as const;
  readonly design: IrDesign;
  private readonly model: CompiledModel;
  private readonly N: Int32Array;
  /** N as unsigned words, for wide nets kept as words. */
  private readonly NU: Uint32Array;
  private readonly netWordAt = new Map<number, number>();
  private readonly B: bigint[];
  private readonly mems: (Int32Array | bigint[])[];
  private readonly fns: BoundModelFunctions;
  private readonly S: Int32Array;
  private readonly SB: bigint[];
  private readonly signalByName = new Map<string, FlatSignal>();
  private readonly portByName = new Map<string, FlatPort>();
  private readonly memByName = new Map<string, number>();
  private readonly recorder: TraceRecorder | null = null;
  private readonly traceReaders: Reader[] = [];
  private readonly readers = new Map<string, Reader>();
  private readonly inputSlots = new Map<string, InputSlot>();
  private readonly wordSlots = new Map<number, number[]>();
  private dirty = ALL;
  private cycles = 0;
  private closed = false;

  constructor(design: IrDesign, opts: BuiltinSimulatorOptions = {}) {
    this.design = design;
    this.model = compileModel(design, opts);
    const { flat, layout } = this.model;
    this.N = new Int32Array(layout.narrowCount);
    this.NU = new Uint32Array(this.N.buffer);
    for (const w of layout.netWords) this.netWordAt.set(w.net, w.slots[0]!);
    this.B = new Array<bigint>(layout.wideCount).fill(0n);
    this.mems = flat.memories.map((m) => {
      const words = isNarrow(m.width) ? new Int32Array(m.depth) : new Array<bigint>(m.depth).fill(0n);
      m.init.forEach((v, i) => (words[i] = isNarrow(m.width) ? encodeNarrow(v) : v));
      return words;
    });
    this.S = new Int32Array(layout.shadowNarrow);
    this.SB = new Array<bigint>(layout.shadowWide).fill(0n);
    this.fns = this.model.functions ??= this.model.factory();
    for (const s of flat.signals) this.signalByName.set(s.name, s);
    for (const p of flat.ports) this.portByName.set(p.name, p);
    flat.memories.forEach((m, i) => this.memByName.set(m.name, i));

    for (const w of layout.inputWords) this.wordSlots.set(w.net, w.slots);
    for (const c of layout.constants) this.store(c.net, c.value);
    for (const r of flat.regs) this.store(r.q, r.init);
    for (const r of this.model.resets) this.store(r.net, r.activeLow ? 1n : 0n);
    // Resets the power-up state asserts act first: the settle alone would let a register reset at
    // time 0 hide that its `init` asserts another register's reset (ir.ts, "Power-up").
    const resetPorts = new Map(this.model.resets.map((r) => [r.net, r.activeLow ? 1n : 0n] as const));
    const start = (net: number): bigint => {
      const d = flat.drivers[net];
      return d?.kind === 'reg' ? flat.regs[d.reg]!.init : (resetPorts.get(net) ?? 0n);
    };
    for (const i of resetsAssertedAtPowerUp(flat, start)) {
      const r = flat.regs[i]!;
      this.store(r.q, BigInt.asUintN(flat.nets[r.q]!.width, r.reset!.value));
    }

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
    const s = this.inputSlot(name);
    if (s.narrow) {
      const x = narrowValue(s, value);
      if (x !== undefined) this.N[s.slot] = x;
      else this.store(s.port.net, this.checkedPattern(value, s.width, `input '${name}'`));
    } else {
      const x = wideValue(s, value) ?? this.checkedPattern(value, s.width, `input '${name}'`);
      if (this.B[s.slot] !== x) {
        this.B[s.slot] = x;
        if (s.words) splitWords(x, s.words, this.N, 0);
      }
    }
    if (this.dirty === CLEAN) this.dirty = INPUTS;
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
    this.bound();
    if (this.recorder) {
      for (let i = 0; i < cycles; i++) {
        this.sample();
        this.bound(); // onSample may have run another simulator of this model
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
    if (this.dirty === CLEAN) this.dirty = INPUTS; // reset ports are inputs
    this.settle(); // asynchronous resets act even when cycles is 0
    this.step(cycles);
    for (const r of this.model.resets) this.store(r.net, r.activeLow ? 1n : 0n);
    if (this.dirty === CLEAN) this.dirty = INPUTS;
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
    this.dirty = ALL; // asynchronous reads see it at once
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
    const inputs = stimulus.inputs.map((n) => this.inputSlot(n));
    const observe = stimulus.observe.map((n) => this.reader(this.signal(n)));
    const cycles = stimulus.cycles.length;
    const nIn = inputs.length;
    // Check and convert every value before the first edge, so a bad row changes nothing.
    const narrowVals = new Int32Array(cycles * nIn);
    const wideVals: bigint[] | null = inputs.some((s) => !s.narrow) ? new Array<bigint>(cycles * nIn) : null;
    // The 32-bit words of wide inputs that have them, `wordCount` per row.
    const wordAt = new Int32Array(nIn);
    let wordCount = 0;
    inputs.forEach((s, j) => {
      wordAt[j] = wordCount;
      wordCount += s.words?.length ?? 0;
    });
    const wordVals = wordCount > 0 ? new Int32Array(cycles * wordCount) : null;
    for (let k = 0; k < cycles; k++) {
      const row = stimulus.cycles[k]!;
      if (row.length !== nIn) throw new Error(`run(): cycle ${k} has ${row.length} values for ${nIn} inputs`);
      for (let j = 0; j < nIn; j++) {
        const s = inputs[j]!;
        const v = row[j]!;
        const x = s.narrow ? narrowValue(s, v) : undefined;
        const y = s.narrow ? undefined : wideValue(s, v);
        if (x !== undefined) narrowVals[k * nIn + j] = x;
        else if (y !== undefined) wideVals![k * nIn + j] = y;
        else {
          const p = this.checkedPattern(v, s.width, `run() cycle ${k}, input '${stimulus.inputs[j]}'`);
          if (s.narrow) narrowVals[k * nIn + j] = encodeNarrow(p);
          else wideVals![k * nIn + j] = p;
        }
        if (s.words) splitWords(wideVals![k * nIn + j]!, s.words, wordVals!, k * wordCount + wordAt[j]!, true);
      }
    }
    const rows = { narrowVals, wideVals, wordVals, wordAt, wordCount };
    if (!this.recorder) {
      const loop = this.model.loop(inputs.map((s) => s.port.net), stimulus.observe.map((n) => this.signal(n).net));
      if (loop) return this.runRowsByLoop(loop, inputs, observe, rows, cycles);
    }
    const result: bigint[][] = new Array(cycles);
    if (this.recorder) {
      for (let k = 0; k < cycles; k++) {
        this.storeRow(inputs, rows, k);
        this.step(1);
        result[k] = observe.map((r) => this.read(r));
      }
      return result;
    }
    // The hot loop: inputs that did not change cost nothing, and when none
    // changed the input-dependent logic is not settled again.
    this.settle();
    const fns = this.fns;
    const nObs = observe.length;
    this.bound();
    for (let k = 0; k < cycles; k++) {
      if (this.storeRow(inputs, rows, k)) fns.settleInputs();
      fns.edge();
      fns.settle();
      const row = new Array<bigint>(nObs);
      for (let j = 0; j < nObs; j++) row[j] = this.read(observe[j]!);
      result[k] = row;
    }
    this.cycles += cycles;
    this.dirty = CLEAN;
    return result;
  }

  /** run() through the fused loop: the converted rows as columns in, the observed columns back to bigints. */
  private runRowsByLoop(loop: LoopFunction, inputs: InputSlot[], observe: Reader[], rows: PackedRows, cycles: number): bigint[][] {
    const nIn = inputs.length;
    const cols = inputs.map((s, j) => {
      if (s.narrow) {
        const col = new Uint32Array(cycles);
        for (let k = 0; k < cycles; k++) col[k] = rows.narrowVals[k * nIn + j]!;
        return col;
      }
      const w = s.words!.length;
      const col = new Uint32Array(cycles * w);
      const from = rows.wordAt[j]!;
      for (let k = 0; k < cycles; k++) for (let i = 0; i < w; i++) col[k * w + i] = rows.wordVals![k * rows.wordCount + from + i]!;
      return col;
    });
    const words = observe.map((r) => wordsOf(r.width));
    const outs = observe.map((_, i) => new Uint32Array(cycles * words[i]!));
    loop(this.N, this.B, this.mems, cycles, cols, outs);
    const result: bigint[][] = new Array(cycles);
    for (let k = 0; k < cycles; k++) {
      const row = new Array<bigint>(observe.length);
      for (let i = 0; i < observe.length; i++) {
        const r = observe[i]!;
        row[i] = r.narrow ? narrowRead(r, outs[i]![k]! | 0) : fromPattern(wordsPattern(outs[i]!, k * words[i]!, words[i]!), r.width, r.signed);
      }
      result[k] = row;
    }
    if (cycles > 0) this.storeRow(inputs, rows, cycles - 1);
    this.cycles += cycles;
    this.dirty = ALL;
    return result;
  }

  /** Batch mode over typed arrays: no bigint for values of at most 32 bits (see ColumnStimulus). */
  runColumns(stim: ColumnStimulus): ColumnResult {
    this.open();
    const inputs = stim.inputs.map((n) => this.inputSlot(n));
    const observe = stim.observe.map((n) => this.reader(this.signal(n)));
    if (this.recorder) return runColumnsByRows(this, stim, (n) => this.infoOf(n));
    const widths = inputs.map((s) => s.width);
    checkColumnShape(stim, widths);
    checkColumnValues(stim, widths);
    const cycles = stim.cycles;
    const words = observe.map((r) => wordsOf(r.width));
    const values = resultArrays(stim, observe.map((r) => r.width));
    const cols = stim.values;
    const loop = this.model.loop(inputs.map((s) => s.port.net), stim.observe.map((n) => this.signal(n).net));
    if (loop) {
      // One generated loop over the columns; nets are left unsettled.
      loop(this.N, this.B, this.mems, cycles, cols, values);
      // The loop left narrow inputs in N.
      if (cycles > 0 && inputs.some((s) => !s.narrow)) this.storeColumns(inputs, cols, cycles - 1, null);
      this.cycles += cycles;
      this.dirty = ALL;
      return { observe: stim.observe, widths: observe.map((r) => r.width), words, signed: observe.map((r) => r.signed), values };
    }
    const prev = inputs.map((s) => (s.narrow ? null : new Uint32Array(wordsOf(s.width)).fill(0xffffffff)));
    const split = this.splitSettles(stim.observe);
    if (!(split && this.dirty === PARTIAL)) this.settle();
    this.bound();
    const partial = runChunkedColumns(this.fns, this.N, this.B, inputs, cols, prev, observe, words, values, cycles, split, this.dirty === PARTIAL);
    this.cycles += cycles;
    this.dirty = partial ? PARTIAL : CLEAN;
    return { observe: stim.observe, widths: observe.map((r) => r.width), words, signed: observe.map((r) => r.signed), values };
  }

  /** Reactive mode over shared buffers (see Binding): `cycle()` converts no value of at most 32 bits. */
  bind(opts: BindOptions): Binding {
    this.open();
    const inputs = opts.inputs.map((n) => this.inputSlot(n));
    const observe = opts.observe.map((n) => this.reader(this.signal(n)));
    if (this.recorder) return bindByPokes(this, opts, (n) => this.infoOf(n));
    const inWidths = inputs.map((s) => s.width);
    const outWidths = observe.map((r) => r.width);
    const inL = layout(inWidths);
    const outL = layout(outWidths);
    const inBuf = new Uint32Array(inL.total);
    const outBuf = new Uint32Array(outL.total);
    const read = (): void => {
      for (let i = 0; i < observe.length; i++) {
        const r = observe[i]!;
        if (r.narrow) outBuf[outL.at[i]!] = this.N[r.slot]!;
        else if (r.wordAt >= 0) outBuf.set(this.NU.subarray(r.wordAt, r.wordAt + wordsOf(r.width)), outL.at[i]!);
        else putWords(this.B[r.slot]!, wordsOf(r.width), outBuf, outL.at[i]!);
      }
    };
    this.settle();
    inputs.forEach((s, j) => putWords(s.narrow ? BigInt(this.N[s.slot]! >>> 0) : this.B[s.slot]!, wordsOf(s.width), inBuf, inL.at[j]!));
    read();
    const cols = inputs.map((s, j) => inBuf.subarray(inL.at[j]!, inL.at[j]! + wordsOf(s.width)));
    const checkInputs = bindingInputCheck(opts.inputs, inWidths, inL.at);
    const loop = this.model.loop(inputs.map((s) => s.port.net), opts.observe.map((n) => this.signal(n).net));
    if (loop) {
      const outs = observe.map((r, i) => outBuf.subarray(outL.at[i]!, outL.at[i]! + wordsOf(r.width)));
      const N = this.N;
      const B = this.B;
      const mems = this.mems;
      const wideInputs = inputs.some((s) => !s.narrow);
      const fused = (): void => {
        this.open();
        checkInputs(inBuf);
        loop(N, B, mems, 1, cols, outs);
        // The loop left narrow inputs in N.
        if (wideInputs) this.storeColumns(inputs, cols, 0, null);
        this.cycles++;
        this.dirty = ALL;
      };
      return { inputs: inBuf, outputs: outBuf, inputAt: inL.at, outputAt: outL.at, inputWidths: inWidths, outputWidths: outWidths, cycle: fused };
    }
    const split = this.splitSettles(opts.observe);
    const cycle = (): void => {
      this.open();
      checkInputs(inBuf);
      const partial = split && this.dirty === PARTIAL;
      if (!partial) this.settle();
      this.bound();
      const changed = this.storeColumns(inputs, cols, 0, null);
      // New inputs now predict new inputs in the next cycle.
      this.dirty = settledEdge(this.fns, split, changed, partial, changed) ? PARTIAL : CLEAN;
      this.cycles++;
      read();
    };
    return { inputs: inBuf, outputs: outBuf, inputAt: inL.at, outputAt: outL.at, inputWidths: inWidths, outputWidths: outWidths, cycle };
  }

  /**
   * Stores cycle c of the given columns (already checked) into the inputs;
   * true when any changed. Wide inputs become bigints only when their words
   * differ from `prev[j]` (the last stored; null: always compare the bigint).
   * storeColumnsIn does the work; this marks the inputs dirty.
   */
  private storeColumns(inputs: InputSlot[], cols: Uint32Array[], c: number, prev: (Uint32Array | null)[] | null): boolean {
    const changed = storeColumnsIn(this.N, this.B, inputs, cols, c, prev);
    if (changed && this.dirty === CLEAN) this.dirty = INPUTS;
    return changed;
  }

  private infoOf(name: string): SignalInfo {
    const s = this.signalByName.get(name) ?? this.input(name);
    return { name, width: s.width, signed: 'signed' in s ? (s as FlatSignal).signed : false };
  }

  /** Stores one row of converted inputs; true when any input changed (dirty is then set). */
  private storeRow(inputs: InputSlot[], rows: PackedRows, k: number): boolean {
    const N = this.N;
    const at = k * inputs.length;
    let changed = false;
    for (let j = 0; j < inputs.length; j++) {
      const s = inputs[j]!;
      if (s.narrow) {
        const x = rows.narrowVals[at + j]!;
        if (N[s.slot] !== x) {
          N[s.slot] = x;
          changed = true;
        }
      } else {
        const x = rows.wideVals![at + j]!;
        if (this.B[s.slot] !== x) {
          this.B[s.slot] = x;
          changed = true;
          const words = s.words;
          if (words) {
            const from = k * rows.wordCount + rows.wordAt[j]!;
            for (let i = 0; i < words.length; i++) N[words[i]!] = rows.wordVals![from + i]!;
          }
        }
      }
    }
    if (changed && this.dirty === CLEAN) this.dirty = INPUTS;
    return changed;
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

  /** Binds the model's functions to this simulator's state, unless they already are. */
  private bound(): void {
    if (this.model.boundTo !== this) {
      this.fns.bind(this.N, this.B, this.mems, this.S, this.SB);
      this.model.boundTo = this;
    }
  }

  /** Whether runs observing `observe` may use the partial settles: the model has them and only top-level outputs are observed. */
  private splitSettles(observe: readonly string[]): boolean {
    if (this.fns.settleForEdge === null) return false;
    const outs = new Set(this.model.flat.ports.filter((p) => p.dir === 'output').map((p) => p.net));
    return observe.every((n) => outs.has(this.signal(n).net));
  }

  private settle(): void {
    if (this.dirty === CLEAN) return;
    this.bound();
    if (this.dirty === INPUTS) this.fns.settleInputs();
    else this.fns.settle();
    this.dirty = CLEAN;
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

  private inputSlot(name: string): InputSlot {
    let s = this.inputSlots.get(name);
    if (!s) {
      const port = this.input(name);
      const w = port.width;
      s = {
        port,
        slot: this.model.layout.slot[port.net],
        width: w,
        narrow: isNarrow(w),
        lo: -(1n << BigInt(w - 1)),
        hi: (1n << BigInt(w)) - 1n,
        loN: -(2 ** (w - 1)),
        hiN: 2 ** w - 1,
        words: this.wordSlots.get(port.net) ?? null,
      };
      this.inputSlots.set(name, s);
    }
    return s;
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
    return { slot: this.model.layout.slot[s.net], width: s.width, signed: s.signed, narrow: isNarrow(s.width), wordAt: this.netWordAt.get(s.net) ?? -1 };
  }

  private read(r: Reader): bigint {
    if (!r.narrow) {
      const p = r.wordAt >= 0 ? wordsPattern(this.NU, r.wordAt, wordsOf(r.width)) : this.B[r.slot]!;
      return r.signed ? BigInt.asIntN(r.width, p) : p;
    }
    return narrowRead(r, this.N[r.slot]);
  }

  private store(net: number, pattern: bigint): void {
    const slot = this.model.layout.slot[net];
    if (isNarrow(this.model.flat.nets[net].width)) this.N[slot] = encodeNarrow(pattern);
    else {
      this.B[slot] = pattern;
      const words = this.wordSlots.get(net);
      if (words) splitWords(pattern, words, this.N, 0);
    }
  }
}

/** A narrow net's int32 `x` as its signal reads it. */
function narrowRead(r: Reader, x: number): bigint {
  if (!r.signed) return x < SMALL.length && x >= 0 ? SMALL[x]! : BigInt(x >>> 0);
  return BigInt(r.width === 32 ? x : (x << (32 - r.width)) >> (32 - r.width));
}

/** The int32 a narrow input stores for `value`, or undefined when it does not fit (or is no integer). */
function narrowValue(s: InputSlot, value: bigint | number): number | undefined {
  let x: number;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < s.loN || value > s.hiN) return undefined;
    x = value;
  } else if (typeof value === 'bigint') {
    if (value < s.lo || value > s.hi) return undefined;
    x = Number(value);
  } else return undefined;
  return s.width === 32 ? x | 0 : x & s.hiN;
}

/** The pattern a wide input stores for a bigint `value`, or undefined (numbers and misfits take the slow path). */
function wideValue(s: InputSlot, value: bigint | number): bigint | undefined {
  if (typeof value !== 'bigint' || value < s.lo || value > s.hi) return undefined;
  return value >= 0n ? value : BigInt.asUintN(s.width, value);
}

/** The built-in, compiled simulator (back end 'builtin'); throws a DesignError for designs it cannot run. */
export function createBuiltinSimulator(design: IrDesign, opts: BuiltinSimulatorOptions = {}): BuiltinSimulator {
  rejectBlackBoxes(design, 'built-in');
  return new BuiltinSimulator(design, opts);
}

/**
 * One edge with the settling around it, after the cycle's inputs were stored
 * (`changed`: some input differs from the last cycle's). Without split settles:
 * the input cone when inputs changed, the edge, everything. With them
 * (`split`, see splitSettles): what the edge reads when the inputs changed or
 * the nets are only partly settled (`partial`), the edge, then only what the
 * outputs read when the next cycle brings new inputs anyway (`nextChanges`),
 * else everything. Returns whether the nets are left partly settled.
 */
function settledEdge(fns: BoundModelFunctions, split: boolean, changed: boolean, partial: boolean, nextChanges: boolean): boolean {
  if (!split) {
    if (changed) fns.settleInputs();
    fns.edge();
    fns.settle();
    return false;
  }
  if (changed || partial) fns.settleForEdge!();
  fns.edge();
  if (nextChanges) fns.settleOutputs!();
  else fns.settle();
  return nextChanges;
}

/** Whether any input column has a different value at cycle c + 1 than at c. */
function columnsDiffer(inputs: readonly InputSlot[], cols: readonly Uint32Array[], c: number): boolean {
  for (let j = 0; j < inputs.length; j++) {
    const col = cols[j]!;
    const w = inputs[j]!.narrow ? 1 : wordsOf(inputs[j]!.width);
    for (let k = c * w; k < (c + 1) * w; k++) if (col[k] !== col[k + w]) return true;
  }
  return false;
}

/** Stores cycle c's inputs from their columns into N (B); whether any changed. */
function storeColumnsIn(N: Int32Array, B: bigint[], inputs: readonly InputSlot[], cols: readonly Uint32Array[], c: number, prev: (Uint32Array | null)[] | null): boolean {
  let changed = false;
  for (let j = 0; j < inputs.length; j++) {
    const s = inputs[j]!;
    const col = cols[j]!;
    if (s.narrow) {
      const x = col[c]! | 0;
      if (N[s.slot] !== x) {
        N[s.slot] = x;
        changed = true;
      }
      continue;
    }
    const w = wordsOf(s.width);
    const at = c * w;
    const p = prev ? prev[j]! : null;
    if (p) {
      let same = true;
      for (let k = 0; k < w && same; k++) if (p[k] !== col[at + k]) same = false;
      if (same) continue;
      for (let k = 0; k < w; k++) p[k] = col[at + k]!;
    }
    const x = wordsPattern(col, at, w);
    if (B[s.slot] !== x) {
      B[s.slot] = x;
      changed = true;
      const slots = s.words;
      if (slots) for (let k = 0; k < slots.length; k++) N[slots[k]!] = col[at + k]! | 0;
    }
  }
  return changed;
}

/**
 * runColumns() through the settle and edge functions (designs the fused loop
 * does not take), from settled nets (or partly settled ones, `partial`).
 * Returns whether the nets are left partly settled. Outside the simulator
 * class: V8 compiles this small loop once, where the same loop inside
 * runColumns() was recompiled for every new simulator (its objects' maps).
 */
function runChunkedColumns(
  fns: BoundModelFunctions,
  N: Int32Array,
  B: bigint[],
  inputs: readonly InputSlot[],
  cols: readonly Uint32Array[],
  prev: (Uint32Array | null)[],
  observe: readonly Reader[],
  words: readonly number[],
  values: Uint32Array[],
  cycles: number,
  split: boolean,
  partial: boolean,
): boolean {
  const nObs = observe.length;
  for (let c = 0; c < cycles; c++) {
    const changed = storeColumnsIn(N, B, inputs, cols, c, prev);
    partial = settledEdge(fns, split, changed, partial, c + 1 === cycles || columnsDiffer(inputs, cols, c));
    for (let i = 0; i < nObs; i++) {
      const r = observe[i]!;
      if (r.narrow) values[i]![c] = N[r.slot]!;
      else if (r.wordAt >= 0) for (let k = 0, w = words[i]!; k < w; k++) values[i]![c * w + k] = N[r.wordAt + k]!;
      else putWords(B[r.slot]!, words[i]!, values[i]!, c * words[i]!);
    }
  }
  return partial;
}
