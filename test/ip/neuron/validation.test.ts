// Impossible parameters are rejected, each naming the parameter: by
// validateNeuronSpec, by the golden model, by the hardware design (as a
// DesignError at the caller's line) and by the preset builders.
import { describe, expect, it } from 'vitest';
import { Bool, design, DesignError, elaborate, SInt } from '../../../hdl/index.ts';
import {
  defaultNeuronSpec,
  loihiCubaLif,
  Neuron,
  NeuronArrayModel,
  NeuronModel,
  neuronPresets,
  neuronUpdate,
  reckonLif,
  spikerPlusLif,
  tinyOdinLif,
  validateNeuronSpec,
  type NeuronSpec,
} from '../../../ip/neuron/index.ts';

const base = defaultNeuronSpec; // 16-bit signed LIF, threshold 1000

const bad: [string, Partial<NeuronSpec> | Record<string, unknown>, string][] = [
  ['threshold beyond the membrane range', { threshold: 40000 }, 'threshold'],
  ['negative threshold on an unsigned membrane', { signed: false, threshold: -1 }, 'threshold'],
  ['zero width', { width: 0 }, 'width'],
  ['negative width', { width: -4 }, 'width'],
  ['fractional width', { width: 7.5 }, 'width'],
  ['zero input width', { inputWidth: 0 }, 'inputWidth'],
  ['weight wider than the membrane', { inputWidth: 17 }, 'inputWidth'],
  ['shifted input wider than the membrane', { inputWidth: 12, inputShift: 5 }, 'inputWidth'],
  ['negative input shift', { inputShift: -1 }, 'inputShift'],
  ['shift >= width', { leak: { kind: 'shift', shift: 16, rounding: 'floor' } }, 'leak.shift'],
  ['shift 0', { leak: { kind: 'shift', shift: 0, rounding: 'floor' } }, 'leak.shift'],
  ['unknown rounding', { leak: { kind: 'shift', shift: 2, rounding: 'up' } }, 'leak.rounding'],
  ['decay factor above 1.0', { leak: { kind: 'multiply', factor: 4097, fracBits: 12, rounding: 'zero' } }, 'leak.factor'],
  ['no fraction bits', { leak: { kind: 'multiply', factor: 1, fracBits: 0, rounding: 'zero' } }, 'leak.fracBits'],
  ['negative toward-zero leak', { leak: { kind: 'towardZero', amount: -1 } }, 'leak.amount'],
  ['add leak beyond the range', { leak: { kind: 'add', amount: 70000, overflow: 'wrap' } }, 'leak.amount'],
  ['unknown leak', { leak: { kind: 'exp' } }, 'leak.kind'],
  ["kind 'if' with a leak", { kind: 'if' }, 'leak'],
  ["kind 'lif' without a leak", { leak: { kind: 'none' } }, 'leak'],
  ['unknown kind', { kind: 'izhikevich' }, 'kind'],
  ["kind 'cuba' without its current", { kind: 'cuba' }, 'cuba'],
  ["kind 'alif' without adaptation", { kind: 'alif' }, 'adaptation'],
  ['a current on a plain LIF', { cuba: { width: 16, decay: { kind: 'none' }, overflow: 'wrap', vUses: 'new' } }, 'cuba'],
  ['bias beyond the range', { bias: 32768 }, 'bias'],
  ['unknown overflow', { overflow: 'clip' }, 'overflow'],
  ['unknown compare', { compare: '=>' }, 'compare'],
  ['reset value beyond the range', { reset: { kind: 'value', value: -40000 } }, 'reset.value'],
  ['unknown reset', { reset: { kind: 'half' } }, 'reset.kind'],
  ['floor bound at the threshold', { floor: { bound: 1000, action: 'clamp' } }, 'floor.bound'],
  ['floor on an unsigned membrane', { signed: false, floor: { bound: -5, action: 'clamp' } }, 'floor'],
  ["reset in the next step with order 'integrate-leak-fire'", { resetTiming: 'next', order: 'integrate-leak-fire' }, 'resetTiming'],
  ['skipping the leak without a deferred reset', { resetSkipsLeak: true }, 'resetSkipsLeak'],
  ['negative refractory period', { refractory: -1 }, 'refractory'],
  ['unknown leak trigger', { leakOn: 'tick' }, 'leakOn'],
];

