// VCD (IEEE 1364 value change dump) output for recorded traces, readable by
// GTKWave and Surfer.
//
// Time: one clock cycle is `period` time units (default 10 × 1ns). The sample
// of cycle c sits at time c*period, where a generated `clk` rises (edge c) and
// falls half a period later, so viewers show the edges the data changed on.
// Cycle 0 is the state before any edge, so there the clock starts low.
// Cycles skipped between two samples still get their clock pulses; the data
// holds its last sampled value across them.
//
// Streaming: VcdWriter writes with synchronous fs calls and flushes every
// `flushEvery` samples, on close, and when the process exits, so a testbench
// that throws leaves the waveform recorded so far on disk.
import { closeSync, openSync, writeSync } from 'node:fs';
import { mask } from '../../hdl/ir.ts';
import type { SignalInfo, Trace } from '../simulator.ts';
import { vcdIdentifier } from './identifiers.ts';
import { formatMetadata } from './metadata.ts';

export interface VcdWriterOptions {
  /** VCD timescale: 1, 10 or 100 of s, ms, us, ns, ps, fs. Default '1ns'. */
  timescale?: string;
  /** Time units per clock cycle; even, at least 2. Default 10. */
  period?: number;
  /**
   * Name of the generated clock variable in the top scope, or null for none.
   * Default 'clk'. A 1-bit top-level signal of that name in the list is
   * replaced by the generated clock (its settled samples carry no edges).
   */
  clock?: string | null;
  /** Name of the scope that encloses everything. Default 'top'. */
  top?: string;
  /** Samples kept in memory between writes to disk. Default 1024. */
  flushEvery?: number;
}

const TIMESCALE = /^(1|10|100)(s|ms|us|ns|ps|fs)$/;
const FLUSH_CHARS = 1 << 16;

interface VarDecl {
  kind: 'var';
  ref: string;
  width: number;
  id: string;
}

interface ScopeDecl {
  kind: 'scope';
  name: string;
  items: (VarDecl | ScopeDecl)[];
  scopes: Map<string, ScopeDecl>;
}

function newScope(name: string): ScopeDecl {
  return { kind: 'scope', name, items: [], scopes: new Map() };
}

/** Produces VCD text for a fixed signal list, sample by sample, into a sink. */
class VcdEncoder {
  private readonly period: number;
  private readonly clockId: string | null;
  /** Per signal in the caller's list: its identifier, or null when the generated clock replaces it. */
  private readonly ids: (string | null)[];
  private readonly masks: bigint[];
  private readonly previous: bigint[];
  private lastCycle = -1;
  private clockHigh = false;
  private started = false;
  private finished = false;

  constructor(
    private readonly signals: readonly SignalInfo[],
    opts: VcdWriterOptions,
    private readonly emit: (text: string) => void,
  ) {
    const timescale = (opts.timescale ?? '1ns').replace(/\s+/g, '');
    if (!TIMESCALE.test(timescale)) {
      throw new Error(`VCD timescale '${timescale}' is not one of 1, 10 or 100 followed by s, ms, us, ns, ps or fs`);
    }
    this.period = opts.period ?? 10;
    if (!Number.isSafeInteger(this.period) || this.period < 2 || this.period % 2 !== 0) {
      throw new Error(`VCD period must be an even integer of at least 2 time units, got ${opts.period}`);
    }
    const top = opts.top ?? 'top';
    checkName(top, 'top scope');
    const clock = opts.clock === undefined ? 'clk' : opts.clock;
    if (clock !== null) checkName(clock, 'clock');

    const root = newScope(top);
    this.clockId = clock === null ? null : vcdIdentifier(0);
    if (this.clockId !== null && clock !== null) {
      root.items.push({ kind: 'var', ref: clock, width: 1, id: this.clockId });
    }
    const seen = new Set<string>();
    this.ids = [];
    this.masks = [];
    signals.forEach((sig, i) => {
      if (seen.has(sig.name)) throw new Error(`VCD: signal '${sig.name}' appears twice`);
      seen.add(sig.name);
      if (!Number.isSafeInteger(sig.width) || sig.width < 1) {
        throw new Error(`VCD: signal '${sig.name}' has width ${sig.width}; widths start at 1`);
      }
      this.masks.push(mask(sig.width));
      if (sig.name === clock) {
        if (sig.width !== 1) throw new Error(`VCD: signal '${sig.name}' has the clock's name but is ${sig.width} bits wide`);
        this.ids.push(null);
        return;
      }
      const path = sig.name.split('.');
      for (const part of path) checkName(part, `signal '${sig.name}'`);
      let scope = root;
      for (const part of path.slice(0, -1)) {
        let child = scope.scopes.get(part);
        if (!child) {
          child = newScope(part);
          scope.scopes.set(part, child);
          scope.items.push(child);
        }
        scope = child;
      }
      const id = vcdIdentifier(i + 1);
      scope.items.push({ kind: 'var', ref: path[path.length - 1], width: sig.width, id });
      this.ids.push(id);
    });
    this.previous = new Array<bigint>(signals.length).fill(0n);

    const signed = signals.filter((s) => s.signed && s.name !== clock).map((s) => s.name);
    const lines = [
      '$version spikeforge $end',
      `$comment ${formatMetadata({ period: this.period, clock, top, signed })} $end`,
      `$timescale ${timescale} $end`,
    ];
    declareScope(root, lines);
    lines.push('$enddefinitions $end', '');
    this.emit(lines.join('\n'));
  }

