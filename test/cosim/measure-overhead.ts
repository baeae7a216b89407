// What the co-simulation harness costs on top of the bare simulation.
//
//   npx tsx test/cosim/measure-overhead.ts [cycles] [backends]
//
// Bare: `sim.run()` over a prebuilt stimulus (rows made before the clock
// starts). Harness: `cosim()` with the same stimulus as a generator function
// and the LIF golden model, observing every output; the time is the whole
// call minus simulator creation. Also shown: the model's and the stimulus
// function's own shares, which are the user's code, not the harness's.
import { elaborate } from '../../hdl/index.ts';
import { LifNeuron } from '../../examples/lif-neuron.ts';
import { LifModel, lifStimulus, params } from '../../examples/lif-neuron.tb.ts';
import { createSimulator, resolveBackends } from '../../testbenches/backends.ts';
import { cosim } from '../../testbenches/cosim/index.ts';
import { CACHE_DIR } from './helpers.ts';

const cycles = Number(process.argv[2] ?? 200_000);
const backends = resolveBackends(process.argv[3] ?? 'builtin,verilator');
const ir = elaborate(LifNeuron, params);
const stim = lifStimulus(1);
const rows = Array.from({ length: cycles }, (_, k) => {
  const s = stim(k);
  return [s.step, s.current];
});

function best<T>(n: number, f: () => T): { seconds: number; value: T } {
  let bestS = Infinity;
  let value!: T;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    value = f();
    bestS = Math.min(bestS, (performance.now() - t) / 1000);
  }
  return { seconds: bestS, value };
}

for (const backend of backends) {
  const bare = best(3, () => {
    const sim = createSimulator(ir, backend, { cacheDir: CACHE_DIR });
    sim.reset(1);
    const t = performance.now();
    sim.run({ inputs: ['step', 'current'], cycles: rows, observe: ['spike', 'membrane'] });
    const s = (performance.now() - t) / 1000;
    sim.close();
    return s;
  }).value;
  const harness = best(3, () => {
    const r = cosim({ design: ir, model: new LifModel(params), stimulus: lifStimulus(1), cycles, backends: [backend], randReset: false, cacheDir: CACHE_DIR });
    return { total: r.seconds - r.backends[0]!.createSeconds, sim: r.backends[0]!.seconds, model: r.modelSeconds, stimulus: r.stimulusSeconds };
  }).value;
  // The user's stimulus function alone (the rest of `stimulus` is the harness reading its records).
  const userStim = best(3, () => {
    const f = lifStimulus(1);
    const t = performance.now();
    for (let k = 0; k < cycles; k++) f(k);
    return (performance.now() - t) / 1000;
  }).value;
  const harnessOnly = harness.total - harness.model - userStim;
  console.log(
    `${backend.padEnd(9)} ${cycles} cycles: bare run ${(bare * 1e3).toFixed(0)} ms; cosim ${(harness.total * 1e3).toFixed(0)} ms ` +
      `(${(harness.total / bare).toFixed(2)}x; of which simulator ${(harness.sim * 1e3).toFixed(0)} ms, model ${(harness.model * 1e3).toFixed(0)} ms, ` +
      `stimulus ${(harness.stimulus * 1e3).toFixed(0)} ms, of which the user's function ${(userStim * 1e3).toFixed(0)} ms); ` +
      `without the user's model and stimulus ${(harnessOnly / bare).toFixed(2)}x`,
  );
}
