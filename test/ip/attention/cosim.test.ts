// Cycle-level co-simulation of SpikeAttention (both implementations) on every
// installed back end (testbenches/cosim) against a cycle model built on the
// golden function and the timing of docs/ip/attention.md.
import { describe, expect, it } from 'vitest';
import { attentionCycles, SpikeAttention, spikeDrivenSelfAttention, unpackSpikeMatrix, type AttentionParams } from '../../../ip/attention/index.ts';
import { cosim, type GoldenModel, type InputRecord, type SignalValues } from '../../../testbenches/cosim/index.ts';
import { BACKENDS, CACHE_DIR } from '../../cosim/helpers.ts';
import { Random } from '../../hdl/random.ts';

/** Outputs after each cycle's edge: a result appears `latency` cycles after its input was taken. */
function cycleModel(p: AttentionParams): GoldenModel {
  const { latency } = attentionCycles(p);
  let busyFor = 0;
  let held: { out: bigint; mask: bigint } | null = null;
  let out = 0n;
  let mask = 0n;
  return {
    reset: () => {
      busyFor = 0;
      held = null;
      out = 0n;
      mask = 0n;
    },
    step: (x: SignalValues) => {
      let valid = false;
      if (busyFor > 0) {
        busyFor--;
        if (busyFor === 0) {
          ({ out, mask } = held!);
          valid = true;
        }
      } else if (x.in_valid === 1n) {
        const m = (v: bigint): boolean[][] => unpackSpikeMatrix(v, p.tokens, p.channels);
        const r = spikeDrivenSelfAttention(p, m(x.q!), m(x.k!), m(x.v!));
        const packed = r.out.flat().reduce((a, b, i) => a | (b ? 1n << BigInt(i) : 0n), 0n);
        held = { out: packed, mask: r.mask.reduce((a, b, d) => a | (b ? 1n << BigInt(d) : 0n), 0n) };
        busyFor = latency - 1;
        if (busyFor === 0) {
          ({ out, mask } = held);
          valid = true;
        }
      }
      return { in_ready: busyFor === 0, out_valid: valid, out, mask };
    },
  };
}

function stimulus(p: AttentionParams, cycles: number): InputRecord[] {
  const r = new Random(p.tokens + p.channels);
  const bits = (rate: number): bigint => {
    let x = 0n;
    for (let i = 0; i < p.tokens * p.channels; i++) if (r.next() < rate) x |= 1n << BigInt(i);
    return x;
  };
  return Array.from({ length: cycles }, () => {
    const rate = r.pick([0.3, 0.6, 0.9]);
    return { in_valid: r.next() < 0.6 ? 1 : 0, q: bits(0.5), k: bits(rate), v: bits(rate) };
  });
}

describe('SpikeAttention co-simulation', () => {
  for (const implementation of ['parallel', 'serial'] as const) {
    const p: AttentionParams = { tokens: 8, channels: 6, scaleShift: 1, threshold: 2, compare: '>=', implementation };
    it(`${implementation}: every output, every cycle, on ${BACKENDS.join(', ')}`, () => {
      const res = cosim({ design: SpikeAttention, params: p, model: cycleModel(p), stimulus: stimulus(p, 600), backends: BACKENDS, cacheDir: CACHE_DIR });
      expect(res.reference).toBe('model');
      expect(res.observe.slice().sort()).toEqual(['in_ready', 'mask', 'out', 'out_valid']);
      expect(res.backends.map((b) => b.cycles)).toEqual(BACKENDS.map(() => 600));
    });
  }
});