  sample(cycle: number, values: readonly bigint[]): void {
    if (this.finished) throw new Error('VCD: sample() after close()');
    if (!Number.isSafeInteger(cycle) || cycle < 0) throw new Error(`VCD: cycle must be a non-negative integer, got ${cycle}`);
    if (cycle <= this.lastCycle) {
      throw new Error(`VCD: cycle ${cycle} does not come after the previous sample's cycle ${this.lastCycle}`);
    }
    if (values.length !== this.signals.length) {
      throw new Error(`VCD: cycle ${cycle} has ${values.length} values for ${this.signals.length} signals`);
    }
    // Check every value before writing anything, so an error never leaves half a sample.
    const patterns = values.map((v, i) => this.pattern(i, v, cycle));
    const out: string[] = [];
    const P = this.period;
    if (!this.started) {
      out.push(`#${cycle * P}`, '$dumpvars');
      if (this.clockId !== null) {
        this.clockHigh = cycle > 0;
        out.push(scalar(this.clockHigh ? 1n : 0n, this.clockId));
      }
      patterns.forEach((p, i) => {
        const id = this.ids[i];
        if (id !== null) out.push(change(p, this.signals[i].width, id));
      });
      out.push('$end');
      this.started = true;
    } else {
      if (this.clockId !== null) {
        this.fallingEdge(out);
        for (let c = this.lastCycle + 1; c < cycle; c++) {
          out.push(`#${c * P}`, scalar(1n, this.clockId), `#${c * P + P / 2}`, scalar(0n, this.clockId));
        }
      }
      out.push(`#${cycle * P}`);
      if (this.clockId !== null) {
        out.push(scalar(1n, this.clockId));
        this.clockHigh = true;
      }
      patterns.forEach((p, i) => {
        const id = this.ids[i];
        if (id !== null && p !== this.previous[i]) out.push(change(p, this.signals[i].width, id));
      });
    }
    patterns.forEach((p, i) => (this.previous[i] = p));
    this.lastCycle = cycle;
    out.push('');
    this.emit(out.join('\n'));
  }

  /**
   * Ends the dump with the last falling edge and a final timestamp, so that
   * viewers draw the last cycle. Without a clock the final timestamp stays
   * inside the last cycle (one unit before the next), so a reader can tell
   * the last sampled cycle from the end time alone.
   */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.started) return;
    const out: string[] = [];
    this.fallingEdge(out);
    const end = (this.lastCycle + 1) * this.period - (this.clockId === null ? 1 : 0);
    out.push(`#${end}`, '');
    this.emit(out.join('\n'));
  }

  private fallingEdge(out: string[]): void {
    if (this.clockId !== null && this.clockHigh) {
      out.push(`#${this.lastCycle * this.period + this.period / 2}`, scalar(0n, this.clockId));
      this.clockHigh = false;
    }
  }

  /** The unsigned bit pattern of a value given either as unsigned or as signed. */
  private pattern(i: number, value: bigint, cycle: number): bigint {
    const m = this.masks[i];
    if (typeof value !== 'bigint') {
      throw new Error(`VCD: signal '${this.signals[i]?.name}' at cycle ${cycle}: value ${String(value)} is not a bigint`);
    }
    if (value >= 0n && value <= m) return value;
    if (value < 0n && -value <= (m >> 1n) + 1n) return value & m;
    const sig = this.signals[i];
    throw new Error(`VCD: signal '${sig.name}' at cycle ${cycle}: value ${value} does not fit in ${sig.width} bits`);
  }
}

function checkName(name: string, what: string): void {
  if (name.length === 0 || /\s/.test(name)) {
    throw new Error(`VCD: ${what} has an empty or whitespace-containing name part in '${name}'`);
  }
}

function declareScope(scope: ScopeDecl, lines: string[]): void {
  lines.push(`$scope module ${scope.name} $end`);
  for (const item of scope.items) {
    if (item.kind === 'scope') {
      declareScope(item, lines);
    } else if (item.width === 1) {
      lines.push(`$var wire 1 ${item.id} ${item.ref} $end`);
    } else {
      lines.push(`$var wire ${item.width} ${item.id} ${item.ref} [${item.width - 1}:0] $end`);
    }
  }
  lines.push('$upscope $end');
}

