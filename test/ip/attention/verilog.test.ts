// A mid-size attention unit in both implementations: deterministic Verilog
// that lints clean with `verilator --lint-only -Wall` and synthesises in Yosys
// without latches and without multipliers (one Yosys run for the batch).
import { describe, expect, it } from 'vitest';
import { synthCheck } from '../../../boards/yosys.ts';
import { emitVerilog } from '../../../generators/verilog/index.ts';
import { elaborate } from '../../../hdl/index.ts';
import { defaultAttentionParams, SpikeAttention, type AttentionParams } from '../../../ip/attention/index.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { lintVerilog } from '../../../testbenches/verilator-lint.ts';

const params: AttentionParams[] = [
  { ...defaultAttentionParams, tokens: 16, channels: 16, implementation: 'parallel' },
  { ...defaultAttentionParams, tokens: 16, channels: 16, implementation: 'serial' },
  { ...defaultAttentionParams, tokens: 1, channels: 1, scaleShift: 0, implementation: 'serial' },
];
const verilog = params.map((p) => emitVerilog(elaborate(SpikeAttention, p)));

describe('SpikeAttention Verilog', () => {
  it('is deterministic', () => {
    params.forEach((p, i) => expect(emitVerilog(elaborate(SpikeAttention, p))).toBe(verilog[i]));
  });

  describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
    params.forEach((p, i) => {
      it(`${p.implementation} ${p.tokens}x${p.channels} lints clean`, () => {
        const r = lintVerilog(verilog[i]!, 'SpikeAttention');
        expect(r.warnings).toEqual([]);
        expect(r.ok).toBe(true);
      });
    });
  });

  it('synthesises in Yosys with no latches and no multiplier cells', async () => {
    const results = await synthCheck(verilog.map((v) => ({ verilog: v, top: 'SpikeAttention' })), { abc: false });
    for (const r of results) {
      expect({ ok: r.ok, errors: r.errors, latches: r.latches }).toEqual({ ok: true, errors: [], latches: 0 });
      expect(Object.keys(r.cells).filter((c) => /mul/i.test(c))).toEqual([]);
    }
  });
});
