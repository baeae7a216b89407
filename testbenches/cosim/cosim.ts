// Co-simulation: the hardware on one or more back ends, side by side with a
// golden model, compared on every observed signal in every cycle.
//
// The back ends run in lockstep, a batch of cycles at a time when the
// stimulus does not react to outputs (`Simulator.runColumns`, inputs and
// outputs as 32-bit words, when every back end has it and no observed signal
// is wider than 64 bits; else `Simulator.run`), one cycle at a time when it
// does. Stimulus and model run once per cycle, whatever the number of back
// ends; their values go into preallocated rows and columns. Per cycle the
// harness allocates nothing: input records and model results are read by
// name through generated accessors (fast-records.ts), an input is converted
// only when its value changes, expected values of at most 52 bits are kept
// as numbers and compared with the words or bigints the back end returned
// (columns.ts), and only the last few cycles of a batch are copied into the
// history the mismatch diagram is drawn from.
//
// Without a model, every back end is compared with the first one. With a
// transaction check, stream monitors on every run feed scoreboards (see
// streams.ts). On the first mismatch the run goes on for a few cycles (the
// window of the diagram), then stops: the VCD of each run is closed, the SVG
// of the window is written, and a CosimMismatchError is thrown. A stimulus or
// model that throws leaves the VCDs of the run so far on disk.
import { extname } from 'node:path';
import { elaborate, isDesign, type Design } from '../../hdl/index.ts';
import type { IrDesign } from '../../hdl/ir.ts';
import { createSimulator, resolveBackends } from '../backends.ts';
import type { BackendName, ColumnResult, SignalInfo, Simulator } from '../simulator.ts';
import { VcdWriter } from '../vcd/writer.ts';
import { CosimMismatchError, CosimTestbenchError, TransactionMismatchError, type MismatchDetail, type RunStatus } from './errors.ts';
import { History } from './history.ts';
import { columnsEqual, columnMatches, columnValue, firstColumnDifference, firstColumnMismatch, putPattern, wordsOf, type ExpectedRows } from './columns.ts';
import { recordApplier, recordReader, recordWriter } from './fast-records.ts';
import { writeMismatchWave } from './mismatch-wave.ts';
import type { ScoreboardReport } from './scoreboard.ts';
import { describeValue, slot, topPorts, typedValue, waveformSignals, type SignalSlot } from './signals.ts';
import { StreamMonitor, streamSignals, type Payload, type TransactionCheck } from './streams.ts';
import { isReactive, type GoldenModel, type InputRecord, type SignalValues, type Stimulus } from './types.ts';

export interface CosimOptions {
  /** The design: IR, or a design to elaborate with `params`. */
  design: IrDesign | Design;
  params?: object;
  /** Golden model; without one, every back end is compared with the first. */
  model?: GoldenModel;
  stimulus: Stimulus;
  /** Most stimulus cycles to run (default: the stimulus's own length; a function runs until it returns null). */
  cycles?: number;
  /** Back ends: a list, 'all', or names separated by commas. Default: every available one. */
  backends?: readonly BackendName[] | string;
  /** Signals compared every cycle (ports or hierarchical names); default every top-level output. */
  observe?: readonly string[];
  /** Reset cycles before cycle 0 (default 1 when the design has a reset input, else 0). */
  resetCycles?: number;
  /**
   * Repeat the Verilator run from random initial state, once per seed
   * (`+verilator+rand+reset+2 +verilator+seed+N`): state that neither a reset
   * nor an initial value defines starts random, so a register the reset does
   * not reach shows up as a mismatch. Default DEFAULT_RAND_RESET_SEEDS when
   * Verilator is one of the back ends; `false` or `[]`: none.
   */
  randReset?: readonly number[] | false;
  /** Transaction mode: stream monitors and scoreboards (see streams.ts). */
  transactions?: TransactionCheck;
  /**
   * VCD of every run, streamed while running. With several back ends the
   * run's label goes before the extension: `run.vcd` becomes
   * `run.builtin.vcd`, …; a random-state run always has its label there
   * (`run.verilator-seed1.vcd`).
   */
  vcd?: string;
  /** SVG timing diagram of the window around the first mismatch. */
  wave?: string;
  /** Cycles drawn before and after the mismatch (default 10 and 5). */
  waveWindow?: { before?: number; after?: number };
  /** Cycles per batch (default 4096). */
  batchSize?: number;
  /** Cache root of the compiling back ends (see backends.ts). */
  cacheDir?: string;
  onProgress?: (msg: string) => void;
}

