// The dense layer and network on the built-in simulator against their golden
// models: spikes, membranes (and currents, thresholds) after every time step,
// the output stream's order, and the cycle counts of docs/ip/dense.md.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import {
  DenseLayer,
  DenseLayerModel,
  DenseNetwork,
  DenseNetworkModel,
  denseStepLatency,
  networkLayer,
  type DenseLayerParams,
  type DenseNetworkParams,
} from '../../../ip/dense/index.ts';
import { lsnnAlif, loihiCubaLif, odinLif, rancNeuron, reckonLif, snnTorchLeaky, spikerPlusLif, tinyOdinLif, type NeuronSpec } from '../../../ip/neuron/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { Random } from '../../hdl/random.ts';
import { driveDense, randomActive, randomWeights, streamSteps, type ObservedStep, type StepStimulus } from './harness.ts';

interface LayerCase {
  name: string;
  inputs: number;
  neurons: number;
  weightWidth: number;
  neuron: NeuronSpec;
  neuronsPerWord?: number;
  /** Steps may carry the time reference (specs that leak on it). */
  timeRefs?: boolean;
  /** Steps may list an input more than once (it then adds its row again). */
  repeats?: boolean;
}

const cases: LayerCase[] = [
  { name: '1x1, 4-bit weights, RANC (wrapping), repeated inputs', inputs: 1, neurons: 1, weightWidth: 4, neuron: rancNeuron({ threshold: 5 }), repeats: true },
  { name: '5x3, 2-bit weights, snnTorch Leaky', inputs: 5, neurons: 3, weightWidth: 2, neuron: snnTorchLeaky({ width: 8, threshold: 2 }) },
  { name: '20x6, 6-bit weights, Spiker+ LIF', inputs: 20, neurons: 6, weightWidth: 6, neuron: spikerPlusLif({ width: 12, threshold: 60, shift: 3 }) },
  { name: '33x17, 8-bit weights, ReckOn (input saturates to 8 bits)', inputs: 33, neurons: 17, weightWidth: 8, neuron: reckonLif({ threshold: 800 }) },
  { name: '12x9, 12-bit weights, Loihi CUBA-LIF', inputs: 12, neurons: 9, weightWidth: 12, neuron: loihiCubaLif({ vth: 150 }) },
  { name: '16x5, 3-bit weights, tinyODIN with time references', inputs: 16, neurons: 5, weightWidth: 3, neuron: tinyOdinLif({ threshold: 12, leakStrength: 3 }), timeRefs: true },
  { name: '10x4, 4-bit weights, ODIN (unsigned membrane)', inputs: 10, neurons: 4, weightWidth: 4, neuron: odinLif({ threshold: 15 }), timeRefs: true },
  { name: '24x7, 7-bit weights, LSNN ALIF, 3 neurons per word', inputs: 24, neurons: 7, weightWidth: 7, neuron: lsnnAlif({ threshold: 100 }), neuronsPerWord: 3 },
  { name: '9x40, 1-bit weights, Spiker+ (40 neurons, 32 per word)', inputs: 9, neurons: 40, weightWidth: 1, neuron: spikerPlusLif({ width: 8, threshold: -3, shift: 2 }) },
];

function stimuliFor(r: Random, c: LayerCase, steps: number): StepStimulus[] {
  return Array.from({ length: steps }, () => {
    let active = randomActive(r, c.inputs, r.pick([0.1, 0.3, 0.6]));
    if (c.repeats) active = active.concat(Array.from({ length: r.int(0, 12) }, () => r.int(0, c.inputs - 1)));
    return { active, timeRef: c.timeRefs === true && r.next() < 0.3 };
  });
}

function expectSteps(observed: ObservedStep[], want: ObservedStep[], what: string): void {
  expect(observed.length, what).toBe(want.length);
  want.forEach((w, t) => expect(observed[t], `${what}, step ${t}`).toEqual(w));
}

