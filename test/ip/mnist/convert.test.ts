// Conversion on a network small enough to follow by hand (quantisation,
// threshold balancing, widths), a spiking run of it worked out step by step,
// the input codings, and the fast simulator against ip/dense's golden model.
import { describe, expect, it } from 'vitest';
import { DenseNetworkModel, type DenseNetworkParams } from '../../../ip/dense/index.ts';
import {
  convertNetwork,
  encodeImage,
  FastDenseNetwork,
  fastSimulatorLimits,
  percentileOf,
  quantizeWeights,
  signedBitsFor,
  type FloatNetwork,
} from '../../../ip/mnist/index.ts';
import type { NeuronSpec } from '../../../ip/neuron/index.ts';
import { Random } from '../../hdl/random.ts';

// 3 inputs -> 2 -> 2, weights[i][j] (input i to neuron j).
const tinyNet: FloatNetwork = {
  sizes: [3, 2, 2],
  weights: [Float32Array.from([0.5, -0.25, 1.0, 0.5, -0.75, 0.25]), Float32Array.from([1.0, -0.5, 0.25, 2.0])],
};
// Rate coding: the calibration rates are the pixel values themselves.
const calib = { count: 2, features: 3, images: Float32Array.from([1, 0.5, 0, 0, 1, 1]) };