/** The seeds of the random-initial-state Verilator runs that cosim() adds unless told otherwise. */
export const DEFAULT_RAND_RESET_SEEDS: readonly number[] = Object.freeze([1, 2, 3]);

export interface CosimRunResult {
  /** The back end, plus '-seedN' for a Verilator run from random initial state. */
  label: string;
  backend: BackendName;
  randReset?: number;
  /** Stimulus cycles simulated (reset cycles not counted). */
  cycles: number;
  /** Seconds spent in the simulator's run calls (not creation, not reset). */
  seconds: number;
  cyclesPerSecond: number;
  /** Seconds to create the simulator (a Verilator build, an Icarus compile, ...). */
  createSeconds: number;
  vcd?: string;
  /** Transaction mode: one report per output stream. */
  transactions?: ScoreboardReport<Payload>[];
  /** Transaction mode: transactions seen per stream (inputs and outputs). */
  transactionCounts?: Record<string, number>;
}

export interface CosimResult {
  /** Stimulus cycles run. */
  cycles: number;
  resetCycles: number;
  observe: string[];
  /** What the runs were compared with: 'model', the label of the first run, or null (one run, no model). */
  reference: string | null;
  /** One run per back end, from the back end's own initial state. */
  backends: CosimRunResult[];
  /** The Verilator runs from random initial state (labels `verilator-seed<N>`), compared like the others. */
  randReset: CosimRunResult[];
  /** Seconds in the stimulus and in the model. */
  stimulusSeconds: number;
  modelSeconds: number;
  /** Wall-clock seconds of the whole call. */
  seconds: number;
}

interface Run {
  label: string;
  backend: BackendName;
  randReset?: number;
  sim: Simulator | null;
  vcdPath?: string;
  vcd: VcdWriter | null;
  monitor: StreamMonitor | null;
  createSeconds: number;
  seconds: number;
  cycles: number;
  afterReset: bigint[];
}

const now = () => performance.now() / 1000;

function resolveDesign(d: IrDesign | Design, params: object | undefined): IrDesign {
  if (isDesign(d)) return elaborate(d, params ?? {});
  if (params && Object.keys(params).length > 0) throw new Error('cosim: params are only for a design to elaborate, not for IR');
  return d;
}

function vcdPathFor(base: string, label: string, several: boolean): string {
  if (!several) return base;
  const ext = extname(base);
  return ext ? `${base.slice(0, -ext.length)}.${label}${ext}` : `${base}.${label}.vcd`;
}

