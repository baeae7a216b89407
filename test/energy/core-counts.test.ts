// The neurosynaptic core's activity from its memory enables and stage-1
// valid signals (testbenches/energy) equals what the specification says the
// golden model's transactions cost (ip/energy's CoreActivityTally): state and
// weight words, axon signs, FIFO pushes, synaptic operations and neuron
// updates; in event mode (tinyODIN) and step mode, with several lanes and
// random output back-pressure.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { CoreModel, coreGeometry, defaultCoreParams, NeurosynapticCore, type CoreParams, type CoreTransaction } from '../../ip/core/index.ts';
import { activityDifferences, CoreActivityTally } from '../../ip/energy/index.ts';
import { spikerPlusLif, tinyOdinLif } from '../../ip/neuron/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { ActivityCounter, coreProbes, withActivityCounter } from '../../testbenches/energy/index.ts';
import type { Simulator } from '../../testbenches/simulator.ts';
import { Random } from '../hdl/random.ts';

function drive(sim: Simulator, txs: readonly CoreTransaction[], rng: Random): void {
  const cycle = (): void => {
    sim.poke('out_ready', rng.next() < 0.5 ? 1 : 0);
    sim.step(1);
  };
  for (const t of txs) {
    sim.poke('in_valid', 1);
    sim.poke('in_tick', t.kind === 'tick' ? 1 : 0);
    sim.poke('in_axon', t.kind === 'event' ? t.axon : 0);
    for (let guard = 0; sim.peek('in_ready') !== 1n; guard++) {
      if (guard > 10_000) throw new Error('in_ready never rose');
      cycle();
    }
    cycle();
  }
  sim.poke('in_valid', 0);
  for (let guard = 0; sim.peek('busy') === 1n; guard++) {
    if (guard > 10_000) throw new Error('busy never fell');
    cycle();
  }
  sim.step(2);
}

function check(p: CoreParams, seed: number): { hw: ReturnType<ActivityCounter['counts']>; gm: CoreActivityTally['counts'] } {
  const ir = elaborate(NeurosynapticCore, p);
  const counter = new ActivityCounter(coreProbes(ir, coreGeometry(p).mode));
  const sim = withActivityCounter(createBuiltinSimulator(ir), counter);
  const rng = new Random(seed);
  const txs: CoreTransaction[] = Array.from({ length: 40 }, () => (rng.next() < 0.25 ? { kind: 'tick' } : { kind: 'event', axon: rng.int(0, p.axons - 1) }));
  try {
    sim.poke('in_valid', 0);
    sim.reset(1);
    drive(sim, txs, rng);
  } finally {
    sim.close();
  }
  const model = new CoreModel(p);
  const tally = new CoreActivityTally(p);
  for (const t of txs) {
    const spikes = model.apply(t);
    if (t.kind === 'tick') tally.tick(spikes);
    else tally.event(spikes);
  }
  return { hw: counter.counts(), gm: tally.counts };
}

describe('NeurosynapticCore activity: hardware enables against the golden model', () => {
  it('event mode (tinyODIN), 2 lanes, magnitude weights with signs', () => {
    const r = new Random(3);
    const p: CoreParams = {
      ...defaultCoreParams,
      neurons: 8,
      axons: 6,
      lanes: 2,
      weightWidth: 3,
      signMode: 'magnitude',
      weights: Array.from({ length: 6 }, () => Array.from({ length: 8 }, () => r.int(0, 7))),
      inhibitory: [0, 1, 0, 0, 1, 0],
      neuron: tinyOdinLif({ threshold: 9 }),
      outputFifoDepth: 4,
    };
    const { hw, gm } = check(p, 17);
    expect(activityDifferences(hw, gm, ['hardware', 'golden'])).toEqual([]);
    expect(gm.memories.find((m) => m.name === 'spike_fifo')!.writes).toBeGreaterThan(3);
    expect(gm.memories.find((m) => m.name === 'axon_sign')!.reads).toBeGreaterThan(0);
  });

  it('step mode (Spiker+ LIF), 4 lanes, signed weights', () => {
    const r = new Random(4);
    const p: CoreParams = {
      ...defaultCoreParams,
      neurons: 8,
      axons: 5,
      lanes: 4,
      weightWidth: 4,
      signMode: 'signed',
      weights: Array.from({ length: 5 }, () => Array.from({ length: 8 }, () => r.int(-3, 7))),
      inhibitory: [],
      neuron: spikerPlusLif({ width: 10, inputWidth: 8, threshold: 12 }),
      outputFifoDepth: 4,
    };
    const { hw, gm } = check(p, 23);
    expect(activityDifferences(hw, gm, ['hardware', 'golden'])).toEqual([]);
    expect(gm.memories.find((m) => m.name === 'spike_fifo')!.writes).toBeGreaterThan(0);
    expect(gm.neuronUpdates).toBeGreaterThan(0);
  });
});
