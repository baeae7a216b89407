// Impossible attention parameters are rejected at build time, each naming
// the parameter, by the hardware and by the golden model.
import { describe, expect, it } from 'vitest';
import { DesignError, elaborate } from '../../../hdl/index.ts';
import { defaultAttentionParams, SpikeAttention, spikeDrivenSelfAttention, type AttentionParams } from '../../../ip/attention/index.ts';

const base = defaultAttentionParams; // 16 tokens, 16 channels, >> 3, >= 1
const zeros = (t: number, d: number): number[][] => Array.from({ length: t }, () => new Array<number>(d).fill(0));

const bad: [string, Partial<AttentionParams>, string][] = [
  ['zero tokens', { tokens: 0 }, 'tokens'],
  ['zero channels', { channels: 0 }, 'channels'],
  ['a threshold beyond the scaled count (16 >> 3 = 2)', { threshold: 3 }, 'threshold'],
  ['a negative threshold', { threshold: -1 }, 'threshold'],
  ['a shift that leaves every count 0', { scaleShift: 5 }, 'scaleShift'],
  ['an unknown compare', { compare: '=>' as '>=' }, 'compare'],
  ['an unknown implementation', { implementation: 'systolic' as 'serial' }, 'implementation'],
];

describe('SpikeAttention parameter checks', () => {
  for (const [what, change, param] of bad) {
    it(`${what}: names ${param}`, () => {
      const p = { ...base, ...change };
      let err: unknown;
      try {
        elaborate(SpikeAttention, p);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DesignError);
      const d = (err as DesignError).diagnostics.find((x) => x.code === 'attention-param' && x.message.includes(`${param}:`));
      expect(d, String(err)).toBeDefined();
      expect(d!.loc.file).toMatch(/test\/ip\/attention\/validation\.test\.ts$/);
      const t = Math.max(1, p.tokens);
      const c = Math.max(1, p.channels);
      expect(() => spikeDrivenSelfAttention(p, zeros(t, c), zeros(t, c), zeros(t, c))).toThrow(new RegExp(`${param}:`));
    });
  }
});
