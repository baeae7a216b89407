// The Icarus Verilog back end: the design's emitted Verilog plus a generated
// command-driven testbench (testbench.ts), compiled once with iverilog (cached
// on disk, compile.ts) and run by one vvp process per simulator, driven
// synchronously over two named pipes (vvp-channel.ts).
//
// Round trips: pokes, steps, resets and memory writes are queued and travel
// with the next command that needs an answer (peek, readMemory, run, trace,
// close). Batch `run` sends its stimulus as a $readmemh file and reads the
// observed values back from a file: one round trip per chunk of cycles.
//
// Icarus is four-state, the IR two-state. Registers with a reset hold x until
// the first reset; any x or z that reaches a peek, a memory read, a batch
// observation or a trace sample is an error naming the signal, never a 0.
import * as fs from 'node:fs';
import type { IrDesign } from '../../hdl/ir.ts';
import { assertValid } from '../../hdl/passes/index.ts';
import { emitVerilog, verilogModuleNames } from '../../generators/verilog/index.ts';
import type { BatchStimulus, Binding, BindOptions, ColumnResult, ColumnStimulus, SignalInfo, Simulator, Trace, TraceOptions } from '../simulator.ts';
import { bindByPokes, runColumnsByRows } from '../builtin/columns.ts';
import { requireTool } from '../tools.ts';
import { unknownNameMessage } from '../builtin/suggest.ts';
import { fitsWidth, fromPattern, toBigInt, toPattern } from '../builtin/values.ts';
import { compileTestbench, type CompiledTestbench, type CompileOptions } from './compile.ts';
import { buildDesignTable, type DesignTable, type TableMemory, type TopPort } from './design-table.ts';
import { command, generateTestbench, Op, TB_MODULE, testbenchLayout, type TestbenchLayout } from './testbench.ts';
import { VvpChannel } from './vvp-channel.ts';
import { rejectBlackBoxes } from '../black-boxes.ts';

export interface IcarusSimulatorOptions extends CompileOptions {
  /** Record a trace (see `trace()`), and/or stream samples to `onSample` (delivered at the next exchange with vvp). */
  trace?: TraceOptions;
  /**
   * Verilog to simulate instead of `emitVerilog(design)`, for debugging the
   * generator. It must declare the modules, ports and named nets under the
   * names the generator would give them.
   */
  verilog?: string;
  /** Cycles per batch chunk (the testbench's stimulus memory depth); default sized by the row width. */
  batchChunkRows?: number;
}

/** How the simulator started: for reports and benchmarks. */
export interface IcarusStartInfo {
  /** True when the compiled testbench came from the on-disk cache. */
  cached: boolean;
  /** Seconds in iverilog (0 when cached). */
  compileSeconds: number;
  /** Seconds spent before iverilog/vvp: IR checks, Verilog and testbench generation, hashing. */
  prepareSeconds: number;
  /** Seconds from the constructor's start to a running vvp with open pipes (includes the above). */
  startSeconds: number;
  /** The compiled program and the cache key. */
  vvp: string;
  hash: string;
  /** The vvp process, and its temporary directory (pipes, batch files), removed by close(). */
  pid: number;
  workDir: string;
}

interface TraceState {
  signals: SignalInfo[];
  opts: TraceOptions;
  columns: bigint[][];
  /** The next cycle whose sample vvp will write. */
  next: number;
  /** The first recorded cycle, or null while every sample so far had unknown values (before the first reset). */
  start: number | null;
  fd: number;
  offset: number;
  partial: string;
}

export class IcarusSimulator implements Simulator {
  readonly backend = 'iverilog' as const;
  readonly design: IrDesign;
  readonly startInfo: IcarusStartInfo;
  private readonly table: DesignTable;
  private readonly layout: TestbenchLayout;
  private readonly channel: VvpChannel;
  private readonly signalIndex = new Map<string, number>();
  private readonly inputIndex = new Map<string, number>();
  private readonly memoryIndex = new Map<string, number>();
  private readonly tracing: TraceState | null = null;
  private cycles = 0;
  private closed = false;

