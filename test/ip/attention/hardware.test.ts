// The attention unit on the built-in simulator against the golden model for
// random Q, K, V, in both implementations; its IR has no multiplier.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import {
  attentionCycles,
  defaultAttentionParams,
  packSpikeMatrix,
  SpikeAttention,
  spikeDrivenSelfAttention,
  type AttentionParams,
} from '../../../ip/attention/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { Random } from '../../hdl/random.ts';

type Matrix = number[][];

function randomMatrix(r: Random, t: number, d: number, rate: number): Matrix {
  return Array.from({ length: t }, () => Array.from({ length: d }, () => (r.next() < rate ? 1 : 0)));
}

const shapes: Omit<AttentionParams, 'implementation'>[] = [
  { tokens: 1, channels: 1, scaleShift: 0, threshold: 1, compare: '>=' },
  { tokens: 8, channels: 5, scaleShift: 1, threshold: 1, compare: '>=' },
  { tokens: 16, channels: 16, scaleShift: 3, threshold: 1, compare: '>=' },
  { tokens: 13, channels: 9, scaleShift: 2, threshold: 1, compare: '>' },
  { tokens: 32, channels: 6, scaleShift: 3, threshold: 2, compare: '>=' },
];

describe('SpikeAttention hardware vs golden model', () => {
  for (const implementation of ['parallel', 'serial'] as const) {
    for (const s of shapes) {
      const p: AttentionParams = { ...s, implementation };
      it(`${implementation}, ${s.tokens} tokens x ${s.channels} channels, >> ${s.scaleShift} ${s.compare} ${s.threshold}`, () => {
        const r = new Random(s.tokens * 31 + s.channels + (implementation === 'serial' ? 1000 : 0));
        const sim = createBuiltinSimulator(elaborate(SpikeAttention, p));
        sim.reset(1);
        const sent: { q: Matrix; k: Matrix; v: Matrix; at: number }[] = [];
        const got: { out: bigint; mask: bigint; at: number }[] = [];
        const cyc = attentionCycles(p);
        let lastAccept = -Infinity;
        for (let c = 0; c < 400 && sent.length < 60; c++) {
          const valid = r.next() < 0.7;
          const rate = r.pick([0.2, 0.5, 0.8]);
          const m = { q: randomMatrix(r, s.tokens, s.channels, 0.5), k: randomMatrix(r, s.tokens, s.channels, rate), v: randomMatrix(r, s.tokens, s.channels, rate) };
          sim.poke('in_valid', valid ? 1 : 0);
          sim.poke('q', packSpikeMatrix(m.q));
          sim.poke('k', packSpikeMatrix(m.k));
          sim.poke('v', packSpikeMatrix(m.v));
          if (sim.peek('out_valid') === 1n) got.push({ out: sim.peek('out'), mask: sim.peek('mask'), at: sim.cycle });
          const ready = sim.peek('in_ready') === 1n;
          if (ready) expect(sim.cycle - lastAccept).toBeGreaterThanOrEqual(cyc.interval);
          if (valid && ready) {
            sent.push({ ...m, at: sim.cycle });
            lastAccept = sim.cycle;
          }
          sim.step(1);
        }
        sim.poke('in_valid', 0);
        for (let c = 0; c < cyc.latency + 1; c++) {
          if (sim.peek('out_valid') === 1n) got.push({ out: sim.peek('out'), mask: sim.peek('mask'), at: sim.cycle });
          sim.step(1);
        }
        sim.close();
        expect(got.length).toBe(sent.length);
        let kept = 0;
        sent.forEach((x, i) => {
          const want = spikeDrivenSelfAttention(p, x.q, x.k, x.v);
          const mask = want.mask.reduce((a, b, d) => a | (b ? 1n << BigInt(d) : 0n), 0n);
          expect({ i, out: got[i]!.out, mask: got[i]!.mask }).toEqual({ i, out: packSpikeMatrix(want.out), mask });
          expect(got[i]!.at - x.at).toBe(cyc.latency);
          kept += want.mask.filter(Boolean).length;
        });
        // Masks were neither all kept nor all dropped over the run.
        expect(kept).toBeGreaterThan(0);
        if (s.channels > 1) expect(kept).toBeLessThan(sent.length * s.channels);
      });
    }
  }

  it('uses no multiplier: only AND, adders, a shift and a compare', () => {
    for (const implementation of ['parallel', 'serial'] as const) {
      const ir = elaborate(SpikeAttention, { ...defaultAttentionParams, tokens: 16, channels: 8, implementation });
      const ops = new Set(ir.modules.flatMap((m) => m.cells.map((c) => c.op)));
      expect(ops.has('mul')).toBe(false);
      expect(ops.has('and')).toBe(true);
      expect(ops.has('add')).toBe(true);
    }
  });
});
