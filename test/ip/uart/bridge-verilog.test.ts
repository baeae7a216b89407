// The spike bridge's Verilog, with and without a weight port: deterministic,
// and clean under `verilator --lint-only -Wall` for the shapes that exercise
// every branch of the address and data checks (banks, spare data bits, a full
// 16-bit address with no check, the iCEBreaker bench's 16K x 16 memory).
import { describe, expect, it } from 'vitest';
import { emitVerilog } from '../../../generators/verilog/index.ts';
import { elaborate } from '../../../hdl/index.ts';
import { defaultSpikeBridgeParams, SpikeBridge, type SpikeBridgeParams } from '../../../ip/uart/index.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { lintVerilog } from '../../../testbenches/verilator-lint.ts';

const shapes: Partial<SpikeBridgeParams>[] = [
  {},
  { weightWords: 12, weightBanks: 3, weightWordWidth: 12 },
  { weightWords: 65536, weightWordWidth: 8 },
  { weightWords: 16384, weightWordWidth: 16, axonWidth: 8, neuronWidth: 8 },
  { weightWords: 5, weightWordWidth: 1, axonWidth: 3, neuronWidth: 2 },
];
const verilog = shapes.map((s) => emitVerilog(elaborate(SpikeBridge, { ...defaultSpikeBridgeParams, ...s })));

describe('SpikeBridge Verilog', () => {
  it('is deterministic', () => {
    shapes.forEach((s, i) => expect(emitVerilog(elaborate(SpikeBridge, { ...defaultSpikeBridgeParams, ...s }))).toBe(verilog[i]));
  });

  describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
    shapes.forEach((s, i) => {
      it(`${JSON.stringify(s)} lints clean`, () => {
        const r = lintVerilog(verilog[i]!, 'SpikeBridge');
        expect(r.warnings).toEqual([]);
        expect(r.ok).toBe(true);
      });
    });
  });
});
