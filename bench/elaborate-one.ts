// One measurement of bench/elaborate, in its own process so that peak memory
// belongs to this size alone. Prints one JSON line.
//
//   npx tsx bench/elaborate-one.ts <neurons> [cold|warm]
//
// cold (the default): the design is the first thing this process elaborates,
// so the figures include the JIT compiling the library as it goes (what a
// one-shot `spikeforge verilog` run pays). warm: the process first runs the
// whole flow 20 times on a small LifArray of other parameters (200 neurons,
// not timed), so the figures show the steady state of a long-running process
// (a watch loop, a test run, a board flow elaborating several designs): the
// JIT has compiled the hot code. (One small run is far from enough: V8 keeps
// optimising for several runs, and its compiler threads count as CPU time.)
//
// Times are given twice: wall seconds, and CPU seconds of this process (user
// + system, all threads: the garbage collector's helpers count too), which
// other load on the machine does not inflate; cells per second are given per
// wall and per CPU second.
import { elaborate } from '../hdl/index.ts';
import { foldConstants, removeDeadLogic, runChecks } from '../hdl/passes/index.ts';
import { emitVerilog } from '../generators/verilog/index.ts';
import { LifArray } from './lif-array.ts';

const WARM_UP_RUNS = 20;
const WARM_UP_NEURONS = 200;
const n = Number(process.argv[2]);
const mode = process.argv[3] ?? 'cold';
if (!Number.isInteger(n) || n < 1 || (mode !== 'cold' && mode !== 'warm')) {
  console.error('usage: elaborate-one.ts <neurons> [cold|warm]');
  process.exit(2);
}

/**
 * The flow owns the elaborated design, so folding works in it rather than on
 * a copy. Dead-logic removal still copies what survives: emission reads the
 * fresh, compactly allocated copy faster than the elaboration's objects
 * (measured: { inPlace: true } there saves ~90 MiB at 16384 neurons but
 * costs more in emit than it saves in optimise).
 */
function optimise(raw: ReturnType<typeof elaborate>) {
  return removeDeadLogic(foldConstants(raw, { inPlace: true }));
}

/** The measured flow: elaborate, check, optimise, emit. */
function flow(neurons: number) {
  const raw = elaborate(LifArray, { neurons }, { check: false });
  const problems = runChecks(raw);
  if (problems.length) throw new Error(`checks failed: ${problems.length}`);
  return emitVerilog(optimise(raw));
}

if (mode === 'warm') for (let i = 0; i < WARM_UP_RUNS; i++) flow(WARM_UP_NEURONS);

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const t0 = performance.now();
const c0 = cpu();
const raw = elaborate(LifArray, { neurons: n }, { check: false });
const t1 = performance.now();
const c1 = cpu();
const cells = raw.modules.reduce((s, m) => s + m.cells.length + m.regs.length, 0);
const nets = raw.modules.reduce((s, m) => s + m.nets.length, 0);
const problems = runChecks(raw);
if (problems.length) throw new Error(`checks failed: ${problems.length}`);
const t2 = performance.now();
const c2 = cpu();
const ir = optimise(raw);
const t3 = performance.now();
const c3 = cpu();
const text = emitVerilog(ir);
const t4 = performance.now();
const c4 = cpu();
console.log(
  JSON.stringify({
    neurons: n,
    mode,
    irCells: cells,
    nets,
    verilogBytes: text.length,
    seconds: { elaborate: (t1 - t0) / 1e3, check: (t2 - t1) / 1e3, optimise: (t3 - t2) / 1e3, emit: (t4 - t3) / 1e3, total: (t4 - t0) / 1e3 },
    cpuSeconds: { elaborate: c1 - c0, check: c2 - c1, optimise: c3 - c2, emit: c4 - c3, total: c4 - c0 },
    cellsPerSecond: cells / ((t4 - t0) / 1e3),
    cellsPerCpuSecond: cells / (c4 - c0),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
