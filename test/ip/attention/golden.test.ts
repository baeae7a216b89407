// The attention golden model against a case worked out by hand from the
// SDSA equations in docs/ip/attention.md.
import { describe, expect, it } from 'vitest';
import { attentionCycles, defaultAttentionParams, packSpikeMatrix, spikeDrivenSelfAttention, unpackSpikeMatrix } from '../../../ip/attention/index.ts';

const K = [
  [1, 1, 1],
  [1, 0, 1],
  [1, 1, 0],
  [0, 0, 0],
];
const V = [
  [1, 0, 1],
  [1, 1, 1],
  [1, 0, 0],
  [1, 1, 1],
];
const Q = [
  [1, 1, 1],
  [0, 1, 0],
  [1, 0, 0],
  [0, 0, 1],
];
const p = { ...defaultAttentionParams, tokens: 4, channels: 3, scaleShift: 1, threshold: 1 };

describe('spikeDrivenSelfAttention', () => {
  it('counts K AND V per channel, scales, thresholds, and masks Q', () => {
    // K AND V = [101, 101, 100, 000]: counts 3, 0, 2; >> 1: 1, 0, 1; >= 1: mask 1, 0, 1.
    const r = spikeDrivenSelfAttention(p, Q, K, V);
    expect(r.counts).toEqual([3, 0, 2]);
    expect(r.mask).toEqual([true, false, true]);
    expect(r.out).toEqual([
      [true, false, true],
      [false, false, false],
      [true, false, false],
      [false, false, true],
    ]);
  });

  it('threshold and compare', () => {
    expect(spikeDrivenSelfAttention({ ...p, scaleShift: 0, threshold: 3 }, Q, K, V).mask).toEqual([true, false, false]);
    expect(spikeDrivenSelfAttention({ ...p, compare: '>', threshold: 0 }, Q, K, V).mask).toEqual([true, false, true]);
    expect(spikeDrivenSelfAttention({ ...p, compare: '>', threshold: 1 }, Q, K, V).mask).toEqual([false, false, false]);
    // 2 >> 1 = 1 and 3 >> 1 = 1: the floor shift makes counts 2 and 3 equal.
    expect(spikeDrivenSelfAttention({ ...p, scaleShift: 1, threshold: 2 }, Q, K, V).mask).toEqual([false, false, false]);
  });

  it('packs matrices token-major, channel in the low bits', () => {
    const x = packSpikeMatrix(Q);
    expect(x).toBe(0b100_001_010_111n);
    expect(unpackSpikeMatrix(x, 4, 3)).toEqual(Q.map((r) => r.map((b) => b === 1)));
  });

  it('rejects matrices of the wrong shape', () => {
    expect(() => spikeDrivenSelfAttention(p, Q.slice(1), K, V)).toThrow(/Q must be 4 tokens x 3 channels/);
    expect(() => spikeDrivenSelfAttention(p, Q, K, [[2, 0, 0], ...V.slice(1)])).toThrow(/V\[0\]\[0\]/);
  });

  it('documents the cycles per input of each implementation', () => {
    expect(attentionCycles({ channels: 16, implementation: 'parallel' })).toEqual({ latency: 1, interval: 1 });
    expect(attentionCycles({ channels: 16, implementation: 'serial' })).toEqual({ latency: 17, interval: 17 });
  });
});
