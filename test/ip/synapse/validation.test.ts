// Bad synapse parameters are rejected, each message naming the parameter;
// the hardware designs report them as a DesignError at the caller's line.
import { describe, expect, it } from 'vitest';
import { DesignError, elaborate } from '../../../hdl/index.ts';
import {
  DelayBuffer,
  SynapseModel,
  validateDelayParams,
  validateSynapseParams,
  validateWeightParams,
  WeightMemory,
  WeightMemoryModel,
  zeroMatrix,
  type DelayParams,
  type SynapseParams,
  type WeightParams,
} from '../../../ip/synapse/index.ts';

const good: WeightParams = { axons: 2, neurons: 3, weightWidth: 4, signMode: 'signed', wordWidth: 32, weights: zeroMatrix(2, 3), inhibitory: [] };
const goodSyn: SynapseParams = { ...good, maxDelay: 3, delays: [[0, 1, 2], [3, 0, 0]], accWidth: 8, overflow: 'saturate' };
const goodDelay: DelayParams = { targets: 4, maxDelay: 3, valueWidth: 4, accWidth: 8, overflow: 'wrap' };

describe('weight parameters', () => {
  it('accepts a good description', () => {
    expect(validateWeightParams(good)).toEqual([]);
    expect(validateSynapseParams(goodSyn)).toEqual([]);
    expect(validateDelayParams(goodDelay)).toEqual([]);
  });

  const bad: [string, Partial<WeightParams>, RegExp][] = [
    ['zero axons', { axons: 0 }, /^axons: must be an integer between 1 and/],
    ['zero neurons', { neurons: 0 }, /^neurons: must be an integer between 1 and/],
    ['a 9-bit weight', { weightWidth: 9 }, /^weightWidth: must be an integer between 1 and 8, got 9/],
    ['a word narrower than a weight', { weightWidth: 8, wordWidth: 4, weights: zeroMatrix(2, 3) }, /^wordWidth: 4 bits cannot hold one 8-bit weight/],
    ['a weight that does not fit 4 signed bits', { weights: [[0, 8, 0], [0, 0, 0]] }, /^weights\[0\]\[1\]: 8 does not fit a 4-bit signed weight \(-8\.\.7\)/],
    ['a negative magnitude', { signMode: 'magnitude', weights: [[0, 0, -1], [0, 0, 0]] }, /^weights\[0\]\[2\]: -1 does not fit a 4-bit weight magnitude \(0\.\.15\)/],
    ['too few rows', { weights: [[0, 0, 0]] }, /^weights: has 1 rows for 2 axons/],
    ['a short row', { weights: [[0, 0, 0], [0, 0]] }, /^weights\[1\]: has 2 entries for 3 neurons/],
    ['signs with signed weights', { inhibitory: [0, 1] }, /^inhibitory: signed weights carry their own sign/],
    ['one sign per axon', { signMode: 'magnitude', inhibitory: [1] }, /^inhibitory: has 1 entries for 2 axons/],
    ['a sign that is not 0 or 1', { signMode: 'magnitude', inhibitory: [0, 2] }, /^inhibitory\[1\]: must be 0 \(excitatory\) or 1 \(inhibitory\), got 2/],
    ['an unknown sign mode', { signMode: 'sign-magnitude' as never }, /^signMode: must be 'signed' or 'magnitude'/],
  ];
  for (const [name, over, re] of bad) {
    it(`rejects ${name}`, () => {
      const p = { ...good, ...over };
      const errs = validateWeightParams(p);
      expect(errs.some((e) => re.test(e)), errs.join('\n')).toBe(true);
      expect(() => new WeightMemoryModel(p)).toThrow(RangeError);
    });
  }

  it('summarises a large number of bad weights', () => {
    const errs = validateWeightParams({ ...good, axons: 4, neurons: 4, weights: Array.from({ length: 4 }, () => [9, 9, 9, 9]) });
    expect(errs.filter((e) => e.startsWith('weights['))).toHaveLength(5);
    expect(errs).toContain('weights: 11 more entries are out of range');
  });
});

describe('synapse and delay parameters', () => {
  it('rejects a delay beyond the buffer', () => {
    const errs = validateSynapseParams({ ...goodSyn, delays: [[0, 4, 0], [0, 0, 0]] });
    expect(errs).toContain('delays[0][1]: 4 is beyond the buffer (maxDelay 3)');
    expect(() => new SynapseModel({ ...goodSyn, delays: [[0, 4, 0], [0, 0, 0]] })).toThrow(/delays\[0\]\[1\]/);
  });

  it('rejects a delay table of the wrong shape', () => {
    expect(validateSynapseParams({ ...goodSyn, delays: [[0, 0]] })).toContain('delays: has 1 rows for 2 axons (the array is axons × neurons)');
  });

  it('rejects an accumulator narrower than one weight', () => {
    expect(validateSynapseParams({ ...goodSyn, accWidth: 3 })).toContain('accWidth: 3 bits are narrower than one value (4 bits)');
  });

  it('rejects zero targets, a negative delay bound and a bad overflow rule', () => {
    const errs = validateDelayParams({ ...goodDelay, targets: 0, maxDelay: -1, overflow: 'clip' as never });
    expect(errs.map((e) => e.split(':')[0])).toEqual(['targets', 'maxDelay', 'overflow']);
  });
});

describe('the hardware designs report bad parameters at the caller', () => {
  it('WeightMemory', () => {
    let err: unknown;
    try {
      elaborate(WeightMemory, { ...good, weights: [[0, 0, 0], [0, 0, 99]] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DesignError);
    const d = (err as DesignError).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]!.code).toBe('synapse-params');
    expect(d[0]!.message).toMatch(/^weights\[1\]\[2\]: 99 does not fit/);
    expect(d[0]!.loc.file).toBe('test/ip/synapse/validation.test.ts');
  });

  it('DelayBuffer', () => {
    expect(() => elaborate(DelayBuffer, { ...goodDelay, accWidth: 2 })).toThrow(/accWidth: 2 bits are narrower than one value \(4 bits\)/);
  });
});
