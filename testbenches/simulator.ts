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
   * The trace recorded since creation, when tracing was requested; it ends with
   * the current cycle as it stands now. Optional: a back end without tracing
   * leaves it out; one created without trace options throws.
   */
  trace?(): Trace;
  close(): void;
}
