// The hardware core against the golden CoreModel on the built-in simulator:
// random event/tick streams, compared per transaction (the output AER
// addresses in order) and by the final neuron states read from the state
// memories, over lane counts, weight widths, sign modes and neuron presets.
// Random out_ready and small spike FIFOs put the core under back-pressure:
// every spike must still arrive, in order.
import { describe, expect, it } from 'vitest';
import { CoreModel, type CoreParams } from '../../../ip/core/index.ts';
import { defaultNeuronSpec, loihiCubaLif, lsnnAlif, odinLif, snnTorchLeaky, tinyOdinLif, type NeuronSpec } from '../../../ip/neuron/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { driveCore, driveIsolated, elaborateCore, firstMismatch, goldenSpikes, hardwareStates, floatStream, randomTransactions, randomWeights, showState } from './harness.ts';

/** 16-bit LIF, beta = 7/8 (floor), fires at v >= 300, reset subtracts the threshold. */
const lifSubtract: NeuronSpec = {
  ...defaultNeuronSpec,
  width: 16,
  inputWidth: 12,
  leak: { kind: 'shift', shift: 3, rounding: 'floor' },
  threshold: 300,
  reset: { kind: 'subtract', overflow: 'saturate' },
};

interface Config {
  name: string;
  params: CoreParams;
  transactions: number;
  tickProb: number;
  readyProb: number;
  /** Largest axon address sent (may pass the array when axons is not a power of two). */
  axonMax?: number;
  /** The run must see at least this many spikes, so the comparison is not vacuous. */
  minSpikes: number;
}

function config(name: string, seed: number, p: Omit<CoreParams, 'weights' | 'inhibitory' | 'wordWidth'> & { wordWidth?: number; inhibitoryShare?: number }, run: Omit<Config, 'name' | 'params'>): Config {
  const rng = floatStream(seed);
  const weights = randomWeights(rng, p.axons, p.neurons, p.weightWidth, p.signMode);
  const inhibitory = p.signMode === 'magnitude' ? Array.from({ length: p.axons }, () => (rng() < (p.inhibitoryShare ?? 0.3) ? 1 : 0)) : [];
  const { inhibitoryShare: _, ...rest } = p;
  return { name, params: { wordWidth: 32, ...rest, weights, inhibitory }, ...run };
}

const configs: Config[] = [
  config(
    'N=16 A=16 L=1, 4-bit signed weights, tinyODIN',
    1,
    { neurons: 16, axons: 16, lanes: 1, weightWidth: 4, signMode: 'signed', neuron: tinyOdinLif({ threshold: 12, leakStrength: 2 }), outputFifoDepth: 4 },
    { transactions: 400, tickProb: 0.15, readyProb: 0.5, minSpikes: 50 },
  ),
  config(
    'N=64 A=32 L=4, 8-bit signed weights, LIF with subtract reset (step mode)',
    2,
    { neurons: 64, axons: 32, lanes: 4, weightWidth: 8, signMode: 'signed', neuron: lifSubtract, outputFifoDepth: 4 },
    { transactions: 400, tickProb: 0.1, readyProb: 0.5, minSpikes: 100 },
  ),
  config(
    'N=64 A=32 L=4, 1-bit weights with inhibitory axons, ODIN, 2-entry FIFO',
    3,
    { neurons: 64, axons: 32, lanes: 4, weightWidth: 1, signMode: 'magnitude', neuron: odinLif({ threshold: 3, leakStrength: 1 }), outputFifoDepth: 2, inhibitoryShare: 0.25 },
    { transactions: 300, tickProb: 0.1, readyProb: 0.3, minSpikes: 300 },
  ),
  config(
    'N=16 A=12 L=2, 4-bit signed, snnTorch (reset in the next step), axons past the array',
    4,
    { neurons: 16, axons: 12, lanes: 2, weightWidth: 4, signMode: 'signed', neuron: snnTorchLeaky({ width: 10, inputWidth: 8, threshold: 20, beta: { shift: 2 } }), outputFifoDepth: 4 },
    { transactions: 400, tickProb: 0.2, readyProb: 0.6, axonMax: 15, minSpikes: 50 },
  ),
  config(
    'N=4 A=8 L=4: one neuron per lane, every pass reads the word just written (forwarding)',
    5,
    { neurons: 4, axons: 8, lanes: 4, weightWidth: 4, signMode: 'signed', neuron: tinyOdinLif({ threshold: 6, leakStrength: 1 }), outputFifoDepth: 2 },
    { transactions: 500, tickProb: 0.1, readyProb: 0.7, minSpikes: 50 },
  ),
  config(
    'N=24 A=10 L=3, 3-bit weights in 16-bit words, adaptive LIF with refractory period',
    6,
    { neurons: 24, axons: 10, lanes: 3, weightWidth: 3, signMode: 'signed', wordWidth: 16, neuron: lsnnAlif({ width: 12, threshold: 8, increment: 4, leakShift: 3, refractory: 1 }), outputFifoDepth: 8 },
    { transactions: 400, tickProb: 0.3, readyProb: 0.5, minSpikes: 20 },
  ),
  config(
    'N=8 A=8 L=2, 8-bit weights, Loihi CUBA-LIF',
    7,
    { neurons: 8, axons: 8, lanes: 2, weightWidth: 8, signMode: 'signed', neuron: loihiCubaLif({ vth: 4, du: 800, dv: 600 }), outputFifoDepth: 4 },
    { transactions: 300, tickProb: 0.25, readyProb: 0.5, minSpikes: 20 },
  ),
];