describe('DenseLayer hardware vs DenseLayerModel', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = new Random(c.inputs * 131 + c.neurons * 7 + c.weightWidth);
      const p: DenseLayerParams = {
        inputs: c.inputs,
        neurons: c.neurons,
        weightWidth: c.weightWidth,
        weights: randomWeights(r, c.inputs, c.neurons, c.weightWidth),
        neuron: c.neuron,
        neuronsPerWord: c.neuronsPerWord ?? 0,
      };
      const stimuli = stimuliFor(r, c, 40);
      const g = new DenseLayerModel(p);
      const want = stimuli.map((s) => {
        const x = g.step(s.active, { timeRef: s.timeRef });
        const o: ObservedStep = { spikes: x.spikes, v: x.v };
        if (x.u) o.u = x.u;
        if (x.thr) o.thr = x.thr;
        return o;
      });
      const sim = createBuiltinSimulator(elaborate(DenseLayer, p));
      sim.reset(1);
      const run = driveDense(sim, stimuli, { rng: r, gapRate: 0.2, outReadyRate: 0.6, layers: [{ prefix: '', neurons: c.neurons, spec: c.neuron }] });
      sim.close();
      expectSteps(run.observed[0]!, want, c.name);
      // The output stream: each step's fired neurons in ascending order, then the marker.
      const steps = streamSteps(run.stream);
      expect(steps).toEqual(want.map((w, t) => ({ indices: w.spikes.flatMap((s, j) => (s ? [j] : [])), timeRef: stimuli[t]!.timeRef === true })));
      // Not a vacuous comparison: some neurons fired, some did not.
      const fired = want.reduce((n, w) => n + w.spikes.filter(Boolean).length, 0);
      expect(fired).toBeGreaterThan(0);
      expect(fired).toBeLessThan(want.length * c.neurons);
    });
  }
});

describe('DenseLayer cycle counts', () => {
  it('an idle layer takes E + 2 cycles from the first index to spikes_valid, and emits k spikes in k + 1 more', () => {
    const r = new Random(3);
    const p: DenseLayerParams = { inputs: 30, neurons: 8, weightWidth: 6, weights: randomWeights(r, 30, 8, 6), neuron: spikerPlusLif({ width: 10, threshold: 40 }), neuronsPerWord: 0 };
    const g = new DenseLayerModel(p);
    const sim = createBuiltinSimulator(elaborate(DenseLayer, p));
    sim.reset(1);
    sim.poke('out_ready', 1);
    let checked = 0;
    for (let t = 0; t < 12; t++) {
      const active = randomActive(r, 30, 0.4);
      const k = g.step(active).spikes.filter(Boolean).length;
      const s0 = sim.cycle;
      for (const i of active) {
        sim.poke('in_valid', 1);
        sim.poke('in_step', 0);
        sim.poke('in_index', i);
        sim.step(1);
      }
      sim.poke('in_step', 1);
      expect(sim.peek('in_ready')).toBe(1n);
      sim.step(1);
      sim.poke('in_valid', 0);
      while (sim.peek('spikes_valid') !== 1n) sim.step(1);
      expect(sim.cycle - s0).toBe(denseStepLatency(active.length, []));
      // From spikes_valid: k indices on consecutive cycles, then the marker.
      let items = 0;
      while (!(sim.peek('out_valid') === 1n && sim.peek('out_step') === 1n)) {
        expect(sim.peek('out_valid')).toBe(1n);
        items++;
        sim.step(1);
      }
      expect(items).toBe(k);
      sim.step(1);
      expect(sim.peek('out_valid')).toBe(0n);
      checked += k;
    }
    expect(checked).toBeGreaterThan(0);
    sim.close();
  });
});

function networkCase(seed: number, sizes: number[], widths: number[], neurons: NeuronSpec[], countWidth: number): DenseNetworkParams {
  const r = new Random(seed);
  return {
    inputs: sizes[0]!,
    countWidth,
    layers: sizes.slice(1).map((m, k) => ({ neurons: m, weightWidth: widths[k]!, weights: randomWeights(r, sizes[k]!, m, widths[k]!), neuron: neurons[k]!, neuronsPerWord: 0 })),
  };
}