function scalar(bit: bigint, id: string): string {
  return `${bit}${id}`;
}

function change(pattern: bigint, width: number, id: string): string {
  return width === 1 ? scalar(pattern, id) : `b${pattern.toString(2)} ${id}`;
}

// Writers still open when the process exits (say, after an uncaught exception
// in a testbench) get their buffered samples written out. One registry and one
// exit listener per process, however often this module is loaded (test runners
// load it afresh for every test file).
const REGISTRY = Symbol.for('spikeforge.vcd.openWriters');

function openWriters(): Set<VcdWriter> {
  const g = globalThis as { [REGISTRY]?: Set<VcdWriter> };
  let writers = g[REGISTRY];
  if (!writers) {
    const set = new Set<VcdWriter>();
    process.on('exit', () => {
      for (const w of set) {
        try {
          w.flush();
        } catch {
          // Nothing more can be done while exiting.
        }
      }
    });
    g[REGISTRY] = set;
    writers = set;
  }
  return writers;
}

/** Streams a VCD file sample by sample. */
export class VcdWriter {
  private fd: number | null;
  private readonly encoder: VcdEncoder;
  private readonly flushEvery: number;
  private chunks: string[] = [];
  private chars = 0;
  private samplesSinceFlush = 0;

  constructor(
    readonly path: string,
    signals: readonly SignalInfo[],
    opts: VcdWriterOptions = {},
  ) {
    this.flushEvery = opts.flushEvery ?? 1024;
    if (!Number.isSafeInteger(this.flushEvery) || this.flushEvery < 1) {
      throw new Error(`VCD: flushEvery must be a positive integer, got ${opts.flushEvery}`);
    }
    // Validate everything (the encoder's constructor) before the file is created.
    this.encoder = new VcdEncoder(signals, opts, (text) => this.buffer(text));
    this.fd = openSync(path, 'w');
    openWriters().add(this);
    this.flush();
  }

  /** Records the values of every signal (in constructor order) at a cycle; cycles must increase. */
  sample(cycle: number, values: readonly bigint[]): void {
    if (this.fd === null) throw new Error(`VCD: sample() after close() on ${this.path}`);
    this.encoder.sample(cycle, values);
    if (++this.samplesSinceFlush >= this.flushEvery || this.chars >= FLUSH_CHARS) this.flush();
  }

  /** Writes everything buffered so far to disk. */
  flush(): void {
    if (this.fd === null || this.chunks.length === 0) return;
    const data = Buffer.from(this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.chars = 0;
    this.samplesSinceFlush = 0;
    let offset = 0;
    while (offset < data.length) offset += writeSync(this.fd, data, offset, data.length - offset);
  }

  /** Finishes the dump and closes the file. Calling it again does nothing. */
  close(): void {
    if (this.fd === null) return;
    try {
      this.encoder.finish();
      this.flush();
    } finally {
      closeSync(this.fd);
      this.fd = null;
      openWriters().delete(this);
    }
  }

  private buffer(text: string): void {
    this.chunks.push(text);
    this.chars += text.length;
  }
}

/** Writes a whole trace as a VCD file. */
export function writeVcd(path: string, trace: Trace, opts: VcdWriterOptions = {}): void {
  const writer = new VcdWriter(path, trace.signals, opts);
  try {
    sampleTrace(trace, (cycle, values) => writer.sample(cycle, values));
  } finally {
    writer.close();
  }
}

/** The VCD text of a whole trace. */
export function vcdString(trace: Trace, opts: VcdWriterOptions = {}): string {
  const parts: string[] = [];
  const encoder = new VcdEncoder(trace.signals, opts, (text) => parts.push(text));
  sampleTrace(trace, (cycle, values) => encoder.sample(cycle, values));
  encoder.finish();
  return parts.join('');
}

function sampleTrace(trace: Trace, sample: (cycle: number, values: bigint[]) => void): void {
  const n = trace.values.length;
  if (n !== trace.signals.length) {
    throw new Error(`VCD: trace has ${trace.signals.length} signals but ${n} value rows`);
  }
  const cycles = n === 0 ? 0 : trace.values[0].length;
  trace.values.forEach((row, i) => {
    if (row.length !== cycles) {
      throw new Error(`VCD: signal '${trace.signals[i].name}' has ${row.length} samples, the first signal ${cycles}`);
    }
  });
  for (let k = 0; k < cycles; k++) {
    sample(
      trace.startCycle + k,
      trace.values.map((row) => row[k]),
    );
  }
}
