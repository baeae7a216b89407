// Every example on the Verilator and the built-in back ends side by side:
// random inputs (with an occasional reset) each cycle, every signal compared.
import { describe, expect, it } from 'vitest';
import { elaborate, type Design } from '../../hdl/index.ts';
import { Counter } from '../../examples/counter.ts';
import { Fifo } from '../../examples/fifo.ts';
import { LifNeuron } from '../../examples/lif-neuron.ts';
import { NeuronPair } from '../../examples/neuron-pair.ts';
import { PipelineStage } from '../../examples/pipeline-stage.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { createVerilatorSimulator } from '../../testbenches/verilator/index.ts';
import { haveVerilator, Rng, simOptions } from './helpers.ts';

const EXAMPLES: [string, Design][] = [
  ['counter', Counter],
  ['lif-neuron', LifNeuron],
  ['fifo', Fifo],
  ['neuron-pair', NeuronPair],
  ['pipeline-stage', PipelineStage],
];

describe.skipIf(!haveVerilator)('verilator back end agrees with the built-in back end', () => {
  it.each(EXAMPLES)('%s: every signal, every cycle', (_, d) => {
    const ir = elaborate(d, {});
    const v = createVerilatorSimulator(ir, simOptions());
    const b = createBuiltinSimulator(ir);
    expect(v.signals()).toEqual(b.signals());
    const top = ir.modules.find((m) => m.name === ir.top)!;
    const width = new Map(b.signals().map((s) => [s.name, s.width] as const));
    const inputs = top.ports.filter((p) => p.dir === 'input' && p.role !== 'clock');
    const rng = new Rng(42);
    for (let c = 0; c < 600; c++) {
      for (const p of inputs) {
        const w = width.get(p.name)!;
        const value = p.role === 'reset' ? BigInt(rng.bool(0.03)) : BigInt(rng.next()) & ((1n << BigInt(w)) - 1n);
        v.poke(p.name, value);
        b.poke(p.name, value);
      }
      for (const s of b.signals()) expect(v.peek(s.name), `${s.name} in cycle ${c}`).toBe(b.peek(s.name));
      v.step();
      b.step();
    }
    v.close();
    b.close();
  });
});
