// The dense golden models against steps worked out by hand from
// docs/ip/dense.md (the neuron equations are those of docs/ip/neuron.md).
import { describe, expect, it } from 'vitest';
import { accumulatorWidth, DenseLayerModel, DenseNetworkModel, denseStepLatency, wordNeurons, type DenseLayerParams } from '../../../ip/dense/index.ts';
import { defaultNeuronSpec, type NeuronSpec } from '../../../ip/neuron/index.ts';

/** Integrate-and-fire: v += input, fires at v >= threshold, resets to 0. */
function ifNeuron(threshold: number, inputWidth = 8): NeuronSpec {
  return { ...defaultNeuronSpec, kind: 'if', width: 8, inputWidth, leak: { kind: 'none' }, threshold };
}

const layer: DenseLayerParams = {
  inputs: 3,
  neurons: 2,
  weightWidth: 4,
  weights: [
    [3, -2],
    [5, 4],
    [-8, 7],
  ],
  neuron: ifNeuron(6),
  neuronsPerWord: 0,
};

describe('DenseLayerModel', () => {
  it('adds the rows of the active inputs and updates every neuron once per step', () => {
    const g = new DenseLayerModel(layer);
    // Step 1: inputs 0, 1 -> sums 8, 2; neuron 0 reaches 8 >= 6, fires, resets.
    expect(g.step([0, 1])).toEqual({ input: [8n, 2n], spikes: [true, false], v: [0n, 2n] });
    // Step 2: input 2 -> sums -8, 7; v = -8, 9 (fires, resets).
    expect(g.step([2])).toEqual({ input: [-8n, 7n], spikes: [false, true], v: [-8n, 0n] });
    // Step 3: all inputs -> sums 0, 9.
    expect(g.step([0, 1, 2])).toEqual({ input: [0n, 9n], spikes: [false, true], v: [-8n, 0n] });
    // Step 4: no input.
    expect(g.step([])).toEqual({ input: [0n, 0n], spikes: [false, false], v: [-8n, 0n] });
    g.reset();
    expect(g.step([]).v).toEqual([0n, 0n]);
  });

  it("saturates the step's sum to the neuron's input width", () => {
    const g = new DenseLayerModel({ ...layer, neuron: ifNeuron(7, 4) });
    // Sums 8 and 2; a 4-bit signed input holds -8..7, so neuron 0 sees 7.
    expect(g.step([0, 1])).toEqual({ input: [7n, 2n], spikes: [true, false], v: [0n, 2n] });
  });

  it('saturates the accumulator at each add, in arrival order (only reachable with repeated inputs)', () => {
    expect(accumulatorWidth(layer)).toBe(6); // 4-bit weights, 3 inputs: -32..31
    const g = new DenseLayerModel({ ...layer, neuron: ifNeuron(100) });
    // Input 1 seven times: 5, 10, ..., 30, then 35 clamps to 31; input 2 adds -8: 23 (not 27).
    expect(g.step([1, 1, 1, 1, 1, 1, 1, 2]).input[0]).toBe(23n);
    // The same multiset in another order never reaches the clamp: 27.
    g.reset();
    expect(g.step([2, 1, 1, 1, 1, 1, 1, 1]).input[0]).toBe(27n);
  });

  it('rejects an input index outside the layer', () => {
    expect(() => new DenseLayerModel(layer).step([3])).toThrow(/input index 3/);
  });

  it('packs floor(32 / weightWidth) weights per memory word unless told otherwise', () => {
    expect(wordNeurons({ neurons: 128, weightWidth: 8, neuronsPerWord: 0 })).toBe(4);
    expect(wordNeurons({ neurons: 3, weightWidth: 8, neuronsPerWord: 0 })).toBe(3);
    expect(wordNeurons({ neurons: 10, weightWidth: 12, neuronsPerWord: 5 })).toBe(5);
  });
});

describe('DenseNetworkModel', () => {
  it("feeds each layer's spikes to the next in the same step and counts the output spikes", () => {
    const neuron = ifNeuron(1);
    const g = new DenseNetworkModel({
      inputs: 2,
      countWidth: 2,
      layers: [
        { neurons: 2, weightWidth: 2, weights: [[1, 0], [0, 1]], neuron, neuronsPerWord: 0 },
        { neurons: 2, weightWidth: 2, weights: [[1, -1], [-1, 1]], neuron, neuronsPerWord: 0 },
      ],
    });
    // Input 0 -> hidden [1, 0] -> output sums [1, -1]: neuron 0 fires; v = [0, -1].
    let s = g.step([0]);
    expect(s.layers[0]!.spikes).toEqual([true, false]);
    expect(s.layers[1]!.v).toEqual([0n, -1n]);
    expect(s.counts).toEqual([1, 0]);
    // Input 1 -> hidden [0, 1] -> sums [-1, 1]: v = [-1, 0], no spike (0 < 1).
    s = g.step([1]);
    expect(s.spikes).toEqual([false, false]);
    expect(s.layers[1]!.v).toEqual([-1n, 0n]);
    // Again: v = [-2, 1], neuron 1 fires: counts [1, 1], the tie goes to class 0.
    s = g.step([1]);
    expect(s.counts).toEqual([1, 1]);
    expect(g.winner()).toBe(0);
    // Again: v1 = 0 + 1 fires: counts [1, 2], class 1 leads.
    g.step([1]);
    expect(g.counts).toEqual([1, 2]);
    expect(g.winner()).toBe(1);
    // 2-bit counters stop at 3.
    for (let i = 0; i < 4; i++) g.step([1]);
    expect(g.counts).toEqual([1, 3]);
  });

  it('documents the latency of a step through an idle network', () => {
    // 10 indices, then the marker, the update, spikes_valid: 12; each hidden layer adds its spikes + 2.
    expect(denseStepLatency(10, [])).toBe(12);
    expect(denseStepLatency(10, [5])).toBe(19);
    expect(denseStepLatency(0, [0, 0])).toBe(6);
  });
});
