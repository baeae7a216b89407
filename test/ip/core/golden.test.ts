// The core's golden model by hand: event mode (tinyODIN, ODIN) and step mode
// (a LIF with subtract reset), the state word layout, and its validation.
import { describe, expect, it } from 'vitest';
import { CoreModel, packState, stateLayout, unpackState, validateCoreParams, type CoreParams } from '../../../ip/core/index.ts';
import { defaultNeuronSpec, odinLif, snnTorchLeaky, tinyOdinLif, type NeuronSpec } from '../../../ip/neuron/index.ts';
import { zeroMatrix } from '../../../ip/synapse/index.ts';

function core(over: Partial<CoreParams>): CoreParams {
  const neurons = over.neurons ?? 2;
  const axons = over.axons ?? 2;
  return { neurons, axons, lanes: 1, weightWidth: 4, signMode: 'signed', wordWidth: 32, weights: zeroMatrix(axons, neurons), inhibitory: [], neuron: tinyOdinLif(), outputFifoDepth: 4, ...over };
}

const vOf = (m: CoreModel): bigint[] => [0, 1].map((n) => m.state(n).v);

/** 8-bit LIF, beta = 1/2 (v - (v >> 1), floor), fires at v >= 10, reset subtracts the threshold. */
const lifSubtract: NeuronSpec = {
  ...defaultNeuronSpec,
  width: 8,
  inputWidth: 6,
  leak: { kind: 'shift', shift: 1, rounding: 'floor' },
  threshold: 10,
  reset: { kind: 'subtract', overflow: 'saturate' },
};

describe('CoreModel, event mode (tinyODIN)', () => {
  it('integrates each event into every neuron of the row and fires at once', () => {
    const m = new CoreModel(core({ weights: [[3, -2], [4, 1]], neuron: tinyOdinLif({ threshold: 5, leakStrength: 2 }) }));
    expect(m.event(0)).toEqual([]);
    expect(vOf(m)).toEqual([3n, -2n]);
    expect(m.event(1)).toEqual([0]); // 3 + 4 = 7 >= 5: fires and resets
    expect(vOf(m)).toEqual([0n, -1n]);
    expect(m.tick()).toEqual([]); // -1 leaks toward 0 by 2 and stops at 0
    expect(vOf(m)).toEqual([0n, 0n]);
    expect(m.event(0)).toEqual([]);
    expect(m.event(0)).toEqual([0]);
    expect(vOf(m)).toEqual([0n, -4n]);
    expect(m.tick()).toEqual([]);
    expect(vOf(m)).toEqual([0n, -2n]);
  });

  it('updates a neuron on every event, zero weight or not (threshold 0 fires on v = 0)', () => {
    const m = new CoreModel(core({ axons: 1, weights: [[0, -1]], neuron: tinyOdinLif({ threshold: 0 }) }));
    expect(m.event(0)).toEqual([0]);
    expect(vOf(m)).toEqual([0n, -1n]);
    expect(m.tick()).toEqual([0, 1]); // neuron 1 leaks from -1 to 0, and 0 >= 0
  });

  it('reports spikes in ascending address order', () => {
    const m = new CoreModel(core({ neurons: 4, axons: 1, lanes: 2, weights: [[7, 7, 7, 7]], neuron: tinyOdinLif({ threshold: 7 }) }));
    expect(m.event(0)).toEqual([0, 1, 2, 3]);
  });

  it('gives an axon past the array weight 0 (axons not a power of two)', () => {
    const m = new CoreModel(core({ axons: 3, neurons: 2, weights: [[1, 1], [1, 1], [1, 1]], neuron: tinyOdinLif({ threshold: 100 }) }));
    m.event(3);
    expect(vOf(m)).toEqual([0n, 0n]);
    expect(() => m.event(4)).toThrow(/does not fit the 2-bit axon address/);
  });
});

describe('CoreModel, event mode with magnitude weights (ODIN)', () => {
  it('subtracts the magnitude for an inhibitory axon, clamping the unsigned membrane at 0', () => {
    const m = new CoreModel(core({ weightWidth: 3, signMode: 'magnitude', weights: [[3, 2], [1, 4]], inhibitory: [0, 1], neuron: odinLif({ threshold: 5, leakStrength: 1 }) }));
    expect(m.event(0)).toEqual([]);
    expect(vOf(m)).toEqual([3n, 2n]);
    expect(m.event(1)).toEqual([]);
    expect(vOf(m)).toEqual([2n, 0n]);
    expect(m.event(0)).toEqual([0]);
    expect(vOf(m)).toEqual([0n, 2n]);
    expect(m.tick()).toEqual([]);
    expect(vOf(m)).toEqual([0n, 1n]);
  });
});