describe('conversion by hand', () => {
  it('quantises each layer symmetrically to its largest magnitude', () => {
    // 4 bits: top = 7. Layer 0: scale 1/7; layer 1: scale 2/7.
    expect(Array.from(quantizeWeights(tinyNet.weights[0]!, 4).q)).toEqual([4, -2, 7, 4, -5, 2]);
    expect(quantizeWeights(tinyNet.weights[0]!, 4).scale).toBeCloseTo(1 / 7, 7);
    expect(Array.from(quantizeWeights(tinyNet.weights[1]!, 4).q)).toEqual([4, -2, 1, 7]);
  });

  it('balances thresholds on the activations, sets the widths, and builds DenseNetworkParams', () => {
    const snn = convertNetwork(tinyNet, calib, { weightBits: 4, steps: 4, percentile: 100, coding: { kind: 'rate', seed: 1 } });
    // Layer 0 activations: image A = [1, .5, 0] -> [4 + 3.5, -2 + 2] = [7.5, 0]; B = [0, 1, 1] -> [7 - 5, 4 + 2] = [2, 6].
    // Largest positive: 7.5 -> threshold round(7.5) = 8. Rates: A [0.9375, 0], B [0.25, 0.75].
    // Layer 1: A [3.75, -1.875], B [0.25*4 + 0.75*1, 0.25*-2 + 0.75*7] = [1.75, 4.75] -> threshold round(4.75) = 5.
    expect(snn.conversion.activations).toEqual([7.5, 4.75]);
    expect(snn.conversion.thresholds).toEqual([8, 5]);
    const [l0, l1] = snn.network.layers;
    expect(l0!.weights).toEqual([
      [4, -2],
      [7, 4],
      [-5, 2],
    ]);
    expect(l1!.weights).toEqual([
      [4, -2],
      [1, 7],
    ]);
    // Layer 0 column sums: positive 11 / 6, negative -5 / -2: the input spans -5..11 -> 5 bits;
    // membrane: up to 8 - 1 + 11 = 18, down to 4 steps x -5 = -20 -> 6 bits.
    expect(l0!.neuron).toMatchObject({ kind: 'if', threshold: 8, compare: '>=', inputWidth: 5, width: 6, reset: { kind: 'subtract', overflow: 'saturate' }, leak: { kind: 'none' } });
    // Layer 1: positive 5 / 7, negative 0 / -2: input -2..7 -> 4 bits; membrane 5 - 1 + 7 = 11 .. 4 x -2 = -8 -> 5 bits.
    expect(l1!.neuron).toMatchObject({ threshold: 5, inputWidth: 4, width: 5 });
    expect(l0!.weightWidth).toBe(4);
    expect(snn.network.inputs).toBe(3);
    expect(snn.network.countWidth).toBe(3); // counts 0..4
    expect(snn.steps).toBe(4);
  });

  it('takes the percentile by nearest rank, the threshold scales and a floor', () => {
    expect(percentileOf(Float64Array.from([6, 2, 7.5]), 50)).toBe(6);
    expect(percentileOf(Float64Array.from([1, 2, 3, 4]), 75)).toBe(3);
    const snn = convertNetwork(tinyNet, calib, { weightBits: 4, steps: 4, percentile: 50, thresholdScale: [1, 2], floor: -1, coding: { kind: 'rate', seed: 1 } });
    // Layer 0 positives sorted [2, 6, 7.5]: rank ceil(1.5) = 2 -> 6. Rates A [1, 0], B [1/3, 1].
    // Layer 1: A [4, -2], B [4/3 + 1, -2/3 + 7] = [2.333.., 6.333..]; sorted [2.33, 4, 6.33] -> 4, times 2 -> 8.
    expect(snn.conversion.thresholds).toEqual([6, 8]);
    // Floor at -1 threshold: clamp at -6; the membrane spans -6 - 5 = -11 .. 6 - 1 + 11 = 16 -> 6 bits.
    expect(snn.network.layers[0]!.neuron.floor).toEqual({ bound: -6, action: 'clamp' });
    expect(snn.network.layers[0]!.neuron.width).toBe(6);
  });

  it('runs the converted network as worked out by hand, on both simulators', () => {
    const snn = convertNetwork(tinyNet, calib, { weightBits: 4, steps: 4, percentile: 100, coding: { kind: 'rate', seed: 1 } });
    const steps = [[0, 1], [1, 2], [0, 1, 2], []];
    // Layer 0 (threshold 8): step 0: v = [11, 2] -> n0 fires, v = [3, 2]; step 1: +[2, 6] -> [5, 8] -> n1 fires, [5, 0];
    // step 2: +[6, 4] -> [11, 4] -> n0 fires, [3, 4]; step 3: nothing. Spikes: [0], [1], [0], [].
    // Layer 1 (threshold 5): step 0: +[4, -2] -> [4, -2]; step 1: +[1, 7] -> [5, 5] both fire -> [0, 0];
    // step 2: +[4, -2] -> [4, -2]; step 3: nothing. Counts [1, 1]; the tie goes to class 0.
    const wantL0 = [[0], [1], [0], []];
    const wantL1 = [[], [0, 1], [], []];
    const fast = new FastDenseNetwork(snn.network);
    const gold = new DenseNetworkModel(snn.network);
    steps.forEach((s, t) => {
      const g = gold.step(s);
      expect(Array.from(fast.step(s)), `fast, step ${t}`).toEqual(wantL1[t]);
      expect(g.layers[0]!.spikes.flatMap((x, j) => (x ? [j] : [])), `golden layer 0, step ${t}`).toEqual(wantL0[t]);
      expect(g.spikes.flatMap((x, j) => (x ? [j] : [])), `golden layer 1, step ${t}`).toEqual(wantL1[t]);
    });
    expect(gold.layers[0]!.neurons.map((n) => n.state.v)).toEqual([3n, 4n]);
    expect(gold.layers[1]!.neurons.map((n) => n.state.v)).toEqual([4n, -2n]);
    expect(fast.counts).toEqual([1, 1]);
    expect(gold.counts).toEqual([1, 1]);
    expect(fast.winner()).toBe(0);
    expect(gold.winner()).toBe(0);
    // Synaptic operations: inputs 2 + 2 + 3 + 0 = 7 rows of 2, layer-0 spikes 3 rows of 2.
    expect(fast.stats).toEqual({ inputSpikes: 7, layerSpikes: [3, 2], synapticOps: 20 });
  });

  it('rejects what it cannot convert, naming the problem', () => {
    const withBias: FloatNetwork = { ...tinyNet, biases: [Float32Array.from([0.1, 0]), undefined] };
    expect(() => convertNetwork(withBias, calib)).toThrow(/layer 0: has non-zero biases/);
    expect(convertNetwork(withBias, calib, { biases: 'drop', weightBits: 4, percentile: 100, coding: { kind: 'rate', seed: 1 } }).conversion.thresholds).toEqual([8, 5]);
    expect(() => convertNetwork(tinyNet, { ...calib, features: 4 })).toThrow(/calibration images have 4 features, the network takes 3 inputs/);
    expect(() => convertNetwork(tinyNet, calib, { thresholdScale: [1] })).toThrow(/thresholdScale: needs 2 positive numbers/);
    expect(() => convertNetwork(tinyNet, calib, { weightBits: 1 })).toThrow(/weightBits/);
  });

  it('signedBitsFor covers the range', () => {
    expect(signedBitsFor(0, 0)).toBe(2);
    expect(signedBitsFor(-2, 1)).toBe(2);
    expect(signedBitsFor(-3, 1)).toBe(3);
    expect(signedBitsFor(0, 127)).toBe(8);
    expect(signedBitsFor(-128, 0)).toBe(8);
    expect(signedBitsFor(-129, 0)).toBe(9);
  });
});

