// One simulator interface, three back ends (built-in compiled JS, Verilator,
// Icarus). A testbench written against this runs on each of them.
//
// Cycle semantics, shared by every back end:
// - `poke` sets a top-level input; combinational outputs reflect it at once.
// - `step(n)` applies n rising edges of the single clock. After each edge all
//   registers and synchronous memory reads hold their new values and every
//   combinational net has settled.
// - `reset(n)` asserts every reset input for n cycles (stepping the clock),
//   then deasserts them. Reset inputs are the ports with role 'reset'.
// - Values are bigints. `peek` returns the value as the signal's type reads it
//   (negative for signed signals); `poke` accepts any value that fits the
//   port either as unsigned or as signed and rejects anything else.
// - Designs with more than one clock domain are rejected when the simulator
//   is created.
// - Inputs start at 0, except reset inputs, which start deasserted.
// - Tracing (optional, `trace()`): the sample of cycle c holds every traced
//   signal as it stands just before edge c+1, i.e. after the edge that began
//   cycle c, the pokes made during it, and the settle. In a waveform the
//   sample of cycle c spans the time from edge c to edge c+1.
import type { IrDesign } from '../hdl/ir.ts';

export type BackendName = 'builtin' | 'verilator' | 'iverilog';

export interface SignalInfo {
  /** Hierarchical name, instance names joined by '.', e.g. 'core.lane0.v'. */
  name: string;
  width: number;
  signed: boolean;
}

/** A recorded trace: one sample per signal per clock cycle, taken after each settle. */
export interface Trace {
  signals: SignalInfo[];
  /** Cycle number of the first sample (cycles count the rising edges since creation). */
  startCycle: number;
  /** values[i][k] is signal i at cycle startCycle + k. */
  values: bigint[][];
}

/** Tracing options, given when a simulator is created. */
export interface TraceOptions {
  /** Signals to record (hierarchical names, see `signals()`); default: all of them. */
  signals?: string[];
  /**
   * Streaming sink, e.g. a VCD writer: called once per cycle, in order, when the
   * cycle's sample is final (at the edge that ends it). The last, still open
   * cycle is delivered by `close()`. `values` follow the order of `signals`.
   */
  onSample?: (cycle: number, values: bigint[]) => void;
  /** Keep samples in memory for `trace()` (default true); turn off for long streamed runs. */
  store?: boolean;
}

export interface BatchStimulus {
  /** Input names, and for each cycle the values to poke before that cycle's edge. */
  inputs: string[];
  cycles: (bigint | number)[][];
  /** Signals sampled after every edge. */
  observe: string[];
}

/**
 * Columnar batch stimulus (`runColumns`): no bigint per value. Every value is
 * the port's unsigned bit pattern (two's complement for signed ports) in
 * `words(width) = ceil(width / 32)` little-endian 32-bit words, least
 * significant word first; bits above the width must be 0.
 */
export interface ColumnStimulus {
  /** Input names (top-level inputs, not the clock). */
  inputs: string[];
  /** Number of cycles to run. */
  cycles: number;
  /** values[j]: input j for every cycle, `cycles * words(width_j)` words; cycle c starts at `c * words`. */
  values: Uint32Array[];
  /** Signals sampled after every edge. */
  observe: string[];
  /**
   * Optional: arrays to write the results into (out[i]: `cycles * words` words
   * of observed signal i, or longer), e.g. reused from chunk to chunk of a long
   * run; by default new arrays are allocated. The result's `values` are these.
   */
  out?: Uint32Array[];
}

/** What `runColumns` returns: per observed signal, its patterns after every edge. */
export interface ColumnResult {
  observe: string[];
  widths: number[];
  /** 32-bit words per value of each observed signal. */
  words: number[];
  signed: boolean[];
  /** values[i]: signal i after every edge, `cycles * words[i]` words, unsigned patterns (bits above the width 0). */
  values: Uint32Array[];
}

/** The signals of a `bind()`: inputs written by the testbench, outputs read by it. */
export interface BindOptions {
  inputs: string[];
  observe: string[];
}

/**
 * Fast reactive driving (`bind`). The testbench writes input patterns into
 * `inputs` and calls `cycle()`, which applies them (as pokes), one rising
 * edge (as `step(1)`), and writes every observed signal's settled pattern into
 * `outputs` (as peeks would read them, as unsigned patterns). Layout as in
 * `ColumnStimulus`: signal j's words start at `inputAt[j]` / `outputAt[j]`.
 * At `bind()` time `inputs` holds the inputs' current values and `outputs`
 * the observed signals' current values. An input value wider than its port
 * makes `cycle()` throw before anything changes.
 */
export interface Binding {
  readonly inputs: Uint32Array;
  readonly outputs: Uint32Array;
  readonly inputAt: readonly number[];
  readonly outputAt: readonly number[];
  readonly inputWidths: readonly number[];
  readonly outputWidths: readonly number[];
  cycle(): void;
}

export interface Simulator {
  readonly backend: BackendName;
  readonly design: IrDesign;
  /** The number of rising edges applied so far. */
  readonly cycle: number;
  poke(name: string, value: bigint | number): void;
  peek(name: string): bigint;
  step(cycles?: number): void;
  reset(cycles?: number): void;
  readMemory(name: string, address: number): bigint;
  writeMemory(name: string, address: number, value: bigint | number): void;
  /** Every port and named internal signal that can be peeked. */
  signals(): SignalInfo[];
  /** Batch mode: run a whole stimulus; returns observed values per cycle (rows) and signal (columns). */
  run(stimulus: BatchStimulus): bigint[][];
  /**
   * Batch mode over typed arrays (see `ColumnStimulus`): the same cycles as
   * `run()`, without a bigint per value. Every value is checked before the first
   * edge. Optional only for wrappers; every back end implements it.
   */
  runColumns?(stimulus: ColumnStimulus): ColumnResult;
  /** Reactive mode over shared typed arrays (see `Binding`). Optional only for wrappers; every back end implements it. */
  bind?(signals: BindOptions): Binding;
  /**
   * The trace recorded since creation, when tracing was requested; it ends with
   * the current cycle as it stands now. Optional: a back end without tracing
   * leaves it out; one created without trace options throws.
   */
  trace?(): Trace;
  close(): void;
}
