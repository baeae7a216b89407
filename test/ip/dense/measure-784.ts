// Measures a 784 -> 128 -> 10 dense network on the built-in simulator: cycles
// per time step at 5 % and 20 % input activity (one step at a time from idle,
// and steps streamed back to back), checked against the golden model, and
// the simulator's speed in cycles per second. Not a test (it takes a while):
//   npx tsx test/ip/dense/measure-784.ts [steps] [hidden threshold]
import { elaborate } from '../../../hdl/index.ts';
import { DenseNetwork, DenseNetworkModel, denseStepLatency, type DenseNetworkParams } from '../../../ip/dense/index.ts';
import { spikerPlusLif } from '../../../ip/neuron/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { Random } from '../../hdl/random.ts';
import { randomActive } from './harness.ts';

const steps = Number(process.argv[2] ?? 50);
const HIDDEN_THRESHOLD = Number(process.argv[3] ?? 1200);
const r = new Random(2024);
// Uniform signed 8-bit weights (an untrained network: only activity and timing matter here).
const weights = (n: number, m: number): number[][] => Array.from({ length: n }, () => Array.from({ length: m }, () => r.int(-128, 127)));
const p: DenseNetworkParams = {
  inputs: 784,
  countWidth: 8,
  layers: [
    { neurons: 128, weightWidth: 8, weights: weights(784, 128), neuron: spikerPlusLif({ width: 16, threshold: HIDDEN_THRESHOLD, shift: 4 }), neuronsPerWord: 0 },
    { neurons: 10, weightWidth: 8, weights: weights(128, 10), neuron: spikerPlusLif({ width: 16, threshold: 300, shift: 4 }), neuronsPerWord: 0 },
  ],
};

let t = performance.now();
const ir = elaborate(DenseNetwork, p);
const elabMs = performance.now() - t;
t = performance.now();
const sim = createBuiltinSimulator(ir);
const compileMs = performance.now() - t;
console.log(`elaborate ${elabMs.toFixed(0)} ms, compile ${compileMs.toFixed(0)} ms, cells ${ir.modules.reduce((n, m) => n + m.cells.length, 0)}`);

function send(index: number | null): void {
  sim.poke('in_valid', 1);
  sim.poke('in_step', index === null ? 1 : 0);
  sim.poke('in_index', index ?? 0);
  while (sim.peek('in_ready') !== 1n) sim.step(1);
  sim.step(1);
  sim.poke('in_valid', 0);
}

// Warm-up: the generated code is optimised by V8 after a few thousand cycles.
for (let i = 0; i < 3000; i++) send(i % 784);

for (const rate of [0.05, 0.2]) {
  const inputs = Array.from({ length: steps }, () => randomActive(r, 784, rate));
  for (const mode of ['one step at a time', 'streamed'] as const) {
    sim.reset(1);
    const g = new DenseNetworkModel(p);
    let events = 0;
    let hidden = 0;
    let latency = 0;
    let latencyOk = 0;
    let outputs = 0;
    let mismatches = 0;
    let busy = 0; // cycles spent inside steps (excludes the idle gaps left between single steps)
    const c0 = sim.cycle;
    const w0 = performance.now();
    for (const active of inputs) {
      const want = g.step(active);
      const k0 = want.layers[0]!.spikes.filter(Boolean).length;
      events += active.length;
      hidden += k0;
      outputs += want.spikes.filter(Boolean).length;
      const s0 = sim.cycle;
      for (const i of active) send(i);
      send(null);
      if (mode === 'one step at a time') {
        while (sim.peek('spikes_valid') !== 1n) sim.step(1);
        latency += sim.cycle - s0;
        if (sim.cycle - s0 === denseStepLatency(active.length, [k0])) latencyOk++;
        const vec = sim.peek('spikes');
        if (want.spikes.some((s, j) => s !== (((vec >> BigInt(j)) & 1n) === 1n))) mismatches++;
        busy += sim.cycle - s0;
        sim.step(12); // the last layer finishes emitting: the next step starts from idle
      } else busy += sim.cycle - s0;
    }
    // Drain the pipeline (streamed mode: the last step is still in layer 1).
    for (let i = 0; i < 400; i++) sim.step(1);
    const cycles = sim.cycle - c0;
    const ms = performance.now() - w0;
    const counts = g.counts.every((c, j) => BigInt(c) === sim.peek(`count_${j}`));
    console.log(
      `${(rate * 100).toFixed(0)}% input, ${mode}: ` +
        (mode === 'one step at a time'
          ? `latency ${(latency / steps).toFixed(1)} cycles/step (formula held ${latencyOk}/${steps}, spike mismatches ${mismatches})`
          : `${(busy / steps).toFixed(1)} cycles/step between input markers`) +
        ` (inputs ${(events / steps).toFixed(1)}, hidden spikes ${(hidden / steps).toFixed(1)}, output spikes ${(outputs / steps).toFixed(2)} per step)` +
        `, counters ${counts ? 'match' : 'DIFFER'}, ${((cycles / ms) * 1000).toFixed(0)} cycles/s with the testbench`,
    );
  }
}

sim.reset(1);
sim.poke('in_valid', 1);
sim.poke('in_step', 0);
sim.poke('in_index', 17);
for (let k = 0; k < 3; k++) {
  const w = performance.now();
  sim.step(20000);
  console.log(`free-running step(20000): ${((20000 / (performance.now() - w)) * 1000).toFixed(0)} cycles/s`);
}
sim.close();
