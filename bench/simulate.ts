// bench/simulate: the three simulator back ends on three designs, all in one
// run, so every ratio compares figures taken side by side on the same machine
// load. Designs (simulate-designs.ts): (a) 64 x 32-bit counters with enables,
// (b) 256 16-bit LIF neurons (lif-array.ts), (c) a 4096-word RAM
// read-modify-write loop. Per design:
//
// - start-up of every back end: cold (Verilator and Icarus in a fresh
//   temporary cache; the built-in compiler with its per-process cache
//   cleared), cached (a fresh elaboration of the same design) and edited (a
//   one-line change that alters the Verilog);
// - run phase alone, in simulated cycles per second: batch (`runColumns()`
//   over prebuilt columns of the bare loop's stimulus, results as typed
//   arrays) and reactive (`bind()`, then per cycle: copy the inputs' words in,
//   `cycle()`, copy the outputs' words out); for comparison the bigint API:
//   `run()` over prebuilt rows (batchRows) and poke every input, step(1), peek
//   every output (reactiveRows); best of several rounds, in CPU seconds of this process
//   (plus vvp's for Icarus, the loop's for the bare C++ loop);
// - ratios to Verilator at g++ -O2 (the reference) and of Verilator to the
//   bare C++ loop over the same Verilated model;
// - co-simulation overhead: cosim() with the golden model vs the bare run;
// - a 20 000-cycle co-simulation test on the built-in back end in a fresh
//   process, start-up included, vs the cold Verilator build.
//
// Nothing touches the user's compile cache: everything Verilator and Icarus
// build goes into temporary directories removed at the end.
//
//   npx tsx bench/run.ts simulate [--rounds 3] [--designs counters,lif,ram] [--seconds 0.4]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IrDesign } from '../hdl/ir.ts';
import { availableBackends, createSimulator } from '../testbenches/backends.ts';
import { clearBuiltinCache } from '../testbenches/builtin/index.ts';
import { cosim } from '../testbenches/cosim/index.ts';
import type { IcarusSimulator } from '../testbenches/iverilog/index.ts';
import type { BatchStimulus, Simulator } from '../testbenches/simulator.ts';
import { buildBareLoop, createVerilatorSimulator, DEFAULT_OPT_FAST, loopChecksum, loopChecksumColumns, type BareLoop } from '../testbenches/verilator/index.ts';
import { BENCH_DESIGNS, type BenchDesign } from './simulate-designs.ts';

/** The reference build: Verilator's model compiled with g++ -O2. */
const REFERENCE_OPT = '-O2';

type Backend = 'builtin' | 'verilator' | 'iverilog';

interface Timing {
  cycles: number;
  wallSeconds: number;
  cpuSeconds: number;
  cyclesPerSecond: number; // cycles / cpuSeconds
}

interface Startup {
  coldSeconds: number;
  cachedSeconds: number;
  editedSeconds: number;
  /** CPU of the build's child processes (g++, verilator, iverilog), cold and edited. */
  coldChildCpuSeconds?: number;
  editedChildCpuSeconds?: number;
}

interface DesignResult {
  design: string;
  title: string;
  edit: string;
  startup: Partial<Record<Backend, Startup>>;
  /** batch: runColumns; reactive: bind() + cycle(); batchRows: run() (bigint rows); reactiveRows: poke/step(1)/peek. */
  run: Partial<Record<Backend, Record<Mode, Timing> & { checksumOk: Record<Mode, boolean> }>>;
  bareLoop?: Timing & { checksumOk: boolean };
  ratioToVerilatorO2: Partial<Record<Backend, Record<Mode, number>>>;
  builtinVsIcarus?: Record<Mode, number>;
  verilatorVsBareLoop?: Record<Mode, number>;
  cosim: Partial<
    Record<
      Backend,
      {
        cycles: number;
        bareCpuSeconds: number;
        /** The whole cosim() call (the simulator comes from this process's cache). */
        cosimCpuSeconds: number;
        /** cosim's own model timer (wall; includes its conversion of the model's results). */
        modelSeconds: number;
        /** The golden model alone over the same inputs (CPU): the user's code. */
        modelAloneCpuSeconds: number;
        overhead: number;
        overheadWithoutModel: number;
      }
    >
  >;
  race?: { cycles: number; builtinProcessSeconds: number; builtinTestSeconds: number; verilatorColdBuildSeconds: number; builtinFirst: boolean };
}

