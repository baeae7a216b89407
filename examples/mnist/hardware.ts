// Runs images through the DenseNetwork hardware of a converted network on a
// simulator back end: each time step's input indices go in one per cycle,
// then the step marker; the steps stream back to back (the network takes the
// next step's indices while its layers still update and emit). After the T-th
// `spikes_valid` the per-class counters and the arg-max are read.
import { elaborate } from '../../hdl/index.ts';
import { DenseNetwork } from '../../ip/dense/index.ts';
import { encodeImage, type MnistSet, type SpikingNetwork } from '../../ip/mnist/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import type { Simulator } from '../../testbenches/simulator.ts';

export interface HardwareImageResult {
  counts: number[];
  winner: number;
  /** Cycles from the first input item to the last step's spikes_valid. */
  cycles: number;
}

/** One image: reset, stream the steps, wait for the last step through every layer, read the counters. */
export function runImageOnHardware(sim: Simulator, snn: SpikingNetwork, steps: readonly ArrayLike<number>[]): HardwareImageResult {
  const classes = snn.network.layers[snn.network.layers.length - 1]!.neurons;
  sim.poke('in_valid', 0);
  sim.reset(1);
  const start = sim.cycle;
  let done = 0;
  const tick = (): void => {
    sim.step(1);
    if (sim.peek('spikes_valid') === 1n) done++;
  };
  const send = (marker: boolean, index: number): void => {
    sim.poke('in_valid', 1);
    sim.poke('in_step', marker ? 1 : 0);
    sim.poke('in_index', index);
    for (let guard = 0; sim.peek('in_ready') !== 1n; guard++) {
      if (guard > 1_000_000) throw new Error('in_ready never rose');
      tick();
    }
    tick();
  };
  for (const active of steps) {
    for (let s = 0; s < active.length; s++) send(false, active[s]!);
    send(true, 0);
  }
  sim.poke('in_valid', 0);
  for (let guard = 0; done < steps.length; guard++) {
    if (guard > 1_000_000) throw new Error(`only ${done} of ${steps.length} steps came out of the network`);
    tick();
  }
  const cycles = sim.cycle - start;
  // The counters take the last step's spikes at the edge after spikes_valid.
  sim.step(1);
  const counts = Array.from({ length: classes }, (_, j) => Number(sim.peek(`count_${j}`)));
  return { counts, winner: Number(sim.peek('winner')), cycles };
}

export interface HardwareEvaluation {
  count: number;
  correct: number;
  accuracy: number;
  results: HardwareImageResult[];
  /** Wall-clock milliseconds spent simulating (not elaborating). */
  simulateMs: number;
  elaborateMs: number;
}

/** The first `limit` images of the set on the built-in simulator (or the back end `makeSim` returns). */
export function evaluateOnHardware(
  snn: SpikingNetwork,
  set: MnistSet,
  opts: { limit?: number; makeSim?: (snn: SpikingNetwork) => Simulator; onImage?: (n: number, r: HardwareImageResult) => void } = {},
): HardwareEvaluation {
  const t0 = Date.now();
  const sim = opts.makeSim ? opts.makeSim(snn) : createBuiltinSimulator(elaborate(DenseNetwork, snn.network));
  const t1 = Date.now();
  const count = Math.min(opts.limit ?? set.count, set.count);
  const results: HardwareImageResult[] = [];
  let correct = 0;
  try {
    for (let n = 0; n < count; n++) {
      const steps = encodeImage(set.images.subarray(n * set.features, (n + 1) * set.features), set.ids[n]!, snn.steps, snn.coding);
      const r = runImageOnHardware(sim, snn, steps);
      results.push(r);
      if (r.winner === set.labels[n]) correct++;
      opts.onImage?.(n, r);
    }
  } finally {
    sim.close();
  }
  return { count, correct, accuracy: correct / count, results, simulateMs: Date.now() - t1, elaborateMs: t1 - t0 };
}
