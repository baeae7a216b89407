// What a co-simulation throws: a cycle mismatch (with everything needed to
// find it again), a scoreboard failure in transaction mode, and a testbench
// (stimulus or model) that threw.
import type { BackendName } from '../simulator.ts';
import type { Payload } from './streams.ts';
import type { ScoreboardReport } from './scoreboard.ts';

/** How far one simulator run got. */
export interface RunStatus {
  label: string;
  backend: BackendName;
  randReset?: number;
  /** Stimulus cycles simulated. */
  cycles: number;
  /** The run disagreed with the reference at the reported cycle. */
  failed: boolean;
}

export interface MismatchDetail {
  cycle: number;
  signal: string;
  expected: bigint;
  actual: bigint;
  /** Run label: the back end, plus '+seedN' for Verilator runs with random initial state. */
  label: string;
  backend: BackendName;
}

function hex(v: bigint, width: number | undefined): string {
  if (width === undefined) return '';
  const pattern = BigInt.asUintN(width, v);
  return pattern > 9n ? ` (0x${pattern.toString(16)})` : '';
}

/** The first divergence between the hardware and the reference. */
export class CosimMismatchError extends Error {
  /** Stimulus cycle (0 = first cycle after reset) whose post-edge sample differs. */
  readonly cycle: number;
  /** Simulator cycle of that sample: edges since the simulator was created, as the VCD counts. */
  readonly clockCycle: number;
  readonly signal: string;
  readonly expected: bigint;
  readonly actual: bigint;
  readonly backend: BackendName;
  /** The run: back end, plus '+seedN' for a Verilator run with random initial state. */
  readonly label: string;
  readonly randReset?: number;
  /** What `expected` comes from: 'model', or the label of the reference run when there is no model. */
  readonly reference: string;
  /** Inputs applied in that cycle. */
  readonly inputs: Readonly<Record<string, bigint>>;
  /** Every mismatch of that cycle (the first is the one above). */
  readonly all: readonly MismatchDetail[];
  /** Waveform of the failing run, when one was written. */
  readonly vcd?: string;
  /** Timing diagram around the mismatch, when one was written. */
  readonly wave?: string;
  readonly runs: readonly RunStatus[];

  constructor(f: {
    cycle: number;
    clockCycle: number;
    signal: string;
    width?: number;
    expected: bigint;
    actual: bigint;
    backend: BackendName;
    label: string;
    randReset?: number;
    reference: string;
    inputs: Record<string, bigint>;
    all: MismatchDetail[];
    vcd?: string;
    wave?: string;
    runs: RunStatus[];
  }) {
    const lines = [
      `cosim mismatch on ${f.label} at cycle ${f.cycle} (clock cycle ${f.clockCycle}): '${f.signal}' expected ${f.expected}${hex(f.expected, f.width)}, got ${f.actual}${hex(f.actual, f.width)}${f.reference === 'model' ? '' : ` (reference: ${f.reference})`}`,
    ];
    const ins = Object.entries(f.inputs);
    if (ins.length > 0) lines.push(`  inputs in cycle ${f.cycle}: ${ins.slice(0, 16).map(([k, v]) => `${k}=${v}`).join(' ')}${ins.length > 16 ? ' ...' : ''}`);
    const others = f.all.slice(1);
    for (const o of others.slice(0, 8)) lines.push(`  also on ${o.label}: '${o.signal}' expected ${o.expected}, got ${o.actual}`);
    if (others.length > 8) lines.push(`  ... and ${others.length - 8} more mismatches in that cycle`);
    if (f.vcd) lines.push(`  waveform: ${f.vcd}`);
    if (f.wave) lines.push(`  diagram:  ${f.wave}`);
    super(lines.join('\n'));
    this.name = 'CosimMismatchError';
    this.cycle = f.cycle;
    this.clockCycle = f.clockCycle;
    this.signal = f.signal;
    this.expected = f.expected;
    this.actual = f.actual;
    this.backend = f.backend;
    this.label = f.label;
    if (f.randReset !== undefined) this.randReset = f.randReset;
    this.reference = f.reference;
    this.inputs = f.inputs;
    this.all = f.all;
    if (f.vcd) this.vcd = f.vcd;
    if (f.wave) this.wave = f.wave;
    this.runs = f.runs;
  }
}

/** Transaction mode: a scoreboard found missing, extra or different transactions. */
export class TransactionMismatchError extends Error {
  constructor(
    readonly reports: readonly { label: string; backend: BackendName; scoreboards: ScoreboardReport<Payload>[]; lines: string[] }[],
    readonly runs: readonly RunStatus[],
    readonly vcds: readonly string[],
  ) {
    const failing = reports.filter((r) => r.scoreboards.some((s) => !s.ok));
    const lines = [`transaction mismatch on ${failing.map((r) => r.label).join(', ')}`];
    for (const r of failing) {
      for (const s of r.scoreboards.filter((x) => !x.ok)) {
        lines.push(`  ${r.label}, stream '${s.name}': ${s.matched} matched, ${s.missing.length} missing, ${s.extra.length} extra, ${s.different.length} different`);
      }
      for (const l of r.lines) lines.push(`    ${l}`);
    }
    for (const v of vcds) lines.push(`  waveform: ${v}`);
    super(lines.join('\n'));
    this.name = 'TransactionMismatchError';
  }
}

/** The stimulus or the golden model threw; the waveform of the run so far is on disk. */
export class CosimTestbenchError extends Error {
  constructor(
    readonly part: 'stimulus' | 'model' | 'transaction model',
    readonly cycle: number,
    readonly vcds: readonly string[],
    cause: unknown,
  ) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    super(`cosim: the ${part} threw at cycle ${cycle}: ${msg}${vcds.length ? `\n  waveform of the run so far: ${vcds.join(', ')}` : ''}`, { cause });
    this.name = 'CosimTestbenchError';
  }
}
