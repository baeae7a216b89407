// Mid-size AER blocks: deterministic Verilog that lints clean with
// `verilator --lint-only -Wall` and synthesises in Yosys without latches,
// with the FIFO inferred as a memory (one Yosys run for the batch).
import { describe, expect, it } from 'vitest';
import { synthCheck } from '../../../boards/yosys.ts';
import { emitVerilog } from '../../../generators/verilog/index.ts';
import { elaborate, type Design } from '../../../hdl/index.ts';
import { AddressFifo, AerDecoder, AerEncoder } from '../../../ip/aer/index.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { lintVerilog } from '../../../testbenches/verilator-lint.ts';

const designs: { top: string; design: Design; params: object; memories: number }[] = [
  { top: 'AerEncoder', design: AerEncoder, params: { lines: 32, fifoDepth: 16, pendingWidth: 2 }, memories: 1 },
  { top: 'AerDecoder', design: AerDecoder, params: { lines: 32, mode: 'pulse' }, memories: 0 },
  { top: 'AerDecoder', design: AerDecoder, params: { lines: 32, mode: 'frame' }, memories: 0 },
  { top: 'AddressFifo', design: AddressFifo, params: { width: 8, depth: 12 }, memories: 1 },
];
const verilog = designs.map((d) => emitVerilog(elaborate(d.design, d.params)));

describe('AER Verilog', () => {
  it('is deterministic', () => {
    designs.forEach((d, i) => expect(emitVerilog(elaborate(d.design, d.params))).toBe(verilog[i]));
  });

  describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
    designs.forEach((d, i) => {
      it(`${d.top} ${JSON.stringify(d.params)} lints clean`, () => {
        const r = lintVerilog(verilog[i]!, d.top);
        expect(r.warnings).toEqual([]);
        expect(r.ok).toBe(true);
      });
    });
  });

  it('synthesises in Yosys with no latches; the FIFO is a memory', async () => {
    const results = await synthCheck(designs.map((d, i) => ({ verilog: verilog[i]!, top: d.top })), { abc: false });
    results.forEach((r, i) => {
      expect({ top: r.top, ok: r.ok, errors: r.errors, latches: r.latches }).toEqual({ top: designs[i]!.top, ok: true, errors: [], latches: 0 });
      expect(r.memories).toBe(designs[i]!.memories);
    });
  });
});
