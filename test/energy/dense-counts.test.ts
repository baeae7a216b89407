// The activity a DenseNetwork's hardware shows in its memory enables and
// valid signals (testbenches/energy) equals what the specification says the
// golden model's steps cost (ip/energy's DenseActivityTally): weight-memory
// reads per bank, synaptic operations, neuron updates, over runs with random
// idle gaps, repeated indices and a reset between two inferences.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { DenseNetwork, DenseNetworkModel, type DenseNetworkParams } from '../../ip/dense/index.ts';
import { activityDifferences, DenseActivityTally } from '../../ip/energy/index.ts';
import { spikerPlusLif } from '../../ip/neuron/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { ActivityCounter, denseNetworkProbes, memoryProbes, withActivityCounter } from '../../testbenches/energy/index.ts';
import type { Simulator } from '../../testbenches/simulator.ts';
import { Random } from '../hdl/random.ts';

function matrix(r: Random, rows: number, cols: number, lo: number, hi: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => r.int(lo, hi)));
}

const r = new Random(2024);
// Layer 0: 5-bit weights, 6 per 32-bit word: banks of 6 and 1 neurons (30 and 5 bits). Layer 1: one bank of 3 × 8 bits.
const params: DenseNetworkParams = {
  inputs: 9,
  layers: [
    { neurons: 7, weightWidth: 5, weights: matrix(r, 9, 7, -6, 15), neuron: spikerPlusLif({ width: 12, threshold: 25, reset: 'subtractive' }), neuronsPerWord: 0 },
    { neurons: 3, weightWidth: 8, weights: matrix(r, 7, 3, -20, 60), neuron: spikerPlusLif({ width: 12, threshold: 40 }), neuronsPerWord: 0 },
  ],
  countWidth: 4,
};

/** Streams the steps with random idle gaps; returns when the last step has left the network. */
function drive(sim: Simulator, steps: number[][], rng: Random): void {
  let done = 0;
  const tick = (): void => {
    sim.step(1);
    if (sim.peek('spikes_valid') === 1n) done++;
  };
  const send = (marker: boolean, index: number): void => {
    while (rng.next() < 0.3) {
      sim.poke('in_valid', 0);
      tick();
    }
    sim.poke('in_valid', 1);
    sim.poke('in_step', marker ? 1 : 0);
    sim.poke('in_index', index);
    while (sim.peek('in_ready') !== 1n) tick();
    tick();
  };
  for (const active of steps) {
    for (const i of active) send(false, i);
    send(true, 0);
  }
  sim.poke('in_valid', 0);
  for (let guard = 0; done < steps.length; guard++) {
    if (guard > 10_000) throw new Error('the network stopped');
    tick();
  }
  sim.step(3);
}

describe('DenseNetwork activity: hardware enables against the golden model', () => {
  const ir = elaborate(DenseNetwork, params);

  it('finds every weight memory with its read enable in the IR', () => {
    const mems = memoryProbes(ir);
    expect(mems.map((m) => [m.name, m.depth, m.width, m.reads, m.writes])).toEqual([
      ['layer0.weights_0', 9, 30, ['layer0.take_index'], []],
      ['layer0.weights_1', 9, 5, ['layer0.take_index'], []],
      ['layer1.weights_0', 7, 24, ['layer1.take_index'], []],
    ]);
  });

  it('counts the same reads, synaptic operations and neuron updates as the golden model', () => {
    const counter = new ActivityCounter(denseNetworkProbes(ir));
    const sim = withActivityCounter(createBuiltinSimulator(ir), counter);
    const golden = new DenseNetworkModel(params);
    const tally = new DenseActivityTally(params);
    const rng = new Random(5);
    try {
      for (let image = 0; image < 2; image++) {
        // Step lengths 0..8, indices drawn with repeats (an index listed twice adds its row twice).
        const steps = Array.from({ length: 10 }, () => Array.from({ length: rng.int(0, 8) }, () => rng.int(0, params.inputs - 1)));
        sim.poke('in_valid', 0);
        sim.reset(1);
        golden.reset();
        drive(sim, steps, rng);
        counter.endInference();
        for (const a of steps) tally.step(a, golden.step(a));
        tally.endInference();
      }
    } finally {
      sim.close();
    }
    const hw = counter.counts();
    const gm = tally.counts;
    expect(activityDifferences(hw, gm, ['hardware', 'golden'])).toEqual([]);
    // The run exercised both layers (else equality would say little).
    expect(gm.memories.map((m) => m.reads).every((x) => x > 10)).toBe(true);
    expect(gm.neuronUpdates).toBe(2 * 10 * (7 + 3));
    expect(hw.cycles).toBeGreaterThan(0);
    expect(hw.inferences).toBe(2);
  });

  it('refuses a probe on a signal the design does not have', () => {
    const probes = denseNetworkProbes(ir);
    probes.synapticOps.push({ signal: 'layer0.no_such_signal', per: 1 });
    const sim = createBuiltinSimulator(ir);
    try {
      expect(() => withActivityCounter(sim, new ActivityCounter(probes))).toThrow(/no signal layer0\.no_such_signal/);
    } finally {
      sim.close();
    }
  });
});