  constructor(design: IrDesign, opts: IcarusSimulatorOptions = {}) {
    const t0 = performance.now();
    requireTool('iverilog');
    requireTool('vvp');
    this.design = design;
    assertValid(design);
    this.table = buildDesignTable(design);
    this.layout = testbenchLayout(this.table, opts.batchChunkRows);
    this.table.signals.forEach((s, i) => this.signalIndex.set(s.name, i));
    this.table.pokable.forEach((p, i) => this.inputIndex.set(p.name, i));
    this.table.memories.forEach((m, i) => this.memoryIndex.set(m.name, i));
    const traceIndices = opts.trace ? (opts.trace.signals ?? this.table.signals.map((s) => s.name)).map((n) => this.signal(n)) : null;
    if (opts.batchChunkRows !== undefined && !(Number.isInteger(opts.batchChunkRows) && opts.batchChunkRows >= 1))
      throw new Error(`batchChunkRows must be an integer >= 1, not ${opts.batchChunkRows}`);

    let tbName = TB_MODULE;
    const taken = new Set(verilogModuleNames(design).values());
    for (let i = 1; taken.has(tbName); i++) tbName = `${TB_MODULE}_${i}`;
    const dut = opts.verilog ?? emitVerilog(design);
    const tb = generateTestbench(this.table, this.layout, tbName);
    const prepareSeconds = (performance.now() - t0) / 1000;
    // The testbench goes first: its `timescale then covers the design too.
    const compiled: CompiledTestbench = compileTestbench(
      [
        { name: 'tb.v', text: tb },
        { name: 'dut.v', text: dut },
      ],
      tbName,
      opts,
    );
    try {
      this.channel = new VvpChannel(compiled.vvp, { stim: 'stim.hex', out: 'out.txt', trace: 'trace.txt' });
    } finally {
      // vvp has loaded its program once the pipes are open (or it failed): a temporary build can go.
      if (compiled.temporary) fs.rmSync(compiled.dir, { recursive: true, force: true });
    }
    this.startInfo = {
      cached: compiled.cached,
      compileSeconds: compiled.compileSeconds,
      prepareSeconds,
      startSeconds: (performance.now() - t0) / 1000,
      vvp: compiled.vvp,
      hash: compiled.hash,
      pid: this.channel.processId,
      workDir: this.channel.dir,
    };

    if (traceIndices) {
      this.channel.send(command(Op.trace, traceIndices.length, 0, '0', traceIndices));
      const signals = traceIndices.map((i) => {
        const s = this.table.signals[i]!;
        return { name: s.name, width: s.width, signed: s.signed };
      });
      this.tracing = { signals, opts: opts.trace!, columns: signals.map(() => []), next: 0, start: null, fd: -1, offset: 0, partial: '' };
    }
  }

  get cycle(): number {
    return this.cycles;
  }

  poke(name: string, value: bigint | number): void {
    this.open();
    const i = this.input(name);
    const p = this.table.pokable[i]!;
    const v = checkedPattern(value, p.width, `input '${name}'`);
    this.channel.send(command(Op.poke, i, 0, v.toString(16)));
  }

  peek(name: string): bigint {
    this.open();
    const i = this.signal(name);
    const s = this.table.signals[i]!;
    const text = this.request(command(Op.peek, i)).trim();
    return fromPattern(parseHex(text, () => `peek('${name}')`, s.name, s.width), s.width, s.signed);
  }

  step(cycles = 1): void {
    this.open();
    if (!Number.isInteger(cycles) || cycles < 0) throw new Error(`step(${cycles}): the cycle count must be an integer >= 0`);
    if (cycles === 0) return;
    // The testbench counts in a 32-bit integer.
    for (let left = cycles; left > 0; left -= 0x40000000) this.channel.send(command(Op.step, Math.min(left, 0x40000000)));
    this.cycles += cycles;
  }