describe('CoreModel, step mode (LIF with subtract reset)', () => {
  it('accumulates events and steps every neuron at the tick', () => {
    const m = new CoreModel(core({ weights: [[7, -3], [6, 2]], neuron: lifSubtract }));
    expect(m.event(0)).toEqual([]);
    expect(m.event(1)).toEqual([]); // events never fire in step mode
    expect([m.state(0).acc, m.state(1).acc]).toEqual([13n, -1n]);
    expect(vOf(m)).toEqual([0n, 0n]);
    expect(m.tick()).toEqual([0]); // 0 + 13 >= 10: v = 13 - 10
    expect(vOf(m)).toEqual([3n, -1n]);
    expect([m.state(0).acc, m.state(1).acc]).toEqual([0n, 0n]);
    expect(m.tick()).toEqual([]); // 3 - (3 >> 1) = 2;  -1 - (-1 >> 1) = 0
    expect(vOf(m)).toEqual([2n, 0n]);
    for (let i = 0; i < 5; i++) m.event(0);
    expect([m.state(0).acc, m.state(1).acc]).toEqual([31n, -15n]); // 35 saturates at the 6-bit input's 31
    expect(m.tick()).toEqual([0]); // 2 - 1 + 31 = 32: v = 22
    expect(vOf(m)).toEqual([22n, -15n]);
  });
});

describe('state word layout', () => {
  it('puts v in the low bits, then the other state the spec needs, then the accumulator', () => {
    const spec = snnTorchLeaky({ width: 10, inputWidth: 6, threshold: 100 });
    const l = stateLayout(spec, 'step');
    expect(l.fields.map((f) => [f.name, f.lsb, f.width])).toEqual([
      ['v', 0, 10],
      ['pending', 10, 1],
      ['acc', 11, 6],
    ]);
    expect(l.width).toBe(17);
    const word = packState(l, { v: -3n, pending: 1n, acc: -1n });
    expect(word).toBe((0x3fn << 11n) | (1n << 10n) | 0x3fdn);
    expect(unpackState(l, word)).toEqual({ v: -3n, pending: 1n, acc: -1n });
  });

  it("is the golden model's stateWord", () => {
    const m = new CoreModel(core({ weights: [[7, -3], [6, 2]], neuron: lifSubtract }));
    m.event(0);
    expect(m.stateWord(1)).toBe(0x3dn << 8n); // acc = -3 (6 bits) above v = 0 (8 bits)
    m.tick();
    expect([m.stateWord(0), m.stateWord(1)]).toEqual([7n, 0xfdn]); // v = 7 and v = -3, accumulators cleared
  });
});

describe('core parameters', () => {
  const cases: [string, Partial<CoreParams>, string][] = [
    ['lanes that do not divide the neurons', { neurons: 6, weights: zeroMatrix(2, 6), lanes: 4 }, 'lanes: 4 lanes do not divide 6 neurons'],
    ['zero lanes', { lanes: 0 }, 'lanes: must be an integer between 1 and 64, got 0'],
    ['a weight wider than the neuron input', { weightWidth: 8, neuron: tinyOdinLif() }, "weightWidth: a 8-bit signed weight needs 8 input bits, but the neuron's input is 4 bits (neuron.inputWidth)"],
    ['a magnitude whose sign does not fit', { weightWidth: 4, signMode: 'magnitude', neuron: tinyOdinLif() }, 'weightWidth: a 4-bit magnitude with a sign needs 5 input bits'],
    ['a FIFO depth that is not a power of two', { outputFifoDepth: 6 }, 'outputFifoDepth: must be a power of two between 2 and 4096, got 6'],
    ['a bad neuron spec', { neuron: { ...tinyOdinLif(), threshold: 5000 } }, 'neuron.threshold: 5000 is outside the membrane range'],
    ['a weight array of the wrong shape', { weights: zeroMatrix(2, 3) }, 'weights[0]: has 3 entries for 2 neurons'],
  ];
  for (const [name, over, text] of cases) {
    it(`rejects ${name}`, () => {
      const errs = validateCoreParams(core(over));
      expect(errs.some((e) => e.startsWith(text)), errs.join('\n')).toBe(true);
      expect(() => new CoreModel(core(over))).toThrow(RangeError);
    });
  }
});