describe('DenseNetwork hardware vs DenseNetworkModel', () => {
  const nets: [string, DenseNetworkParams, boolean][] = [
    ['30-12-4, Spiker+ then snnTorch, driven back to back', networkCase(11, [30, 12, 4], [6, 5], [spikerPlusLif({ width: 12, threshold: 50 }), snnTorchLeaky({ width: 10, threshold: 20 })], 4), false],
    ['20-10-6-3, three layers, tinyODIN with time references', networkCase(12, [20, 10, 6, 3], [4, 4, 4], [tinyOdinLif({ threshold: 6, leakStrength: 2 }), tinyOdinLif({ threshold: 5, leakStrength: 1 }), tinyOdinLif({ threshold: 4, leakStrength: 1 })], 3), true],
  ];
  for (const [name, p, timeRefs] of nets) {
    it(name, () => {
      const r = new Random(name.length);
      const stimuli: StepStimulus[] = Array.from({ length: 40 }, () => ({ active: randomActive(r, p.inputs, r.pick([0.1, 0.3, 0.5])), timeRef: timeRefs && r.next() < 0.25 }));
      const g = new DenseNetworkModel(p);
      const want = stimuli.map((s) => g.step(s.active, { timeRef: s.timeRef }));
      const sim = createBuiltinSimulator(elaborate(DenseNetwork, p));
      sim.reset(1);
      const layers = p.layers.map((l, k) => ({ prefix: `layer${k}.`, neurons: l.neurons, spec: l.neuron }));
      const run = driveDense(sim, stimuli, { rng: r, gapRate: 0.1, layers });
      p.layers.forEach((_, k) => expectSteps(run.observed[k]!, want.map((w) => ({ spikes: w.layers[k]!.spikes, v: w.layers[k]!.v })), `${name}, layer ${k}`));
      const counts = g.counts;
      counts.forEach((c, j) => expect(Number(sim.peek(`count_${j}`)), `count_${j}`).toBe(c));
      expect(Number(sim.peek('winner'))).toBe(g.winner());
      // The counters saturated somewhere (small countWidth), so saturation was exercised.
      expect(counts.some((c) => c === 2 ** p.countWidth - 1)).toBe(true);
      const last = want.reduce((n, w) => n + w.spikes.filter(Boolean).length, 0);
      expect(last).toBeGreaterThan(0);
      sim.close();
    });
  }

  it('latency of one step through an idle network: E + 2 + sum over hidden layers of (spikes + 2)', () => {
    const p = networkCase(21, [40, 16, 8, 5], [6, 6, 6], [spikerPlusLif({ width: 12, threshold: 40 }), spikerPlusLif({ width: 12, threshold: 30 }), spikerPlusLif({ width: 12, threshold: 30 })], 8);
    const g = new DenseNetworkModel(p);
    const sim = createBuiltinSimulator(elaborate(DenseNetwork, p));
    sim.reset(1);
    const r = new Random(4);
    let hidden = 0;
    for (let t = 0; t < 10; t++) {
      const active = randomActive(r, p.inputs, 0.3);
      const w = g.step(active);
      const s0 = sim.cycle;
      for (const i of active) {
        sim.poke('in_valid', 1);
        sim.poke('in_step', 0);
        sim.poke('in_index', i);
        sim.step(1);
      }
      sim.poke('in_step', 1);
      sim.step(1);
      sim.poke('in_valid', 0);
      while (sim.peek('spikes_valid') !== 1n) sim.step(1);
      const spikes = w.layers.slice(0, -1).map((l) => l.spikes.filter(Boolean).length);
      hidden += spikes.reduce((a, b) => a + b, 0);
      expect(sim.cycle - s0).toBe(denseStepLatency(active.length, spikes));
      // Let the last layer finish emitting before the next step starts from idle.
      sim.step(p.layers[p.layers.length - 1]!.neurons + 2);
    }
    expect(hidden).toBeGreaterThan(0);
    sim.close();
  });

  it('networkLayer gives each layer the previous layer as its inputs', () => {
    const p = networkCase(5, [7, 4, 2], [3, 3], [snnTorchLeaky(), snnTorchLeaky()], 4);
    expect(networkLayer(p, 0).inputs).toBe(7);
    expect(networkLayer(p, 1).inputs).toBe(4);
  });
});