  reset(cycles = 1): void {
    this.open();
    if (!Number.isInteger(cycles) || cycles < 0) throw new Error(`reset(${cycles}): the cycle count must be an integer >= 0`);
    for (const r of this.table.resets) if (r.conflict) throw new Error(`reset(): ${r.conflict}`);
    this.channel.send(command(Op.reset, cycles));
    this.cycles += cycles;
  }

  readMemory(name: string, address: number): bigint {
    this.open();
    const i = this.memory(name, address);
    const m = this.table.memories[i]!;
    const text = this.request(command(Op.readMem, i, address)).trim();
    return fromPattern(parseHex(text, () => `readMemory('${name}', ${address})`, `${m.name}[${address}]`, m.width), m.width, m.signed);
  }

  writeMemory(name: string, address: number, value: bigint | number): void {
    this.open();
    const i = this.memory(name, address);
    const m = this.table.memories[i]!;
    const v = checkedPattern(value, m.width, `memory '${name}'`);
    this.channel.send(command(Op.writeMem, i, address, v.toString(16)));
  }

  signals(): SignalInfo[] {
    return this.table.signals.map((s) => ({ name: s.name, width: s.width, signed: s.signed }));
  }

  /** Hierarchical names of every memory, for readMemory/writeMemory. */
  memories(): { name: string; width: number; depth: number; signed: boolean }[] {
    return this.table.memories.map((m) => ({ name: m.name, width: m.width, depth: m.depth, signed: m.signed }));
  }

  /** Batch mode over typed arrays, through run()'s batch file (the values are converted). */
  runColumns(stimulus: ColumnStimulus): ColumnResult {
    this.open();
    return runColumnsByRows(this, stimulus, (n) => this.infoOf(n));
  }

  /** Reactive mode over shared buffers: each cycle() pokes, steps and peeks over the channel to vvp. */
  bind(opts: BindOptions): Binding {
    this.open();
    opts.inputs.forEach((n) => this.input(n));
    opts.observe.forEach((n) => this.signal(n));
    return bindByPokes(this, opts, (n) => this.infoOf(n));
  }

  run(stimulus: BatchStimulus): bigint[][] {
    this.open();
    const inputs = stimulus.inputs.map((n) => this.input(n));
    const observe = stimulus.observe.map((n) => this.signal(n));
    // Row text: one fixed-width hex field per pokable input, the last input first (see testbenchLayout).
    const blank = this.table.pokable.map((p) => '0'.repeat(Math.ceil(p.width / 4))).reverse();
    const field = inputs.map((i) => this.table.pokable.length - 1 - i);
    const widths = inputs.map((i) => this.table.pokable[i]!.width);
    // Check every value before anything is sent, so a bad row changes nothing.
    const lines = stimulus.cycles.map((row, k) => {
      if (row.length !== inputs.length) throw new Error(`run(): cycle ${k} has ${row.length} values for ${inputs.length} inputs`);
      const parts = blank.slice();
      // Later columns win when an input is listed twice, as with successive pokes.
      for (let j = 0; j < row.length; j++) {
        const f = field[j]!;
        parts[f] = hexPattern(row[j]!, widths[j]!, () => `run() cycle ${k}, input '${stimulus.inputs[j]}'`).padStart(blank[f]!.length, '0');
      }
      return parts.length > 0 ? parts.join('') : '0';
    });
    if (lines.length === 0) return [];

    // Each observed signal once; the column map puts duplicates back.
    const unique = [...new Set(observe)];
    const column = observe.map((i) => unique.indexOf(i));
    const readers = unique.map((i) => this.table.signals[i]!);
    let maskBits = 0n;
    for (const i of inputs) maskBits |= 1n << BigInt(i);
    const mask = maskBits.toString(16);

    const result: bigint[][] = [];
    const stimFile = this.channel.file('stim.hex');
    const outFile = this.channel.file('out.txt');
    for (let start = 0; start < lines.length; start += this.layout.chunkRows) {
      const chunk = lines.slice(start, start + this.layout.chunkRows);
      fs.writeFileSync(stimFile, chunk.join('\n') + '\n');
      const reply = this.request(command(Op.batch, chunk.length, unique.length, '0', [mask, ...unique]));
      if (reply !== 'done') throw new Error(`run(): unexpected reply from vvp: '${reply}'`);
      const text = fs.readFileSync(outFile, 'latin1');
      // Fast path when nothing is unknown; otherwise every value is checked and the first x/z named.
      const known = !/[xXzZ]/.test(text);
      const out = text.split('\n');
      for (let k = 0; k < chunk.length; k++) {
        const cycle = this.cycles + 1;
        const fields = unique.length > 0 ? out[k]!.trim().split(' ') : [];
        if (fields.length !== unique.length) throw new Error(`run(): vvp wrote ${fields.length} values for cycle ${cycle}, expected ${unique.length}`);
        const values = readers.map((s, u) => {
          const f = fields[u]!;
          const pattern = known && f.length <= 12 ? BigInt(parseInt(f, 16)) : parseHex(f, () => `run(), cycle ${cycle}`, s.name, s.width);
          return s.signed ? BigInt.asIntN(s.width, pattern) : pattern;
        });
        result.push(column.map((c) => values[c]!));
        this.cycles++;
      }
    }
    return result;
  }

