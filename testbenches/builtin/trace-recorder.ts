// Keeps and streams per-cycle samples (see the tracing rules in ../simulator.ts).
import type { SignalInfo, Trace, TraceOptions } from '../simulator.ts';

export class TraceRecorder {
  private readonly columns: bigint[][];
  private lastCycle: number;

  constructor(
    readonly signals: SignalInfo[],
    readonly startCycle: number,
    private readonly opts: TraceOptions,
  ) {
    this.columns = signals.map(() => []);
    this.lastCycle = startCycle - 1;
  }

  /** The final sample of `cycle`; cycles arrive in order, each once. */
  record(cycle: number, values: bigint[]): void {
    if (cycle !== this.lastCycle + 1) throw new Error(`trace sample for cycle ${cycle} after cycle ${this.lastCycle}`);
    this.lastCycle = cycle;
    if (this.opts.store !== false) for (let i = 0; i < values.length; i++) this.columns[i].push(values[i]);
    this.opts.onSample?.(cycle, values);
  }

  /** Whether `cycle` has been recorded already. */
  has(cycle: number): boolean {
    return cycle <= this.lastCycle;
  }

  /** A copy of what was stored, plus the still open cycle's values when given. */
  snapshot(open?: bigint[]): Trace {
    const values = this.columns.map((col, i) => (open ? [...col, open[i]] : col.slice()));
    return { signals: this.signals.map((s) => ({ ...s })), startCycle: this.startCycle, values };
  }
}
