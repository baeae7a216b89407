// Every example design: Verilog that passes `verilator --lint-only -Wall` with
// no warnings, synthesises in Yosys with `check -assert` and no latches (one
// batched Yosys run), keeps its memories as RAM, and is byte-identical when
// generated twice.
import { describe, expect, it } from 'vitest';
import { elaborate, type Design } from '../../hdl/index.ts';
import { foldConstants, removeDeadLogic } from '../../hdl/passes/index.ts';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { synthCheck } from '../../boards/yosys.ts';
import { lintVerilog } from '../../testbenches/verilator-lint.ts';
import { haveTool } from '../../testbenches/tools.ts';
import { Counter } from '../../examples/counter.ts';
import { LifNeuron } from '../../examples/lif-neuron.ts';
import { Fifo } from '../../examples/fifo.ts';
import { PipelineStage } from '../../examples/pipeline-stage.ts';
import { NeuronPair } from '../../examples/neuron-pair.ts';

const examples: [Design, object][] = [
  [Counter, {}],
  [Counter, { width: 3 }],
  [LifNeuron, {}],
  [LifNeuron, { width: 12, leakShift: 2, threshold: 300 }],
  [Fifo, {}],
  [Fifo, { width: 5, addrBits: 6 }],
  [PipelineStage, {}],
  [NeuronPair, {}],
];

function generate(d: Design, p: object): { top: string; verilog: string } {
  const ir = removeDeadLogic(foldConstants(elaborate(d, p)));
  return { top: ir.top, verilog: emitVerilog(ir) };
}

const outputs = examples.map(([d, p]) => generate(d, p));

describe('example designs', () => {
  it('generate byte-identical Verilog twice', () => {
    examples.forEach(([d, p], i) => expect(generate(d, p).verilog).toBe(outputs[i]!.verilog));
  });

  describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
    for (const [i, [d, p]] of examples.entries()) {
      it(`${d.name} ${JSON.stringify(p)} has no warnings`, () => {
        const r = lintVerilog(outputs[i]!.verilog, outputs[i]!.top);
        expect(r.warnings).toEqual([]);
        expect(r.ok).toBe(true);
      });
    }
  });

  it('synthesise in Yosys with check -assert, no latches, RAM for memories', async () => {
    const results = await synthCheck(outputs.map((o) => ({ verilog: o.verilog, top: o.top })));
    results.forEach((r, i) => {
      const [d, p] = examples[i]!;
      expect(r.errors, `${d.name} ${JSON.stringify(p)}: ${r.errors.join('\n')}`).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.latches).toBe(0);
      if (d === Fifo) expect(r.memories).toBe(1);
    });
  });
});