  trace(): Trace {
    const t = this.tracing;
    if (!t) throw new Error('trace(): this simulator was created without tracing; pass { trace: {} } in its options');
    this.open();
    const open = this.parseSample(this.request(command(Op.sample)), this.cycles, t.start === null);
    if (open === null) {
      throw new Error(
        `trace(): no cycle up to the current one (${this.cycles}) has all traced signals known yet; Icarus holds registers with a reset at x until the first reset()`,
      );
    }
    return {
      signals: t.signals.map((s) => ({ ...s })),
      startCycle: t.start ?? this.cycles,
      values: t.columns.map((col, i) => [...col, open[i]!]),
    };
  }

  close(): void {
    if (this.closed) return;
    try {
      const t = this.tracing;
      if (t) {
        // The last, still open cycle is delivered by close().
        const open = this.parseSample(this.request(command(Op.sample)), this.cycles, t.start === null);
        if (open) this.record(this.cycles, open);
      }
    } finally {
      this.closed = true;
      if (this.tracing && this.tracing.fd >= 0) fs.closeSync(this.tracing.fd);
      this.channel.close(command(Op.quit));
    }
  }

  // ---- internals ----

  private open(): void {
    if (this.closed) throw new Error('this simulator is closed');
  }

  /** One exchange with vvp; afterwards, trace samples it wrote so far are taken in. */
  private request(line: string): string {
    const reply = this.channel.request(line);
    if (this.tracing) this.collectTrace();
    return reply;
  }

  private collectTrace(): void {
    const t = this.tracing!;
    if (t.fd < 0) {
      try {
        t.fd = fs.openSync(this.channel.file('trace.txt'), 'r');
      } catch {
        return; // not created yet
      }
    }
    const buf = Buffer.alloc(1 << 16);
    for (;;) {
      const n = fs.readSync(t.fd, buf, 0, buf.length, t.offset);
      if (n === 0) break;
      t.offset += n;
      t.partial += buf.toString('latin1', 0, n);
    }
    const lines = t.partial.split('\n');
    t.partial = lines.pop()!;
    for (const line of lines) {
      const cycle = t.next++;
      const values = this.parseSample(line, cycle, t.start === null);
      if (values) this.record(cycle, values);
    }
  }

  private record(cycle: number, values: bigint[]): void {
    const t = this.tracing!;
    t.start ??= cycle;
    if (t.opts.store !== false) values.forEach((v, i) => t.columns[i]!.push(v));
    t.opts.onSample?.(cycle, values);
  }

