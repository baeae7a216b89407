// A mid-size dense layer and network: deterministic Verilog that lints clean
// with `verilator --lint-only -Wall` and synthesises in Yosys without latches,
// with every weight bank inferred as a memory (one Yosys run for the batch).
import { describe, expect, it } from 'vitest';
import { synthCheck } from '../../../boards/yosys.ts';
import { emitVerilog } from '../../../generators/verilog/index.ts';
import { elaborate, type Design } from '../../../hdl/index.ts';
import { DenseLayer, DenseNetwork, type DenseLayerParams, type DenseNetworkParams } from '../../../ip/dense/index.ts';
import { loihiCubaLif, spikerPlusLif } from '../../../ip/neuron/index.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { lintVerilog } from '../../../testbenches/verilator-lint.ts';
import { Random } from '../../hdl/random.ts';
import { randomWeights } from './harness.ts';

const r = new Random(42);
const neuron = spikerPlusLif({ width: 12, threshold: 200, shift: 4 });
const layer: DenseLayerParams = { inputs: 64, neurons: 16, weightWidth: 6, weights: randomWeights(r, 64, 16, 6), neuron, neuronsPerWord: 0 };
const network: DenseNetworkParams = {
  inputs: 32,
  countWidth: 6,
  layers: [
    { neurons: 8, weightWidth: 6, weights: randomWeights(r, 32, 8, 6), neuron, neuronsPerWord: 0 },
    { neurons: 4, weightWidth: 8, weights: randomWeights(r, 8, 4, 8), neuron: loihiCubaLif({ vth: 100 }), neuronsPerWord: 0 },
  ],
};
// Layer: 16 six-bit weights, 5 per word: 4 banks. Network: 8 six-bit weights in 2 banks, then 4 eight-bit weights in one word.
const designs: { top: string; design: Design; params: object; memories: number }[] = [
  { top: 'DenseLayer', design: DenseLayer, params: layer, memories: 4 },
  { top: 'DenseNetwork', design: DenseNetwork, params: network, memories: 3 },
];
const verilog = designs.map((d) => emitVerilog(elaborate(d.design, d.params)));

describe('Dense Verilog', () => {
  it('is deterministic', () => {
    designs.forEach((d, i) => expect(emitVerilog(elaborate(d.design, d.params))).toBe(verilog[i]));
  });

  describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
    designs.forEach((d, i) => {
      it(`${d.top} lints clean`, () => {
        const res = lintVerilog(verilog[i]!, d.top);
        expect(res.warnings).toEqual([]);
        expect(res.ok).toBe(true);
      });
    });
  });

  it('synthesises in Yosys with no latches; the weights are memories', async () => {
    const results = await synthCheck(designs.map((d, i) => ({ verilog: verilog[i]!, top: d.top })), { abc: false });
    results.forEach((res, i) => {
      expect({ top: res.top, ok: res.ok, errors: res.errors, latches: res.latches }).toEqual({ top: designs[i]!.top, ok: true, errors: [], latches: 0 });
      expect(res.memories).toBe(designs[i]!.memories);
    });
  });
});