describe('input coding', () => {
  it('integrate: floor((initial + t q) / levels) spikes after t steps, evenly spread', () => {
    // levels 4, phase starts at 2: p = 0.5 (q 2) fires at t = 0, 2, 4; p = 0.25 (q 1) at t = 1, 5; p = 1 every step; p = 0 never.
    const steps = encodeImage([0.5, 0.25, 1, 0], 0, 6, { kind: 'integrate', levels: 4, initial: 2 });
    expect(steps.map((s) => Array.from(s))).toEqual([[0, 2], [1, 2], [0, 2], [2], [0, 2], [1, 2]]);
  });

  it('rate: seeded by (seed, sample id), each pixel spikes with its intensity as probability', () => {
    const img = Array.from({ length: 100 }, (_, i) => (i % 4) / 4); // 0, .25, .5, .75
    const a = encodeImage(img, 7, 400, { kind: 'rate', seed: 3 });
    const b = encodeImage(img, 7, 400, { kind: 'rate', seed: 3 });
    const c = encodeImage(img, 8, 400, { kind: 'rate', seed: 3 });
    expect(a.map((s) => Array.from(s))).toEqual(b.map((s) => Array.from(s)));
    expect(a.map((s) => Array.from(s))).not.toEqual(c.map((s) => Array.from(s)));
    const perLevel = [0, 0, 0, 0];
    for (const s of a) {
      for (let k = 1; k < s.length; k++) expect(s[k]!).toBeGreaterThan(s[k - 1]!);
      for (const i of s) perLevel[i % 4]! += 1;
    }
    // 25 pixels per level x 400 steps = 10,000 draws each.
    expect(perLevel[0]).toBe(0);
    perLevel.forEach((n, l) => expect(Math.abs(n / 10000 - l / 4)).toBeLessThan(0.02));
  });

  it('rejects bad codings', () => {
    expect(() => encodeImage([0], 0, 2, { kind: 'integrate', levels: 4, initial: 4 })).toThrow(/coding.initial/);
    expect(() => encodeImage([0], 0, 0, { kind: 'rate', seed: 1 })).toThrow(/steps/);
  });
});

describe('FastDenseNetwork against DenseNetworkModel', () => {
  const base: NeuronSpec = {
    kind: 'if',
    width: 10,
    signed: true,
    inputWidth: 7,
    inputShift: 0,
    bias: 0,
    overflow: 'saturate',
    leak: { kind: 'none' },
    leakOn: 'step',
    order: 'leak-integrate-fire',
    threshold: 40,
    compare: '>=',
    reset: { kind: 'subtract', overflow: 'saturate' },
    resetTiming: 'same',
    resetSkipsLeak: false,
    refractory: 0,
  };
  const variants: [string, Partial<NeuronSpec>][] = [
    ['subtract, saturating, >=', {}],
    ['wrapping membrane, >, shifted input, bias', { overflow: 'wrap', compare: '>', inputShift: 1, bias: 3, width: 9 }],
    ['reset to zero, clamp floor, input saturates', { reset: { kind: 'zero' }, floor: { bound: -30, action: 'clamp' }, inputWidth: 6 }],
    ['reset to a value, set floor, wrapping subtract', { reset: { kind: 'value', value: 5 }, floor: { bound: -50, action: 'set', value: -10 }, width: 8, inputWidth: 7 }],
    ['subtract floor, reset none, unsigned-looking threshold', { reset: { kind: 'none' }, floor: { bound: -20, action: 'subtract', overflow: 'wrap' }, threshold: 100 }],
    ['wrapping subtract reset near the bottom', { reset: { kind: 'subtract', overflow: 'wrap' }, threshold: -60, width: 8 }],
  ];
  for (const [name, over] of variants) {
    it(name, () => {
      const r = new Random(name.length * 31);
      const spec = { ...base, ...over } as NeuronSpec;
      const p: DenseNetworkParams = {
        inputs: 24,
        countWidth: 4,
        layers: [
          { neurons: 9, weightWidth: 6, weights: Array.from({ length: 24 }, () => Array.from({ length: 9 }, () => r.int(-32, 31))), neuron: spec, neuronsPerWord: 0 },
          { neurons: 5, weightWidth: 5, weights: Array.from({ length: 9 }, () => Array.from({ length: 5 }, () => r.int(-16, 15))), neuron: spec, neuronsPerWord: 0 },
        ],
      };
      expect(fastSimulatorLimits(p)).toEqual([]);
      const fast = new FastDenseNetwork(p);
      const gold = new DenseNetworkModel(p);
      for (let t = 0; t < 60; t++) {
        // Sorted distinct indices, and now and then a repeated index (the saturating path).
        let active = Array.from({ length: 24 }, (_, i) => i).filter(() => r.next() < 0.4);
        if (t % 7 === 3) active = active.concat(active.slice(0, 5));
        const g = gold.step(active);
        expect(Array.from(fast.step(active)), `step ${t}`).toEqual(g.spikes.flatMap((x, j) => (x ? [j] : [])));
      }
      expect(fast.counts).toEqual(gold.counts);
      expect(fast.winner()).toBe(gold.winner());
      // Both layers fired now and then, and stayed quiet now and then.
      fast.stats.layerSpikes.forEach((n, k) => {
        expect(n, `layer ${k} spikes`).toBeGreaterThan(0);
        expect(n, `layer ${k} spikes`).toBeLessThan(60 * p.layers[k]!.neurons);
      });
    });
  }

  it('refuses specs it does not model', () => {
    const p: DenseNetworkParams = {
      inputs: 2,
      countWidth: 2,
      layers: [{ neurons: 1, weightWidth: 4, weights: [[1], [2]], neuron: { ...base, kind: 'lif', leak: { kind: 'shift', shift: 2, rounding: 'floor' } }, neuronsPerWord: 0 }],
    };
    expect(fastSimulatorLimits(p).join('\n')).toMatch(/layers\[0\]\.neuron: kind 'lif'/);
    expect(() => new FastDenseNetwork(p)).toThrow(/use DenseNetworkModel/);
  });
});