/** Runs the co-simulation; returns timings, or throws on the first mismatch (see errors.ts). */
export function cosim(opts: CosimOptions): CosimResult {
  const t0 = now();
  const ir = resolveDesign(opts.design, opts.params);
  const backends = resolveBackends(opts.backends === undefined ? 'all' : typeof opts.backends === 'string' ? opts.backends : [...opts.backends]);
  const ports = topPorts(ir);
  const allSignals = waveformSignals(ir);
  const signalInfo = new Map(allSignals.map((s) => [s.name, s]));

  const inputs = ports.inputs;
  const inputIndex = new Map(inputs.map((s, i) => [s.name, i]));
  const observeNames = opts.observe ? [...opts.observe] : ports.outputs.map((s) => s.name);
  if (new Set(observeNames).size !== observeNames.length) throw new Error('cosim: a signal appears twice in observe');
  const observed: SignalSlot[] = observeNames.map((n) => {
    const s = signalInfo.get(n);
    if (!s) throw new Error(`cosim: cannot observe '${n}': the design has no such signal (signals: ${allSignals.map((x) => x.name).slice(0, 30).join(', ')}${allSignals.length > 30 ? ', ...' : ''})`);
    return slot(s);
  });
  const observeIndex = new Map(observeNames.map((n, j) => [n, j]));
  const resetCycles = opts.resetCycles ?? (ports.resets.length > 0 ? 1 : 0);
  if (!Number.isInteger(resetCycles) || resetCycles < 0) throw new Error(`cosim: resetCycles must be an integer >= 0, got ${resetCycles}`);
  const reactive = isReactive(opts.stimulus);
  const stimulus = opts.stimulus;
  const maxCycles = opts.cycles ?? (Array.isArray(stimulus) ? stimulus.length : Number.POSITIVE_INFINITY);
  if (maxCycles !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxCycles) || maxCycles < 0)) throw new Error(`cosim: cycles must be an integer >= 0, got ${maxCycles}`);
  const before = opts.waveWindow?.before ?? 10;
  const after = opts.waveWindow?.after ?? 5;
  const batchSize = reactive ? 1 : (opts.batchSize ?? 4096);
  const model = opts.model;

  // ---- the runs ----
  const randSeeds = opts.randReset === false ? [] : (opts.randReset ?? DEFAULT_RAND_RESET_SEEDS);
  for (const seed of randSeeds) if (!Number.isInteger(seed) || seed < 0) throw new Error(`cosim: randReset seeds are integers >= 0, got ${seed}`);
  const runSpecs: { backend: BackendName; label: string; randReset?: number }[] = [];
  for (const b of backends) {
    runSpecs.push({ backend: b, label: b });
    if (b === 'verilator') for (const seed of randSeeds) runSpecs.push({ backend: b, label: `verilator-seed${seed}`, randReset: seed });
  }
  const traceWanted = opts.vcd !== undefined || opts.transactions !== undefined;
  const streamNames = opts.transactions ? streamSignals(opts.transactions) : [];
  for (const n of streamNames) if (!signalInfo.has(n)) throw new Error(`cosim: stream signal '${n}' is not a signal of the design`);
  const clockName = ports.clocks[0] ?? 'clk';

  const runs: Run[] = [];
  const vcdPaths = (): string[] => runs.filter((r) => r.vcdPath).map((r) => r.vcdPath!);
  let mismatch: { cycle: number; details: MismatchDetail[]; run: number } | null = null;
  let testbenchError: CosimTestbenchError | null = null;
  const actualWindow = new Map<number, bigint[]>();
  const history = new History(before + after + 2, inputs.length, observed.length);
  let cycle = 0;
  let stimulusSeconds = 0;
  let modelSeconds = 0;
  let failure: unknown = null;

  try {
    for (const spec of runSpecs) {
      const run: Run = { ...spec, sim: null, vcd: null, monitor: null, createSeconds: 0, seconds: 0, cycles: 0, afterReset: [] };
      runs.push(run);
      const tc = now();
      let traceNames: string[] = [];
      if (traceWanted) {
        const names = new Set<string>(opts.vcd !== undefined ? allSignals.map((s) => s.name) : []);
        for (const n of [...observeNames, ...streamNames]) names.add(n);
        traceNames = [...names];
      }
      const make = (names: string[]): Simulator =>
        createSimulator(ir, spec.backend, {
          ...(traceWanted ? { trace: { signals: names, store: false, onSample: (c: number, v: bigint[]) => sample(run, c, v) } } : {}),
          ...(spec.randReset !== undefined ? { randReset: spec.randReset } : {}),
          ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}),
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        });
      try {
        run.sim = make(traceNames);
      } catch (e) {
        // Verilator may keep no variable for some internal net; then the waveform shows the ports and the observed signals.
        if (!traceWanted || !(e instanceof Error) || !/kept no variable/.test(e.message)) throw e;
        const keep = new Set([...ports.inputs, ...ports.outputs].map((s) => s.name));
        for (const n of [...observeNames, ...streamNames]) keep.add(n);
        traceNames = traceNames.filter((n) => keep.has(n));
        run.sim = make(traceNames);
      }
      run.createSeconds = now() - tc;
      const traceIndex = new Map(traceNames.map((n, i) => [n, i]));
      if (opts.vcd !== undefined) {
        // The label goes in the name when there are several back ends, and always for a random-state run.
        run.vcdPath = vcdPathFor(opts.vcd, run.label, backends.length > 1 || run.randReset !== undefined);
        const infos: SignalInfo[] = traceNames.map((n) => signalInfo.get(n)!);
        run.vcd = new VcdWriter(run.vcdPath, infos, { clock: clockName, top: ir.top });
      }
      if (opts.transactions) run.monitor = new StreamMonitor(opts.transactions, (n) => traceIndex.get(n)!, resetCycles);
    }

    // ---- reset ----
    const held = new Array<bigint>(inputs.length).fill(0n);
    for (const [i, run] of runs.entries()) {
      const sim = run.sim!;
      if (resetCycles > 0) sim.reset(resetCycles);
      run.afterReset = observeNames.map((n) => sim.peek(n));
      if (i === 0) for (const r of ports.resets) held[inputIndex.get(r)!] = sim.peek(r); // deasserted level
    }
    model?.reset?.();

    // ---- the cycles ----
    const nIn = inputs.length;
    const nObs = observed.length;
    const rows = Array.from({ length: batchSize }, () => new Array<bigint>(nIn).fill(0n));
    // Expected values of the batch, row by row (index c * nObs + j): a signal
    // of at most 52 bits as a number in `refNum` (no bigint to allocate per
    // value), a wider one as a bigint in `refBig`. The comparison is `==`,
    // which compares a bigint and a number by value.
    const narrowObs = observed.map((s) => s.width <= 52);
    const refNum = new Float64Array(batchSize * nObs);
    const refBig = new Array<bigint>(batchSize * nObs).fill(0n);
    const expectedAt = (at: number, j: number): bigint => (narrowObs[j] ? BigInt(refNum[at]!) : refBig[at]!);
    const expected: ExpectedRows = { nObs, narrow: narrowObs, num: refNum, big: refBig };
    // Batches go through runColumns when every back end has it: inputs as
    // 32-bit words, outputs compared without a bigint per value. Each input's
    // words are converted when its value changes, then copied per cycle. Not
    // when an observed signal is wider than 64 bits: its expected value is a
    // bigint anyway, and comparing it with words costs more than with the
    // bigint that run() returns (measured on the 256-bit spikes of the LIF array).
    const columnar = !reactive && observed.every((s) => s.width <= 64) && runs.every((r) => typeof r.sim!.runColumns === 'function');
    const inWords = inputs.map((s) => wordsOf(s.width));
    const inCols = columnar ? inWords.map((w) => new Uint32Array(batchSize * w)) : [];
    const heldWords = inputs.map((s) => new Uint32Array(wordsOf(s.width)));
    const converted: (bigint | undefined)[] = new Array<bigint | undefined>(nIn).fill(undefined);
    const expectedRow = new Array<bigint>(nObs).fill(0n);
    const modelInputs: Record<string, bigint> = {};
    const inputNames = inputs.map((s) => s.name);
    const writeModelInputs = recordWriter<bigint>(inputNames);
    const readModelOutputs = recordReader(observeNames);
    const modelValues = new Array<unknown>(nObs).fill(undefined);
    const outputsView: Record<string, bigint> = {};
    observeNames.forEach((n, j) => (outputsView[n] = runs[0]!.afterReset[j]!));
    const known = new Set([...allSignals.map((s) => s.name), ...ports.clocks]);
    const nextInputs = reactive
      ? (k: number) => (stimulus as (c: number, o: SignalValues) => InputRecord | null | undefined)(k, outputsView)
      : Array.isArray(stimulus)
        ? (k: number) => (stimulus as readonly InputRecord[])[k]
        : (k: number) => (stimulus as (c: number) => InputRecord | null | undefined)(k);

    // Reactive runs go cycle by cycle with poke/step/peek, poking only inputs that changed:
    // a one-row run() costs a round trip and file I/O on Icarus, pokes and peeks much less.
    const lastPoked = runs.map(() => held.slice());
    const oneRow = runs.map(() => [new Array<bigint>(observed.length).fill(0n)]);
    const stepOne = (r: number, row: readonly bigint[]): bigint[][] => {
      const sim = runs[r]!.sim!;
      const last = lastPoked[r]!;
      for (let i = 0; i < row.length; i++) {
        if (row[i] !== last[i]) {
          sim.poke(inputs[i]!.name, row[i]!);
          last[i] = row[i]!;
        }
      }
      sim.step(1);
      const out = oneRow[r]!;
      for (let j = 0; j < observeNames.length; j++) out[0]![j] = sim.peek(observeNames[j]!);
      return out;
    };

    // The raw value each input last got, so an unchanged value skips the conversion.
    const lastRaw: unknown[] = new Array<unknown>(inputs.length).fill(undefined);
    // Records usually list the same keys in the same order every cycle: the
    // key seen at each position last time, and its input, spare the lookup by name.
    const keyAt: string[] = [];
    const indexAt: number[] = [];
    const convertInput = (v: unknown, i: number): bigint | null => typedValue(v, inputs[i]!);
    const applyFast = recordApplier(inputNames);
    const apply = (rec: InputRecord, k: number): void => {
      if (rec !== null && typeof rec === 'object' && applyFast(rec, lastRaw, held, convertInput)) return;
      let p = 0;
      for (const key in rec) {
        const raw = rec[key];
        let i: number | undefined;
        if (keyAt[p] === key) i = indexAt[p];
        else {
          i = inputIndex.get(key);
          if (i !== undefined) {
            keyAt[p] = key;
            indexAt[p] = i;
          }
        }
        p++;
        if (i !== undefined && raw === lastRaw[i]) continue;
        if (i === undefined) {
          const why = ports.clocks.includes(key) ? 'it is the clock, which the harness drives' : ports.outputs.some((o) => o.name === key) ? 'it is an output' : 'the design has no such input';
          throw new Error(`cycle ${k}: cannot drive '${key}': ${why} (inputs: ${inputs.map((s) => s.name).join(', ')})`);
        }
        const v = typedValue(raw, inputs[i]!);
        if (v === null) {
          const s = inputs[i]!;
          throw new Error(`cycle ${k}: input '${key}' is ${s.width} bit${s.width === 1 ? '' : 's'} wide; ${describeValue(raw)} does not fit (allowed ${s.lo}..${s.hi})`);
        }
        held[i] = v;
        lastRaw[i] = raw;
      }
    };
    const badModelValue = (raw: unknown, j: number, k: number): Error => {
      const name = observeNames[j]!;
      const s = observed[j]!;
      if (raw === undefined) return new Error(`cycle ${k}: the model returned no value for observed signal '${name}'`);
      return new Error(`cycle ${k}: the model's value ${describeValue(raw)} for '${name}' does not fit its ${s.width} bit${s.width === 1 ? '' : 's'} (allowed ${s.lo}..${s.hi})`);
    };
    const readModel = (out: Readonly<Record<string, unknown>>, k: number, base: number): void => {
      if (out === null || typeof out !== 'object') throw new Error(`cycle ${k}: step() returned ${describeValue(out)}, not an object of signal values`);
      readModelOutputs(out, modelValues);
      for (let j = 0; j < nObs; j++) {
        const raw = modelValues[j];
        const s = observed[j]!;
        if (narrowObs[j]) {
          // As typedValue, in number arithmetic.
          let x: number;
          if (typeof raw === 'number' && Number.isInteger(raw) && raw >= s.loN && raw <= s.hiN) x = s.signed ? (raw > s.maxSignedN ? raw - s.modulusN : raw) : raw < 0 ? raw + s.modulusN : raw;
          else {
            const v = typedValue(raw, s);
            if (v === null) throw badModelValue(raw, j, k);
            x = Number(v);
          }
          refNum[base + j] = x;
        } else {
          const v = typedValue(raw, s);
          if (v === null) throw badModelValue(raw, j, k);
          refBig[base + j] = v;
        }
      }
      if (k === 0) {
        for (const key in out) {
          if (!observeIndex.has(key) && !known.has(key)) throw new Error(`cycle 0: the model returned '${key}', which is not a signal of the design (observed: ${observeNames.join(', ')})`);
        }
      }
    };

    let stopAt = maxCycles;
    let ended = false;
    const outs: bigint[][][] = new Array(runs.length);
    const outCols: ColumnResult[] = new Array(runs.length);
    // The first batch cycle below `limit` at which run r differs from the reference, or -1.
    const firstDiff = (r: number, limit: number): number => {
      if (columnar) return model ? firstColumnMismatch(outCols[r]!, limit, observed, expected) : firstColumnDifference(outCols[r]!, outCols[0]!, limit);
      const res = outs[r]!;
      for (let c = 0; c < limit; c++) {
        const row = res[c]!;
        const base = c * nObs;
        for (let j = 0; j < nObs; j++) {
          // `==`: the bigint against the number, by value.
          if (narrowObs[j] ? (row[j] as bigint | number) != refNum[base + j] : row[j] !== refBig[base + j]) return c;
        }
      }
      return -1;
    };
    const same = (r: number, c: number, j: number): boolean => {
      if (columnar) return model ? columnMatches(outCols[r]!, j, c, observed[j]!, expected) : columnsEqual(outCols[r]!, outCols[0]!, j, c);
      const v = outs[r]![c]![j]!;
      return narrowObs[j] ? (v as bigint | number) == refNum[c * nObs + j] : v === refBig[c * nObs + j];
    };
    const actualOf = (r: number, c: number, j: number): bigint => (columnar ? columnValue(outCols[r]!, j, c, observed[j]!) : outs[r]![c]![j]!);
    const expectedOf = (c: number, j: number): bigint => (columnar && !model ? columnValue(outCols[0]!, j, c, observed[j]!) : expectedAt(c * nObs + j, j));
    const fill: BatchFill = { nextInputs, apply, rows, held, nIn, columnar, converted, heldWords, inputs, inWords, inCols };
    while (!ended && cycle < stopAt) {
      const want = Math.min(batchSize, stopAt - cycle);
      // The stimulus fills the batch's rows, then the model runs over them (timed apart, not per cycle).
      const ts = now();
      const filled = fillBatch(fill, cycle, want);
      let n = filled.n;
      if (filled.ended) ended = true;
      if (filled.error) testbenchError = filled.error;
      const tm = now();
      stimulusSeconds += tm - ts;
      if (model) {
        const done = stepModel(model, rows, n, cycle, nObs, modelInputs, writeModelInputs, readModel);
        if (done.error) {
          // The model failed at this cycle: the cycles before it still run on the hardware.
          testbenchError = done.error;
          n = done.n;
        }
        modelSeconds += now() - tm;
      }
      if (n > 0) {
        const batch = columnar ? null : { inputs: inputNames, cycles: n === batchSize ? rows : rows.slice(0, n), observe: observeNames };
        const columns = columnar ? { inputs: inputNames, cycles: n, values: n === batchSize ? inCols : inCols.map((col, i) => col.subarray(0, n * inWords[i]!)), observe: observeNames } : null;
        for (let r = 0; r < runs.length; r++) {
          const run = runs[r]!;
          const tr = now();
          if (columns) outCols[r] = run.sim!.runColumns!(columns);
          else outs[r] = reactive ? stepOne(r, rows[0]!) : run.sim!.run(batch!);
          run.seconds += now() - tr;
          run.cycles += n;
        }
        if (!model && !columnar) {
          // The first run is the reference.
          const res = outs[0]!;
          for (let c = 0; c < n; c++) {
            const row = res[c]!;
            for (let j = 0; j < nObs; j++) {
              if (narrowObs[j]) refNum[c * nObs + j] = Number(row[j]!);
              else refBig[c * nObs + j] = row[j]!;
            }
          }
        }
        if (mismatch === null) {
          // The earliest cycle at which any run differs, and every difference in that cycle.
          let first = -1;
          let failingRun = -1;
          const found: MismatchDetail[] = [];
          for (let r = model ? 0 : 1; r < runs.length; r++) {
            const c = firstDiff(r, first < 0 ? n : first + 1);
            if (c < 0) continue;
            if (first < 0 || c < first) {
              first = c;
              failingRun = r;
              found.length = 0;
            }
            for (let j = 0; j < nObs; j++) {
              if (!same(r, c, j)) found.push({ cycle: cycle + c, signal: observeNames[j]!, expected: expectedOf(c, j), actual: actualOf(r, c, j), label: runs[r]!.label, backend: runs[r]!.backend });
            }
          }
          if (found.length > 0) {
            mismatch = { cycle: cycle + first, details: found, run: failingRun };
            stopAt = Math.min(stopAt, cycle + first + after + 1);
          }
        }
        if (mismatch !== null) {
          const r = mismatch.run;
          for (let c = 0; c < n; c++) {
            const k = cycle + c;
            if (k >= mismatch.cycle && k < stopAt) actualWindow.set(k, observeNames.map((_, j) => actualOf(r, c, j)));
          }
        }
        // The history keeps the last cycles only, so only the batch's last ones can stay in it.
        const kept = Math.min(n, stopAt - cycle);
        for (let c = Math.max(0, kept - history.capacity); c < kept; c++) {
          for (let j = 0; j < nObs; j++) expectedRow[j] = expectedOf(c, j);
          history.push(cycle + c, rows[c]!, expectedRow, 0);
        }
        if (reactive) {
          const last = outs[0]![n - 1]!;
          for (let j = 0; j < nObs; j++) outputsView[observeNames[j]!] = last[j]!;
        }
        cycle += n;
      }
      if (testbenchError) break;
    }
  } catch (e) {
    if (e instanceof CosimTestbenchError) testbenchError = e; // thrown by a transaction model inside a trace callback
    else failure = e;
  } finally {
    // Close every simulator (delivering the last trace samples), then the waveforms.
    for (const run of runs) {
      if (run.monitor) run.monitor.limit = run.cycles;
      try {
        run.sim?.close();
      } catch (e) {
        failure ??= e;
      }
    }
    for (const run of runs) {
      try {
        run.vcd?.close();
      } catch (e) {
        failure ??= e;
      }
    }
  }
  if (failure !== null) throw failure;

  const statuses = (failed: Set<string>): RunStatus[] =>
    runs.map((r) => ({ label: r.label, backend: r.backend, ...(r.randReset !== undefined ? { randReset: r.randReset } : {}), cycles: r.cycles, failed: failed.has(r.label) }));

  if (testbenchError) {
    const e = testbenchError as CosimTestbenchError;
    throw new CosimTestbenchError(e.part, e.cycle, vcdPaths(), e.cause);
  }

  if (mismatch !== null) {
    const m = mismatch;
    const d = m.details[0]!;
    const run = runs[m.run]!;
    const j = observeIndex.get(d.signal)!;
    let wave: string | undefined;
    if (opts.wave !== undefined) {
      writeMismatchWave(opts.wave, {
        inputs,
        observed,
        resetCycles,
        cycle: m.cycle,
        lastCycle: cycle - 1,
        before,
        after,
        history,
        afterReset: run.afterReset,
        actual: actualWindow,
        signal: d.signal,
        text: `expected ${d.expected}, got ${d.actual} (${run.label})`,
        title: `cosim mismatch: '${d.signal}' on ${run.label} at cycle ${m.cycle}`,
      });
      wave = opts.wave;
    }
    const ins = history.inputsAt(m.cycle);
    const inputValues: Record<string, bigint> = {};
    inputs.forEach((s, i) => (inputValues[s.name] = ins?.[i] ?? 0n));
    throw new CosimMismatchError({
      cycle: m.cycle,
      clockCycle: resetCycles + m.cycle + 1,
      signal: d.signal,
      width: observed[j]!.width,
      expected: d.expected,
      actual: d.actual,
      backend: run.backend,
      label: run.label,
      ...(run.randReset !== undefined ? { randReset: run.randReset } : {}),
      reference: model ? 'model' : runs[0]!.label,
      inputs: inputValues,
      all: m.details,
      ...(run.vcdPath ? { vcd: run.vcdPath } : {}),
      ...(wave ? { wave } : {}),
      runs: statuses(new Set(m.details.map((x) => x.label))),
    });
  }

  const results: CosimRunResult[] = runs.map((r) => ({
    label: r.label,
    backend: r.backend,
    ...(r.randReset !== undefined ? { randReset: r.randReset } : {}),
    cycles: r.cycles,
    seconds: r.seconds,
    cyclesPerSecond: r.seconds > 0 ? r.cycles / r.seconds : 0,
    createSeconds: r.createSeconds,
    ...(r.vcdPath ? { vcd: r.vcdPath } : {}),
  }));

  if (opts.transactions) {
    const reports = runs.map((r, i) => {
      const boards = r.monitor!.scoreboards();
      const scoreboards = r.monitor!.finish();
      results[i]!.transactions = scoreboards;
      results[i]!.transactionCounts = Object.fromEntries(r.monitor!.counts);
      return { label: r.label, backend: r.backend, scoreboards, lines: boards.flatMap((b) => b.describe().map((l) => `${b.name}: ${l}`)) };
    });
    if (reports.some((r) => r.scoreboards.some((s) => !s.ok))) {
      const failed = new Set(reports.filter((r) => r.scoreboards.some((s) => !s.ok)).map((r) => r.label));
      throw new TransactionMismatchError(reports, statuses(failed), vcdPaths());
    }
  }

  return {
    cycles: cycle,
    resetCycles,
    observe: observeNames,
    reference: model ? 'model' : runs.length > 1 ? runs[0]!.label : null,
    backends: results.filter((r) => r.randReset === undefined),
    randReset: results.filter((r) => r.randReset !== undefined),
    stimulusSeconds,
    modelSeconds,
    seconds: now() - t0,
  };

  function sample(run: Run, c: number, values: bigint[]): void {
    run.vcd?.sample(c, values);
    if (!run.monitor) return;
    try {
      run.monitor.sample(c, values);
    } catch (e) {
      run.monitor = null; // no more samples into a model that failed
      throw new CosimTestbenchError('transaction model', c - resetCycles, [], e);
    }
  }
}

