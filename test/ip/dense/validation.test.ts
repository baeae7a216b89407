// Impossible dense parameters are rejected at build time, each naming the
// parameter: by the hardware (a DesignError at the caller's line) and by the
// golden models (a RangeError).
import { describe, expect, it } from 'vitest';
import { DesignError, elaborate } from '../../../hdl/index.ts';
import {
  defaultDenseLayerParams,
  defaultDenseNetworkParams,
  DenseLayer,
  DenseLayerModel,
  DenseNetwork,
  DenseNetworkModel,
  type DenseLayerParams,
  type DenseNetworkParams,
} from '../../../ip/dense/index.ts';

const base = defaultDenseLayerParams; // 4 inputs, 3 neurons, 8-bit weights, 16-bit membrane

const bad: [string, Partial<DenseLayerParams>, string][] = [
  ['a weight that does not fit its width', { weights: base.weights.map((r, i) => (i === 1 ? [r[0]!, 128, r[2]!] : r)) }, 'weights[1][1]'],
  ['a negative weight below the range', { weightWidth: 4, weights: base.weights.map((r) => r.map(() => -9)) }, 'weights[0][0]'],
  ['too few weight rows for the inputs', { weights: base.weights.slice(0, 3) }, 'weights'],
  ['a row shorter than the layer', { weights: base.weights.map((r, i) => (i === 2 ? r.slice(0, 2) : r)) }, 'weights[2]'],
  ['zero neurons', { neurons: 0 }, 'neurons'],
  ['zero inputs', { inputs: 0, weights: [] }, 'inputs'],
  ['a threshold beyond the membrane range', { neuron: { ...base.neuron, threshold: 40000 } }, 'neuron.threshold'],
  ['a zero weight width', { weightWidth: 0 }, 'weightWidth'],
  ['a fractional weight', { weights: base.weights.map((r, i) => (i === 0 ? [0.5, r[1]!, r[2]!] : r)) }, 'weights[0][0]'],
  ['a negative packing', { neuronsPerWord: -1 }, 'neuronsPerWord'],
];

function designError(f: () => unknown): DesignError {
  try {
    f();
  } catch (e) {
    if (e instanceof DesignError) return e;
    throw e;
  }
  throw new Error('expected a DesignError');
}

describe('DenseLayer parameter checks', () => {
  for (const [what, change, param] of bad) {
    it(`${what}: names ${param}`, () => {
      const p = { ...base, ...change };
      const e = designError(() => elaborate(DenseLayer, p));
      const d = e.diagnostics.find((x) => x.code === 'dense-param' && x.message.includes(`${param}:`));
      expect(d, e.message).toBeDefined();
      // Reported at this file's elaborate() call, not inside the library.
      expect(d!.loc.file).toMatch(/test\/ip\/dense\/validation\.test\.ts$/);
      expect(() => new DenseLayerModel(p)).toThrow(new RegExp(`${param.replace(/[[\].]/g, '\\$&')}:`));
    });
  }

  it('accepts the defaults', () => {
    expect(() => elaborate(DenseLayer, base)).not.toThrow();
  });
});

describe('DenseNetwork parameter checks', () => {
  const net = defaultDenseNetworkParams; // 4 -> 3 -> 2
  const cases: [string, Partial<DenseNetworkParams>, string][] = [
    ['a layer whose rows do not match the previous layer', { layers: [net.layers[0]!, { ...net.layers[1]!, weights: net.layers[1]!.weights.slice(0, 2) }] }, 'layers[1].weights'],
    ['zero neurons in a hidden layer', { layers: [{ ...net.layers[0]!, neurons: 0 }, net.layers[1]!] }, 'layers[0].neurons'],
    ['a threshold beyond the membrane range in the last layer', { layers: [net.layers[0]!, { ...net.layers[1]!, neuron: { ...net.layers[1]!.neuron, threshold: -40000 } }] }, 'layers[1].neuron.threshold'],
    ['no layers', { layers: [] }, 'layers'],
    ['zero-bit counters', { countWidth: 0 }, 'countWidth'],
  ];
  for (const [what, change, param] of cases) {
    it(`${what}: names ${param}`, () => {
      const p = { ...net, ...change };
      const e = designError(() => elaborate(DenseNetwork, p));
      expect(e.diagnostics.some((x) => x.code === 'dense-param' && x.message.includes(`${param}:`)), e.message).toBe(true);
      expect(() => new DenseNetworkModel(p)).toThrow(new RegExp(`${param.replace(/[[\].]/g, '\\$&')}:`));
    });
  }
});
