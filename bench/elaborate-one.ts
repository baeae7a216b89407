// One measurement of bench/elaborate, in its own process so that peak memory
// belongs to this size alone. Prints one JSON line. Times are given twice:
// wall seconds, and CPU seconds of this process (user + system), which other
// load on the machine does not inflate; cells per second are per CPU second.
import { elaborate } from '../hdl/index.ts';
import { foldConstants, removeDeadLogic, runChecks } from '../hdl/passes/index.ts';
import { emitVerilog } from '../generators/verilog/index.ts';
import { LifArray } from './lif-array.ts';

const n = Number(process.argv[2]);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const t0 = performance.now();
const c0 = cpu();
const raw = elaborate(LifArray, { neurons: n }, { check: false });
const t1 = performance.now();
const c1 = cpu();
const problems = runChecks(raw);
if (problems.length) throw new Error(`checks failed: ${problems.length}`);
const t2 = performance.now();
const c2 = cpu();
const ir = removeDeadLogic(foldConstants(raw));
const t3 = performance.now();
const c3 = cpu();
const text = emitVerilog(ir);
const t4 = performance.now();
const c4 = cpu();
const cells = raw.modules.reduce((s, m) => s + m.cells.length + m.regs.length, 0);
console.log(
  JSON.stringify({
    neurons: n,
    irCells: cells,
    nets: raw.modules.reduce((s, m) => s + m.nets.length, 0),
    verilogBytes: text.length,
    seconds: { elaborate: (t1 - t0) / 1e3, check: (t2 - t1) / 1e3, optimise: (t3 - t2) / 1e3, emit: (t4 - t3) / 1e3, total: (t4 - t0) / 1e3 },
    cpuSeconds: { elaborate: c1 - c0, check: c2 - c1, optimise: c3 - c2, emit: c4 - c3, total: c4 - c0 },
    cellsPerSecond: cells / ((t4 - t0) / 1e3),
    cellsPerCpuSecond: cells / (c4 - c0),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