describe('validateNeuronSpec', () => {
  it('accepts the default spec and every preset', () => {
    expect(validateNeuronSpec(base)).toEqual([]);
    for (const [name, spec] of Object.entries(neuronPresets)) expect(validateNeuronSpec(spec), name).toEqual([]);
  });
  for (const [what, change, param] of bad) {
    it(`rejects ${what}, naming ${param}`, () => {
      const errs = validateNeuronSpec({ ...base, ...change } as NeuronSpec);
      expect(errs.length).toBeGreaterThan(0);
      expect(errs.some((e) => e.startsWith(`${param}:`)), errs.join('\n')).toBe(true);
    });
  }
  it('rejects a CUBA neuron on an unsigned membrane and an alif increment beyond the range', () => {
    const cuba = { ...loihiCubaLif(), signed: false };
    expect(validateNeuronSpec(cuba).some((e) => e.startsWith('signed:'))).toBe(true);
    const alif = { ...neuronPresets.lsnnAlif, adaptation: { increment: 70000, decay: { kind: 'none' as const } } };
    expect(validateNeuronSpec(alif).some((e) => e.startsWith('adaptation.increment:'))).toBe(true);
  });
  it('reports every problem at once', () => {
    const errs = validateNeuronSpec({ ...base, width: 8, threshold: 1000, inputWidth: 12 });
    expect(errs.some((e) => e.startsWith('threshold:'))).toBe(true);
    expect(errs.some((e) => e.startsWith('inputWidth:'))).toBe(true);
  });
});

describe('the golden model and the hardware reject bad parameters', () => {
  it('NeuronModel and NeuronArrayModel throw, naming the parameter', () => {
    expect(() => new NeuronModel({ ...base, threshold: 40000 })).toThrow(/threshold: 40000 is outside the membrane range -32768\.\.32767/);
    expect(() => new NeuronArrayModel(0, base)).toThrow(/n must be a positive integer/);
    expect(() => new NeuronModel({ ...base, inputWidth: 4 }).step(8)).toThrow(/input 8 does not fit the signed 4-bit input/);
  });
  it('elaborating Neuron with a bad spec is a DesignError at the caller line', () => {
    let err: unknown;
    try {
      elaborate(Neuron, { leak: { kind: 'shift', shift: 20, rounding: 'floor' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DesignError);
    const d = (err as DesignError).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['neuron-spec']);
    expect(d[0]!.message).toMatch(/^neuron spec leak\.shift: must be an integer between 1 and 15/);
    expect(d[0]!.loc.file).toMatch(/test\/ip\/neuron\/validation\.test\.ts$/);
  });
  it('neuronUpdate reports state of the wrong type', () => {
    const Bad = design('BadNeuronUse', {}, (m) => {
      const x = m.input('x', SInt(16));
      const v = m.reg('v', SInt(12), { reset: 0 });
      const { next, spike } = neuronUpdate(m, base, { v }, x);
      v.set(next.v.truncate(12));
      m.output('s', Bool()).set(spike);
      return {};
    });
    expect(() => elaborate(Bad)).toThrow(/neuron-state.*state\.v must be s16, got s12/s);
  });
  it('preset builders reject parameters outside their design', () => {
    expect(() => tinyOdinLif({ threshold: 3000 })).toThrow(/threshold: must be an integer between 0 and 2047/);
    expect(() => tinyOdinLif({ leakStrength: 128 })).toThrow(/leakStrength/);
    expect(() => loihiCubaLif({ du: 4096 })).toThrow(/du: must be an integer between 0 and 4095/);
    expect(() => loihiCubaLif({ biasExp: 8 })).toThrow(/biasExp/);
    expect(() => reckonLif({ alpha: 0x9000 })).toThrow(/alpha/);
    expect(() => spikerPlusLif({ width: 8 })).toThrow(/threshold: 3000 is outside the membrane range -128\.\.127/);
  });
});