describe('NeurosynapticCore against CoreModel, streamed with back-pressure', () => {
  for (const c of configs) {
    it(c.name, () => {
      const p = c.params;
      const rng = floatStream(p.neurons * 7 + p.axons);
      const txs = randomTransactions(rng, c.transactions, (c.axonMax ?? p.axons - 1) + 1, c.tickProb);
      const model = new CoreModel(p);
      const golden = goldenSpikes(model, txs);
      const sim = createBuiltinSimulator(elaborateCore(p));
      try {
        sim.reset(1);
        const r = driveCore(sim, txs, { readyProb: c.readyProb, rng: floatStream(99), watchIssue: true });
        expect(golden.flat().length).toBeGreaterThanOrEqual(c.minSpikes);
        expect(firstMismatch(golden, r.spikes)).toBeNull();
        expect(r.refused).toBeGreaterThan(0); // the receiver did push back
        const hw = hardwareStates(sim, p).map(showState);
        const want = Array.from({ length: p.neurons }, (_, n) => showState(model.state(n)));
        expect(hw).toEqual(want);
      } finally {
        sim.close();
      }
    });
  }

  it('stalls the issue stage when the spike FIFO fills, and loses nothing', () => {
    const c = configs[2]!; // ODIN, 2-entry FIFO, ready 30 %
    const p = c.params;
    const txs = randomTransactions(floatStream(5), 200, p.axons, 0.1);
    const golden = goldenSpikes(new CoreModel(p), txs);
    const sim = createBuiltinSimulator(elaborateCore(p));
    try {
      sim.reset(1);
      const r = driveCore(sim, txs, { readyProb: 0.3, rng: floatStream(6), watchIssue: true });
      expect(r.issueStalls).toBeGreaterThan(100);
      expect(r.spikes.length).toBe(golden.flat().length);
      expect(firstMismatch(golden, r.spikes)).toBeNull();
    } finally {
      sim.close();
    }
  });
});

describe('NeurosynapticCore against CoreModel, one transaction at a time', () => {
  for (const c of [configs[0]!, configs[1]!, configs[4]!]) {
    it(c.name, () => {
      const p = c.params;
      const txs = randomTransactions(floatStream(p.neurons + 3), 120, p.axons, c.tickProb);
      const golden = goldenSpikes(new CoreModel(p), txs);
      const sim = createBuiltinSimulator(elaborateCore(p));
      try {
        sim.reset(1);
        const hw = driveIsolated(sim, txs, { readyProb: c.readyProb, validProb: 0.5, rng: floatStream(8) });
        expect(golden.flat().length).toBeGreaterThan(10);
        expect(hw).toEqual(golden);
      } finally {
        sim.close();
      }
    });
  }
});

describe('NeurosynapticCore against CoreModel, edge sizes', () => {
  const cases: [string, Partial<CoreParams>][] = [
    ['one neuron, one axon', { neurons: 1, axons: 1, lanes: 1 }],
    // The state word is written back two cycles after its read: M <= 2 forwards, M = 3 relies on the
    // RAM alone. An 8-entry FIFO keeps the passes back to back while spikes wait for the receiver.
    ['two neurons in one lane (M = 2: forwarding from the written word)', { neurons: 2, axons: 1, lanes: 1, outputFifoDepth: 8 }],
    ['two lanes of two neurons (M = 2)', { neurons: 4, axons: 2, lanes: 2, outputFifoDepth: 8 }],
    ['three neurons in one lane (M = 3: no forwarding logic)', { neurons: 3, axons: 1, lanes: 1, outputFifoDepth: 8 }],
    ['one neuron, one axon, passes back to back (M = 1: forwarding from stage 2)', { neurons: 1, axons: 1, lanes: 1, outputFifoDepth: 8, neuron: tinyOdinLif({ threshold: 20, leakStrength: 1 }) }],
    ['one weight per 4-bit word, two lanes of one neuron', { neurons: 2, axons: 1, lanes: 2, wordWidth: 4 }],
    ['1-bit magnitudes in 64-bit words (a lane row is less than a word)', { neurons: 6, axons: 5, lanes: 2, weightWidth: 1, wordWidth: 64, signMode: 'magnitude' }],
    ['8-bit weights, one per 8-bit word, step mode', { neurons: 12, axons: 3, lanes: 1, weightWidth: 8, wordWidth: 8, neuron: { ...defaultNeuronSpec, width: 12, inputWidth: 10, threshold: 200 } }],
  ];
  for (const [name, c] of cases) {
    it(name, () => {
      const rng = floatStream(4);
      const base = { neurons: 1, axons: 1, lanes: 1, weightWidth: 4, wordWidth: 32, signMode: 'signed' as const, neuron: tinyOdinLif({ threshold: 3, leakStrength: 1 }), outputFifoDepth: 2, ...c };
      const inhibitory = base.signMode === 'magnitude' ? Array.from({ length: base.axons }, (_, i) => i % 2) : [];
      const p: CoreParams = { ...base, inhibitory, weights: randomWeights(rng, base.axons, base.neurons, base.weightWidth, base.signMode) };
      const txs = randomTransactions(rng, 200, 1 << Math.max(1, Math.ceil(Math.log2(p.axons))), 0.2);
      const model = new CoreModel(p);
      const golden = goldenSpikes(model, txs);
      const sim = createBuiltinSimulator(elaborateCore(p));
      try {
        sim.reset(1);
        const r = driveCore(sim, txs, { readyProb: 0.5, rng });
        expect(golden.flat().length).toBeGreaterThan(5);
        expect(firstMismatch(golden, r.spikes)).toBeNull();
        expect(hardwareStates(sim, p).map(showState)).toEqual(Array.from({ length: p.neurons }, (_, n) => showState(model.state(n))));
      } finally {
        sim.close();
      }
    });
  }
});
