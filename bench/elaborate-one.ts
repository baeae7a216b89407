// One measurement of bench/elaborate, in its own process so that peak memory
// belongs to this size alone. Prints one JSON line.
import { elaborate } from '../hdl/index.ts';
import { foldConstants, removeDeadLogic, runChecks } from '../hdl/passes/index.ts';
import { emitVerilog } from '../generators/verilog/index.ts';
import { LifArray } from './lif-array.ts';

const n = Number(process.argv[2]);
const t0 = performance.now();
const raw = elaborate(LifArray, { neurons: n }, { check: false });
const t1 = performance.now();
const problems = runChecks(raw);
if (problems.length) throw new Error(`checks failed: ${problems.length}`);
const t2 = performance.now();
const ir = removeDeadLogic(foldConstants(raw));
const t3 = performance.now();
const text = emitVerilog(ir);
const t4 = performance.now();
const cells = raw.modules.reduce((s, m) => s + m.cells.length + m.regs.length, 0);
console.log(
  JSON.stringify({
    neurons: n,
    irCells: cells,
    nets: raw.modules.reduce((s, m) => s + m.nets.length, 0),
    verilogBytes: text.length,
    seconds: { elaborate: (t1 - t0) / 1e3, check: (t2 - t1) / 1e3, optimise: (t3 - t2) / 1e3, emit: (t4 - t3) / 1e3, total: (t4 - t0) / 1e3 },
    cellsPerSecond: cells / ((t4 - t0) / 1e3),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