  /**
   * One trace line. Samples with x/z are errors, except before the first fully
   * known sample (registers wait for reset there): the trace starts after them,
   * and `leading` asks for null instead of an error.
   */
  private parseSample(line: string, cycle: number, leading: boolean): bigint[] | null {
    const t = this.tracing!;
    const fields = line.trim() === '' ? [] : line.trim().split(' ');
    if (fields.length !== t.signals.length) throw new Error(`trace: vvp wrote ${fields.length} values for cycle ${cycle}, expected ${t.signals.length}`);
    if (leading && fields.some((f) => /[xXzZ]/.test(f))) return null;
    return t.signals.map((s, i) => fromPattern(parseHex(fields[i]!, () => `trace sample of cycle ${cycle}`, s.name, s.width), s.width, s.signed));
  }

  private infoOf(name: string): SignalInfo {
    const i = this.signalIndex.get(name);
    if (i !== undefined) {
      const s = this.table.signals[i]!;
      return { name, width: s.width, signed: s.signed };
    }
    const p = this.table.pokable[this.input(name)]!;
    return { name, width: p.width, signed: false };
  }

  private signal(name: string): number {
    const i = this.signalIndex.get(name);
    if (i === undefined) throw new Error(unknownNameMessage('signal', name, this.signalIndex.keys()));
    return i;
  }

  private input(name: string): number {
    const i = this.inputIndex.get(name);
    if (i !== undefined) return i;
    const p: TopPort | undefined = this.table.ports.find((x) => x.name === name);
    if (p && p === this.table.clock) throw new Error(`cannot poke '${name}': it is the clock, which step() drives`);
    if (p) throw new Error(`cannot poke '${name}': it is an output port; only top-level inputs can be poked`);
    if (this.signalIndex.has(name)) throw new Error(`cannot poke '${name}': it is an internal signal; only top-level inputs can be poked`);
    throw new Error(unknownNameMessage('input', name, this.inputIndex.keys()));
  }

  private memory(name: string, address: number): number {
    const i = this.memoryIndex.get(name);
    if (i === undefined) throw new Error(unknownNameMessage('memory', name, this.memoryIndex.keys()));
    const m: TableMemory = this.table.memories[i]!;
    if (!Number.isInteger(address) || address < 0 || address >= m.depth)
      throw new Error(`memory '${name}' has addresses 0..${m.depth - 1}; ${address} is outside them`);
    return i;
  }
}

function checkedPattern(value: bigint | number, width: number, what: string): bigint {
  const v = toBigInt(value, what);
  if (!fitsWidth(v, width)) {
    const lo = -(1n << BigInt(width - 1));
    const hi = (1n << BigInt(width)) - 1n;
    throw new Error(`${what} is ${width} bit${width === 1 ? '' : 's'} wide; ${v} does not fit (allowed ${lo}..${hi})`);
  }
  return toPattern(v, width);
}

/** The unsigned pattern of a value as hex, after the same checks as `checkedPattern` (fast for small numbers). */
function hexPattern(value: bigint | number, width: number, what: () => string): string {
  if (typeof value === 'number' && width <= 48 && Number.isInteger(value)) {
    const limit = 2 ** width;
    if (value >= -limit / 2 && value < limit) return (value < 0 ? value + limit : value).toString(16);
  }
  return checkedPattern(value, width, what()).toString(16);
}

/** A hex pattern from vvp; x or z digits are an error naming the signal. */
function parseHex(text: string, where: () => string, signal: string, width: number): bigint {
  if (/^[0-9a-fA-F]+$/.test(text)) return BigInt('0x' + text);
  if (/^[0-9a-fA-FxXzZ]+$/.test(text)) {
    throw new Error(
      `${where()}: signal '${signal}' (${width} bits) is unknown in Icarus (value ${width}'h${text} has x/z bits). ` +
        'The IR is two-state, so this is a value the design never defined: usually a register read before the first reset() (registers with a reset have no power-up value).',
    );
  }
  throw new Error(`${where()}: cannot read the value vvp gave for '${signal}': '${text}'`);
}

/** The Icarus Verilog back end ('iverilog'); compiles (or reuses from the cache) and starts vvp. */
export function createIcarusSimulator(design: IrDesign, opts: IcarusSimulatorOptions = {}): IcarusSimulator {
  rejectBlackBoxes(design, 'Icarus');
  return new IcarusSimulator(design, opts);
}