// The per-cycle loops of a batch live outside cosim(): V8 optimises a hot
// loop inside that large function anew on every call (25-100 ms of compiler
// time per call, measured), these small functions once.

interface BatchFill {
  nextInputs: (k: number) => InputRecord | null | undefined;
  apply: (rec: InputRecord, k: number) => void;
  rows: bigint[][];
  held: bigint[];
  nIn: number;
  columnar: boolean;
  converted: (bigint | undefined)[];
  heldWords: Uint32Array[];
  inputs: readonly SignalSlot[];
  inWords: number[];
  inCols: Uint32Array[];
}

/** Stimulus cycles `cycle`.. into the batch's rows (and columns): how many, and whether the stimulus ended or threw. */
function fillBatch(f: BatchFill, cycle: number, want: number): { n: number; ended: boolean; error: CosimTestbenchError | null } {
  const { rows, held, nIn, heldWords, converted, inputs, inWords, inCols } = f;
  let n = 0;
  for (; n < want; n++) {
    const k = cycle + n;
    let rec: InputRecord | null | undefined;
    try {
      rec = f.nextInputs(k);
      if (rec === null || rec === undefined) return { n, ended: true, error: null };
      f.apply(rec, k);
    } catch (e) {
      return { n, ended: false, error: new CosimTestbenchError('stimulus', k, [], e) };
    }
    const row = rows[n]!;
    for (let i = 0; i < nIn; i++) row[i] = held[i]!;
    if (f.columnar) {
      for (let i = 0; i < nIn; i++) {
        const v = held[i]!;
        const hw = heldWords[i]!;
        if (v !== converted[i]) {
          putPattern(v, inputs[i]!, hw, 0);
          converted[i] = v;
        }
        const w = inWords[i]!;
        const col = inCols[i]!;
        if (w === 1) col[n] = hw[0]!;
        else for (let j = 0; j < w; j++) col[n * w + j] = hw[j]!;
      }
    }
  }
  return { n, ended: false, error: null };
}

/** The model over the batch's first n rows; on a throw, the cycles before it and the error. */
function stepModel(
  model: GoldenModel,
  rows: bigint[][],
  n: number,
  cycle: number,
  nObs: number,
  modelInputs: Record<string, bigint>,
  write: (target: Record<string, bigint>, row: readonly bigint[]) => void,
  read: (out: Readonly<Record<string, unknown>>, k: number, base: number) => void,
): { n: number; error: CosimTestbenchError | null } {
  for (let c = 0; c < n; c++) {
    try {
      write(modelInputs, rows[c]!);
      read(model.step(modelInputs), cycle + c, c * nObs);
    } catch (e) {
      return { n: c, error: new CosimTestbenchError('model', cycle + c, [], e) };
    }
  }
  return { n, error: null };
}
