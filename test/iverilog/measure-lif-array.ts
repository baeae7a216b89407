// Measures the Icarus back end on bench/lif-array.ts (not a test; run with
// `npx tsx test/iverilog/measure-lif-array.ts [neurons...]`): cold compile,
// cached start, reactive cycles/s (poke, poke, step, peek each cycle: one round
// trip) and batch cycles/s (run() on the same stimulus), and checks both agree.
// Besides wall-clock rates it gives CPU seconds of Node and vvp, which stay
// meaningful on a loaded machine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { elaborate } from '../../hdl/index.ts';
import { LifArray } from '../../bench/lif-array.ts';
import { createIcarusSimulator, type IcarusSimulator } from '../../testbenches/iverilog/index.ts';

const HZ = 100; // USER_HZ of /proc/<pid>/stat on Linux

function vvpCpu(sim: IcarusSimulator): number {
  const stat = fs.readFileSync(`/proc/${sim.startInfo.pid}/stat`, 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / HZ;
}

function measure(sim: IcarusSimulator, cycles: number, body: () => void) {
  const v0 = vvpCpu(sim);
  const n0 = process.cpuUsage();
  const t0 = performance.now();
  body();
  const wall = (performance.now() - t0) / 1000;
  const n = process.cpuUsage(n0);
  return { rate: cycles / wall, wall, node: (n.user + n.system) / 1e6, vvp: vvpCpu(sim) - v0 };
}

const fmt = (m: { rate: number; node: number; vvp: number }) =>
  `${Math.round(m.rate)} cycles/s (cpu: node ${m.node.toFixed(2)} s, vvp ${m.vvp.toFixed(2)} s)`;

const sizes = process.argv.slice(2).map(Number);
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spikeforge-iverilog-measure-'));
try {
  for (const neurons of sizes.length ? sizes : [1, 16, 256]) {
    const d = elaborate(LifArray, { neurons });
    const cold = createIcarusSimulator(d, { cacheDir });
    const coldInfo = cold.startInfo;
    cold.close();
    const sim = createIcarusSimulator(d, { cacheDir });
    const warmInfo = sim.startInfo;
    const batchSim = createIcarusSimulator(d, { cacheDir });

    const cycles = neurons >= 256 ? 4000 : neurons >= 16 ? 20000 : 40000;
    const stim = Array.from({ length: cycles }, (_, i) => [i % 7 === 0 ? 0 : 1, ((i * 37) % 260) - 20]);
    sim.reset();
    batchSim.reset();
    const reactive: bigint[] = [];
    const r = measure(sim, cycles, () => {
      for (const [step, current] of stim) {
        sim.poke('step', step!);
        sim.poke('current', current!);
        sim.step();
        reactive.push(sim.peek('spikes'));
      }
    });
    let batch: bigint[][] = [];
    const b = measure(batchSim, cycles, () => {
      batch = batchSim.run({ inputs: ['step', 'current'], cycles: stim, observe: ['spikes'] });
    });
    const same = batch.length === cycles && batch.every((row, i) => row[0] === reactive[i]);
    const spikes = reactive.filter((x) => x !== 0n).length;
    // Pure simulation speed: vvp stepping with no exchange at all.
    const f = measure(sim, cycles, () => {
      sim.step(cycles);
      sim.peek('spikes');
    });
    sim.close();
    batchSim.close();
    console.log(`LifArray neurons=${neurons} (${cycles} cycles, ${spikes} with spikes, batch ${same ? '==' : '!='} reactive)`);
    console.log(`  cold:   iverilog ${coldInfo.compileSeconds.toFixed(2)} s, ready after ${coldInfo.startSeconds.toFixed(2)} s (prepare ${coldInfo.prepareSeconds.toFixed(2)} s)`);
    console.log(`  cached: ready after ${warmInfo.startSeconds.toFixed(2)} s (prepare ${warmInfo.prepareSeconds.toFixed(2)} s)`);
    console.log(`  reactive ${fmt(r)}`);
    console.log(`  batch    ${fmt(b)}`);
    console.log(`  step(n)  ${fmt(f)}`);
  }
} finally {
  fs.rmSync(cacheDir, { recursive: true, force: true });
}
