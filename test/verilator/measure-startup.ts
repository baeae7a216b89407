// Verilator start-up times on the N-neuron LIF array (bench/lif-array.ts).
//
//   npx tsx test/verilator/measure-startup.ts [neurons=256] [edits=2] [optFast]
//
// - cold: an empty cache root, so the runtime, the precompiled headers and
//   the model are all built;
// - cold model: the runtime cached, a design never built before;
// - cached: a fresh IR object of a built design (the IR index leads to the
//   model; no Verilog is emitted, nothing compiled);
// - edited: one threshold constant changed (a one-line change of the
//   Verilog), runtime and headers cached.
// Each is the time from createVerilatorSimulator() until the model is loaded,
// with the CPU time of the compilers it ran (wall time on a shared machine
// says little; the CPU time does not depend on the load as much).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elaborate } from '../../hdl/index.ts';
import type { IrDesign } from '../../hdl/ir.ts';
import { LifArray } from '../../bench/lif-array.ts';
import { createVerilatorSimulator } from '../../testbenches/verilator/index.ts';

const neurons = Number(process.argv[2] ?? 256);
const edits = Number(process.argv[3] ?? 2);
const optFast = process.argv[4];
const root = mkdtempSync(join(tmpdir(), 'sf-startup-'));

/** The design with the threshold constant of neuron 0 (1000) changed to `value`. */
function edited(value: bigint): IrDesign {
  const ir = elaborate(LifArray, { neurons });
  const top = ir.modules.find((m) => m.name === ir.top)!;
  const c = top.cells.find((x) => x.op === 'const' && x.value === 1000n);
  if (!c) throw new Error('no threshold constant 1000 in the LIF array');
  c.value = value;
  return ir;
}

/** CPU seconds of the child processes waited for so far (the compilers), from /proc. */
function childCpu(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[13]) + Number(f[14])) / 100; // cutime + cstime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

function create(ir: IrDesign, label: string): number {
  const cpu0 = childCpu();
  const t = performance.now();
  const sim = createVerilatorSimulator(ir, { cacheDir: root, ...(optFast ? { optFast } : {}) });
  const s = (performance.now() - t) / 1000;
  sim.reset();
  sim.poke('step', 1);
  sim.poke('current', 900);
  sim.step(3);
  sim.close();
  const cpu = childCpu() - cpu0;
  let steps = '';
  if (!sim.buildInfo.cached) {
    const b = JSON.parse(readFileSync(join(sim.buildInfo.dir, 'build.json'), 'utf8')) as { seconds: Record<string, number>; objects: string[]; compiled?: string[] };
    steps = '  model: ' + Object.entries(b.seconds).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', ');
    if (b.compiled) steps += `; ${b.compiled.length} of ${b.objects.length} units compiled`;
  }
  console.log(`${label.padEnd(12)} ${s.toFixed(2)} s wall, ${cpu.toFixed(2)} s compiler CPU${steps}`);
  return s;
}

try {
  console.log(`LIF array, ${neurons} neurons, cache ${root}${optFast ? `, ${optFast}` : ''}`);
  create(edited(1000n), 'cold');
  create(edited(1000n), 'cached');
  create(edited(1000n), 'cached');
  for (let i = 0; i < edits; i++) create(edited(BigInt(1001 + (i % 23))), 'edited'); // thresholds fit 11 bits
} finally {
  rmSync(root, { recursive: true, force: true });
}
