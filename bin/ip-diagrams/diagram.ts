// What one IP timing diagram is: a short, typical transaction of a block run
// on the built-in simulator with a trace, checked against the block's golden
// model while it runs, and the WaveDrom options that draw the trace.
import type { WaveOptions, WaveTrace } from '../../generators/wavedrom/index.ts';
import type { Simulator } from '../../testbenches/simulator.ts';

export interface DiagramRun {
  trace: WaveTrace;
  options: WaveOptions;
  /** What was checked against the golden model, for the progress line. */
  checked: string;
}

export interface IpDiagram {
  /** File stem: the diagram is written to `<name>.svg`. */
  name: string;
  /** The page under docs/ip/ that shows it. */
  doc: string;
  /** Runs the transaction; throws `GoldenMismatchError` when the hardware leaves the golden model. */
  record(): DiagramRun;
}

/** The hardware did something its golden model does not: the diagram would show wrong behaviour. */
export class GoldenMismatchError extends Error {
  constructor(
    readonly diagram: string,
    readonly cycle: number,
    what: string,
  ) {
    super(`${diagram}: hardware differs from the golden model at cycle ${cycle}: ${what}`);
    this.name = 'GoldenMismatchError';
  }
}

/** Throws a `GoldenMismatchError` unless `actual` equals `expected` (compared as text, so bigints and numbers mix). */
export function expectEqual(diagram: string, cycle: number, what: string, expected: unknown, actual: unknown): void {
  const show = (x: unknown): string =>
    JSON.stringify(x, (_, v: unknown) => (typeof v === 'bigint' ? `\u0000${v}` : v)).replace(/"\\u0000(-?\d+)"/g, '$1');
  if (show(expected) !== show(actual)) {
    throw new GoldenMismatchError(diagram, cycle, `${what}: golden ${show(expected)}, hardware ${show(actual)}`);
  }
}

/** The trace of a simulator created with trace options, as WaveDrom takes it. */
export function traceOf(sim: Simulator): WaveTrace {
  if (!sim.trace) throw new Error(`the ${sim.backend} simulator records no trace`);
  return sim.trace();
}

/** 1 / 0 for a boolean, for pokes. */
export function bit(b: boolean): number {
  return b ? 1 : 0;
}