// ------------------------------------------------------------ measurement

const CLK_TCK = 100; // Linux USER_HZ

function selfCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds of a process (utime + stime), or of this process's waited-for children (`cutime + cstime` of self). */
function procCpu(pid: number | 'children'): number {
  const stat = readFileSync(`/proc/${pid === 'children' ? 'self' : pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 on
  const at = (n: number): number => Number(f[n - 3]);
  return pid === 'children' ? (at(16) + at(17)) / CLK_TCK : (at(14) + at(15)) / CLK_TCK;
}

function timed<T>(f: () => T, extraCpu?: () => number): { value: T; wall: number; cpu: number } {
  const x0 = extraCpu?.() ?? 0;
  const c0 = selfCpu();
  const t0 = performance.now();
  const value = f();
  const wall = (performance.now() - t0) / 1000;
  const cpu = selfCpu() - c0 + ((extraCpu?.() ?? 0) - x0);
  return { value, wall, cpu };
}

function best(ts: { wall: number; cpu: number }[], cycles: number): Timing {
  const cpu = Math.min(...ts.map((t) => t.cpu));
  const wall = Math.min(...ts.map((t) => t.wall));
  return { cycles, wallSeconds: wall, cpuSeconds: cpu, cyclesPerSecond: cycles / cpu };
}

// ------------------------------------------------------------ modes

/** The bare loop's stimulus in both forms: bigint rows (run, poke) and columns (runColumns, bind). */
interface Stim {
  rows: BatchStimulus;
  columns: Uint32Array[];
  inWords: number[];
  /** The testbench's result storage, allocated and touched before timing: per output (batch), all outputs per cycle (reactive). */
  outColumns: Uint32Array[];
  outFlat: Uint32Array;
}

/** What a mode observed: bigint rows, per-signal columns, or every cycle's output words one after the other. */
type Observed = { rows: bigint[][] } | { columns: Uint32Array[]; words: number[] } | { flat: Uint32Array };

const MODES = ['batch', 'reactive', 'batchRows', 'reactiveRows'] as const;
type Mode = (typeof MODES)[number];

function stimOf(d: BenchDesign, cycles: number, outWidths: number[], rowCycles = cycles): Stim {
  const outWords = outWidths.map((w) => Math.ceil(w / 32));
  return {
    rows: d.stimulus(rowCycles),
    columns: d.columns(cycles),
    inWords: d.inputs.map((i) => Math.ceil(i.width / 32)),
    outColumns: outWords.map((w) => new Uint32Array(cycles * w).fill(1)),
    outFlat: new Uint32Array(cycles * outWords.reduce((a, b) => a + b, 0)).fill(1),
  };
}

/** Batch: runColumns over prebuilt columns (one call; no bigint per value). */
function batch(sim: Simulator, s: Stim, n: number): Observed {
  const r = sim.runColumns!({ inputs: s.rows.inputs, cycles: n, values: s.columns.map((c, j) => c.subarray(0, n * s.inWords[j]!)), observe: s.rows.observe, out: s.outColumns });
  return { columns: r.values, words: r.words };
}

/** Reactive: bind(), then per cycle write the inputs' words, cycle(), copy the outputs' words out. */
function reactive(sim: Simulator, s: Stim, n: number): Observed {
  const b = sim.bind!({ inputs: s.rows.inputs, observe: s.rows.observe });
  const { inputs, outputs, inputAt } = b;
  const cols = s.columns;
  const inWords = s.inWords;
  const nIn = cols.length;
  const outW = outputs.length;
  const out = s.outFlat;
  for (let c = 0; c < n; c++) {
    for (let j = 0; j < nIn; j++) {
      const w = inWords[j]!;
      const col = cols[j]!;
      const at = inputAt[j]!;
      for (let k = 0; k < w; k++) inputs[at + k] = col[c * w + k]!;
    }
    b.cycle();
    for (let k = 0; k < outW; k++) out[c * outW + k] = outputs[k]!;
  }
  return { flat: out.subarray(0, n * outW) };
}

/** The bigint API, for comparison: run() over prebuilt rows. */
function batchRows(sim: Simulator, s: Stim, n: number): Observed {
  const stim = s.rows;
  return { rows: sim.run(n === stim.cycles.length ? stim : { ...stim, cycles: stim.cycles.slice(0, n) }) };
}

/** The bigint API, for comparison: poke every input, step(1), peek every output. */
function reactiveRows(sim: Simulator, s: Stim, n: number): Observed {
  const { inputs, observe } = s.rows;
  const rows: bigint[][] = new Array(n);
  for (let c = 0; c < n; c++) {
    const row = s.rows.cycles[c]!;
    for (let j = 0; j < inputs.length; j++) sim.poke(inputs[j]!, row[j]!);
    sim.step(1);
    const out = new Array<bigint>(observe.length);
    for (let j = 0; j < observe.length; j++) out[j] = sim.peek(observe[j]!);
    rows[c] = out;
  }
  return { rows };
}

const ratios = (f: (m: Mode) => number): Record<Mode, number> => Object.fromEntries(MODES.map((m) => [m, f(m)])) as Record<Mode, number>;

const MODE_FN: Record<Mode, (sim: Simulator, s: Stim, n: number) => Observed> = { batch, reactive, batchRows, reactiveRows };

/** The bare loop's checksum of what a mode observed over n cycles. */
function checksumOf(o: Observed, widths: number[], n: number): string {
  if ('rows' in o) return loopChecksum(o.rows, widths);
  if ('columns' in o) return loopChecksumColumns(o.columns, o.words, n);
  return loopChecksumColumns([o.flat], [n > 0 ? o.flat.length / n : 0], n);
}

// ------------------------------------------------------------ reporting

const log = (msg: string): void => void process.stderr.write(`[bench/simulate] ${msg}\n`);
const fmtRate = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0));
const fmtS = (x: number | undefined): string => (x === undefined ? '-' : x < 0.1 ? `${(x * 1e3).toFixed(1)} ms` : `${x.toFixed(2)} s`);
const fmtX = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '-' : x >= 100 ? `${x.toFixed(0)}x` : `${x.toFixed(2)}x`);

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(w[i]!)).join('  ')).join('\n');
}

// ------------------------------------------------------------ the bench

export interface SimulateBenchOptions {
  rounds?: number;
  designs?: string[];
  /** Target CPU seconds of one timed run. */
  seconds?: number;
}

export function runSimulateBench(opts: SimulateBenchOptions = {}): unknown {
  const rounds = opts.rounds ?? 3;
  const target = opts.seconds ?? 0.4;
  const designs = BENCH_DESIGNS.filter((d) => !opts.designs || opts.designs.includes(d.key));
  const have = availableBackends();
  const backends = (['builtin', 'verilator', 'iverilog'] as const).filter((b) => have.includes(b));
  log(`back ends: ${backends.join(', ')}; Verilator default g++ level ${DEFAULT_OPT_FAST}, reference ${REFERENCE_OPT}; ${rounds} rounds`);
  const temps: string[] = [];
  const results: DesignResult[] = [];
  try {
    for (const d of designs) results.push(benchDesign(d, backends, rounds, target, temps));
  } finally {
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  }

  // Summary table and targets.
  const rows: string[][] = [['design', 'back end', 'batch c/s', 'reactive c/s', 'run() c/s', 'poke/peek c/s', 'batch / V-O2', 'react / V-O2', 'cold', 'cached', 'edited', 'cosim / bare', 'without model']];
  for (const r of results) {
    for (const b of backends) {
      const run = r.run[b];
      const st = r.startup[b];
      const ratio = r.ratioToVerilatorO2[b];
      const cs = r.cosim[b];
      rows.push([r.design, b, ...MODES.map((m) => (run ? fmtRate(run[m].cyclesPerSecond) : '-')), fmtX(ratio?.batch), fmtX(ratio?.reactive), fmtS(st?.coldSeconds), fmtS(st?.cachedSeconds), fmtS(st?.editedSeconds), fmtX(cs?.overhead), fmtX(cs?.overheadWithoutModel)]);
    }
    if (r.bareLoop) rows.push([r.design, 'bare C++ loop', fmtRate(r.bareLoop.cyclesPerSecond), '', '', '', '', '', '', '', '', '', '']);
    if (r.verilatorVsBareLoop) rows.push([r.design, 'Verilator / loop', ...MODES.map((m) => fmtX(r.verilatorVsBareLoop![m])), '', '', '', '', '', '', '']);
    if (r.builtinVsIcarus) rows.push([r.design, 'builtin / Icarus', ...MODES.map((m) => fmtX(r.builtinVsIcarus![m])), '', '', '', '', '', '', '']);
  }
  process.stderr.write('\n' + table(rows) + '\n\n');

  const targets: { name: string; value: number | boolean | undefined; target: string; met: boolean | null }[] = [];
  const t = (name: string, value: number | boolean | undefined, cmp: string, ok: (v: number | boolean) => boolean): void => {
    targets.push({ name, value, target: cmp, met: value === undefined ? null : ok(value) });
  };
  for (const r of results) {
    t(`${r.design}: builtin / Verilator -O2, batch`, r.ratioToVerilatorO2.builtin?.batch, '>= 0.5', (v) => (v as number) >= 0.5);
    t(`${r.design}: builtin / Verilator -O2, reactive`, r.ratioToVerilatorO2.builtin?.reactive, '>= 0.5', (v) => (v as number) >= 0.5);
    t(`${r.design}: builtin / Icarus, batch`, r.builtinVsIcarus?.batch, '>= 100', (v) => (v as number) >= 100);
    t(`${r.design}: builtin / Icarus, reactive`, r.builtinVsIcarus?.reactive, '>= 100', (v) => (v as number) >= 100);
    t(`${r.design}: Verilator / bare C++ loop, batch`, r.verilatorVsBareLoop?.batch, '>= 0.7', (v) => (v as number) >= 0.7);
    t(`${r.design}: Verilator / bare C++ loop, reactive`, r.verilatorVsBareLoop?.reactive, '>= 0.3', (v) => (v as number) >= 0.3);
    t(`${r.design}: cosim overhead, builtin`, r.cosim.builtin?.overhead, '<= 2', (v) => (v as number) <= 2);
    t(`${r.design}: cosim overhead, verilator`, r.cosim.verilator?.overhead, '<= 2', (v) => (v as number) <= 2);
    t(`${r.design}: 20k-cycle builtin test before cold Verilator build`, r.race?.builtinFirst, 'true', (v) => v === true);
  }
  process.stderr.write(
    table([['target', 'value', 'wanted', 'met'], ...targets.map((x) => [x.name, typeof x.value === 'number' ? fmtX(x.value) : String(x.value ?? '-'), x.target, x.met === null ? 'n/a' : x.met ? 'yes' : 'NO'])]) + '\n',
  );

  const summary = {
    bench: 'simulate',
    machine: { node: process.version, cpus: cpus().length, note: 'shared machine: rates are best-of-rounds CPU time of the measuring process (plus vvp or the bare loop)' },
    verilator: { defaultOptFast: DEFAULT_OPT_FAST, referenceOptFast: REFERENCE_OPT },
    rounds,
    targets,
    results,
  };
  writeFileSync(join('bench', 'results', 'simulate.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

/** CPU seconds of the golden model alone over `rows`, with inputs as cosim hands them over (bigints as their types read them, one reused object). */
function modelAlone(d: BenchDesign, ir: IrDesign, rows: readonly (bigint | number)[][]): number {
  const top = ir.modules.find((m) => m.name === ir.top)!;
  const signed = d.inputs.map((i) => {
    const p = top.ports.find((x) => x.name === i.name)!;
    return top.nets[p.net]!.signed;
  });
  const typed = rows.map((row) => row.map((v, j) => (signed[j] ? BigInt.asIntN(d.inputs[j]!.width, BigInt(v)) : BigInt(v))));
  const model = d.model();
  model.reset?.();
  const inputs: Record<string, bigint> = {};
  return timed(() => {
    for (const row of typed) {
      for (let j = 0; j < row.length; j++) inputs[d.inputs[j]!.name] = row[j]!;
      model.step(inputs);
    }
  }).cpu;
}

function benchDesign(d: BenchDesign, backends: readonly Backend[], rounds: number, target: number, temps: string[]): DesignResult {
  log(`${d.title}`);
  const r: DesignResult = { design: d.key, title: d.title, edit: d.edit, startup: {}, run: {}, ratioToVerilatorO2: {}, cosim: {} };
  const cacheRoot = mkdtempSync(join(tmpdir(), `spikeforge-bench-${d.key}-`));
  temps.push(cacheRoot);
  const verilatorRoot = join(cacheRoot, 'verilator');
  // The reference: -O2 explicitly, whatever the back end's default.
  const create = (b: Backend, ir: IrDesign): Simulator =>
    b === 'verilator' ? createVerilatorSimulator(ir, { cacheDir: verilatorRoot, optFast: REFERENCE_OPT }) : createSimulator(ir, b, { cacheDir: cacheRoot });

  // ---- start-up
  for (const b of backends) {
    const s: Partial<Startup> = {};
    for (const phase of ['cold', 'cached', 'edited'] as const) {
      const ir = d.elaborate(phase === 'edited');
      if (b === 'builtin' && phase !== 'cached') clearBuiltinCache();
      const c0 = procCpu('children');
      const t = timed(() => create(b, ir));
      t.value.close();
      s[`${phase}Seconds`] = t.wall;
      if (b !== 'builtin' && phase !== 'cached') s[`${phase}ChildCpuSeconds`] = procCpu('children') - c0;
      log(`  start-up ${b} ${phase}: ${fmtS(t.wall)}`);
    }
    r.startup[b] = s as Startup;
  }

  // ---- run phase
  const ir = d.elaborate();
  const sims = new Map<Backend, Simulator>(backends.map((b) => [b, create(b, ir)]));
  const vvpCpu = (sim: Simulator) => (sim.backend === 'iverilog' ? () => procCpu((sim as IcarusSimulator).startInfo.pid) : undefined);
  // Calibrate the cycle counts: runs of growing length until one takes 50 ms
  // of CPU, twice (the first pass also warms up the JIT, which would otherwise
  // make the built-in back end look slow and get too few cycles).
  const top = ir.modules.find((m) => m.name === ir.top)!;
  const widths = d.outputs.map((o) => top.nets[top.ports.find((p) => p.name === o)!.net]!.width);
  const probe = stimOf(d, d.key === 'lif' ? 40_000 : 100_000, widths);
  const cyclesFor = new Map<string, number>();
  for (const [b, sim] of sims) {
    sim.reset(1);
    for (const mode of MODES) {
      const f = MODE_FN[mode];
      let rate = 0;
      for (let pass = 0; pass < 2; pass++) {
        let n = b === 'iverilog' ? 20 : 100;
        for (;;) {
          const t = timed(() => f(sim, probe, n), vvpCpu(sim));
          rate = n / Math.max(t.cpu, 1e-4);
          if (t.cpu >= 0.05 || n * 4 > probe.rows.cycles.length) break;
          n *= 4;
        }
      }
      // The typed-array modes may run longer: their stimulus costs no bigints. At
      // least 50 000 cycles: a calibration that caught the JIT still compiling
      // gave runs of 40 ms, in which background compilation was a third of the CPU.
      const [min, max] = b === 'iverilog' ? [200, 20_000] : [50_000, mode === 'batch' || mode === 'reactive' ? 2_000_000 : 500_000];
      cyclesFor.set(`${b}/${mode}`, Math.max(min, Math.min(max, Math.round((rate * target) / 100) * 100)));
    }
  }
  const maxCycles = Math.max(...cyclesFor.values());
  log(`  stimulus: ${maxCycles} cycles of the bare loop's inputs; cycles per run: ${[...cyclesFor].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const rowCycles = Math.max(...[...cyclesFor].filter(([k]) => k.endsWith('Rows')).map(([, v]) => v));
  const stim = stimOf(d, maxCycles, widths, rowCycles);

  // The bare C++ loop over the same model.
  let bare: BareLoop | null = null;
  let bareCycles = 0;
  let bareChecksumOk = false;
  if (backends.includes('verilator')) {
    bare = buildBareLoop(ir, 1000, { cacheDir: verilatorRoot, optFast: REFERENCE_OPT });
    const p = bare.run(20_000);
    bareCycles = Math.max(10_000, Math.round(((p.cyclesPerSecond * target * 2) / 1000)) * 1000);
  }

  const samples = new Map<string, { wall: number; cpu: number }[]>();
  const checks = new Map<string, boolean>();
  const add = (k: string, t: { wall: number; cpu: number }): void => void (samples.get(k) ?? samples.set(k, []).get(k)!).push(t);
  for (let round = 0; round < rounds; round++) {
    for (const [b, sim] of sims) {
      if (b === 'iverilog' && round > 0 && round !== rounds - 1) continue; // Icarus: first and last round
      for (const mode of MODES) {
        const f = MODE_FN[mode];
        const n = cyclesFor.get(`${b}/${mode}`)!;
        sim.close();
        const fresh = create(b, ir);
        sims.set(b, fresh);
        fresh.reset(1);
        const t = timed(() => f(fresh, stim, n), vvpCpu(fresh));
        add(`${b}/${mode}`, t);
        if (round === 0 && bare) {
          const ok = checksumOf(t.value, widths, n) === bare.run(n).checksum;
          checks.set(`${b}/${mode}`, ok);
          if (!ok) log(`  WARNING: ${b} ${mode} disagrees with the bare C++ loop's checksum`);
        }
        log(`  round ${round + 1}: ${b} ${mode}: ${n} cycles, ${fmtS(t.cpu)} CPU (${fmtS(t.wall)} wall) = ${fmtRate(n / t.cpu)} c/s`);
      }
    }
    if (bare) {
      const c0 = procCpu('children');
      const x = bare.run(bareCycles);
      const cpu = procCpu('children') - c0;
      add('bare', { wall: x.seconds, cpu });
      if (round === 0) bareChecksumOk = true;
      log(`  round ${round + 1}: bare C++ loop: ${bareCycles} cycles, ${fmtS(cpu)} CPU (loop ${fmtS(x.seconds)} wall) = ${fmtRate(bareCycles / cpu)} c/s`);
    }
  }
  for (const sim of sims.values()) sim.close();
  for (const b of backends) {
    const timing = Object.fromEntries(MODES.map((m) => [m, best(samples.get(`${b}/${m}`)!, cyclesFor.get(`${b}/${m}`)!)])) as Record<Mode, Timing>;
    const checksumOk = Object.fromEntries(MODES.map((m) => [m, checks.get(`${b}/${m}`) ?? false])) as Record<Mode, boolean>;
    r.run[b] = { ...timing, checksumOk };
  }
  const v = r.run.verilator;
  if (v) {
    for (const b of backends) {
      const x = r.run[b]!;
      r.ratioToVerilatorO2[b] = ratios((m) => x[m].cyclesPerSecond / v[m].cyclesPerSecond);
    }
  }
  if (r.run.builtin && r.run.iverilog)
    r.builtinVsIcarus = ratios((m) => r.run.builtin![m].cyclesPerSecond / r.run.iverilog![m].cyclesPerSecond);
  if (bare && v) {
    // The loop's CPU includes its process start-up; its own loop timer (wall) does not.
    r.bareLoop = { ...best(samples.get('bare')!, bareCycles), checksumOk: bareChecksumOk && !!checks.get('verilator/batch') };
    const loop = r.bareLoop.cyclesPerSecond;
    r.verilatorVsBareLoop = ratios((m) => v[m].cyclesPerSecond / loop);
  }

  // ---- co-simulation overhead (builtin and Verilator)
  // The same cycles on both back ends: the Verilator batch count (else the built-in one).
  const nCosim = Math.min(200_000, rowCycles, cyclesFor.get(backends.includes('verilator') ? 'verilator/batch' : 'builtin/batch')!);
  for (const b of backends.filter((x) => x !== 'iverilog')) {
    const n = nCosim;
    const rows = stim.rows.cycles.slice(0, n);
    const records = d.records(n);
    const bareT: { wall: number; cpu: number }[] = [];
    const cosimT: { wall: number; cpu: number; model: number }[] = [];
    for (let round = 0; round < rounds; round++) {
      const sim = create(b, ir);
      sim.reset(1);
      bareT.push(timed(() => sim.run({ inputs: stim.rows.inputs, cycles: rows, observe: d.outputs })));
      sim.close();
      // cosim creates its own simulator (found in this process's cache: Verilator
      // through createSimulator, at the default g++ level); no runs from random
      // initial state, so exactly one simulation is compared with the bare one.
      const c = timed(() => cosim({ design: ir, model: d.model(), stimulus: records, backends: [b], cacheDir: cacheRoot, randReset: false }));
      cosimT.push({ wall: c.wall, cpu: c.cpu, model: c.value.modelSeconds });
    }
    const bareCpu = Math.min(...bareT.map((x) => x.cpu));
    const cos = cosimT.reduce((a, x) => (x.cpu < a.cpu ? x : a));
    const alone = Math.min(...Array.from({ length: rounds }, () => modelAlone(d, ir, rows)));
    r.cosim[b] = {
      cycles: n,
      bareCpuSeconds: bareCpu,
      cosimCpuSeconds: cos.cpu,
      modelSeconds: cos.model,
      modelAloneCpuSeconds: alone,
      overhead: cos.cpu / bareCpu,
      overheadWithoutModel: (cos.cpu - alone) / bareCpu,
    };
    log(`  cosim ${b}: ${n} cycles, bare ${fmtS(bareCpu)}, cosim ${fmtS(cos.cpu)} = ${fmtX(cos.cpu / bareCpu)}; the golden model alone ${fmtS(alone)}, without it ${fmtX((cos.cpu - alone) / bareCpu)}`);
  }

  // ---- 20 000-cycle test on the built-in back end, fresh process, vs a cold Verilator build
  const cold = r.startup.verilator?.coldSeconds;
  const race = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'simulate-race.ts'), d.key, '20000'], { encoding: 'utf8' });
  if (race.status !== 0) throw new Error(`bench/simulate-race.ts failed:\n${race.stderr}`);
  const rr = JSON.parse(race.stdout.trim().split('\n').pop()!) as { cycles: number; processSeconds: number; cosimSeconds: number };
  if (cold !== undefined) {
    r.race = { cycles: rr.cycles, builtinProcessSeconds: rr.processSeconds, builtinTestSeconds: rr.cosimSeconds, verilatorColdBuildSeconds: cold, builtinFirst: rr.processSeconds < cold };
    log(`  20k-cycle builtin test: ${fmtS(rr.processSeconds)} from process start (cosim ${fmtS(rr.cosimSeconds)}) vs cold Verilator build ${fmtS(cold)}`);
  }
  return r;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  runSimulateBench({
    ...(arg('rounds') ? { rounds: Number(arg('rounds')) } : {}),
    ...(arg('designs') ? { designs: arg('designs')!.split(',') } : {}),
    ...(arg('seconds') ? { seconds: Number(arg('seconds')) } : {}),
  });
}
