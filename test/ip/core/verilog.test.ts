// The core's Verilog: deterministic, lint-clean under `verilator --lint-only
// -Wall`, with its memories inferred as RAM by Yosys (including the
// tinyODIN-sized N = A = 256, 4-bit weight core, and its runtime-loaded
// weight bank as one iCE40 UltraPlus SPRAM), and the same per-transaction
// behaviour on Verilator and Icarus as on the built-in simulator.
import { describe, expect, it } from 'vitest';
import { topModule, type IrDesign } from '../../../hdl/index.ts';
import { emitVerilog } from '../../../generators/verilog/index.ts';
import { CoreModel, type CoreParams } from '../../../ip/core/index.ts';
import { defaultNeuronSpec, loihiCubaLif, lsnnAlif, odinLif, tinyOdinLif, type NeuronSpec } from '../../../ip/neuron/index.ts';
import { runYosysScript, statCells, synthCheck, verilogTopName } from '../../../boards/yosys.ts';
import type { Simulator } from '../../../testbenches/simulator.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { lintVerilog } from '../../../testbenches/verilator-lint.ts';
import { createIcarusSimulator } from '../../../testbenches/iverilog/index.ts';
import { createVerilatorSimulator } from '../../../testbenches/verilator/index.ts';
import { driveCore, elaborateCore, firstMismatch, goldenSpikes, hardwareStates, floatStream, randomTransactions, randomWeights, showState } from './harness.ts';

const stepLif: NeuronSpec = { ...defaultNeuronSpec, width: 16, inputWidth: 12, threshold: 300, reset: { kind: 'subtract', overflow: 'saturate' } };

function params(p: Omit<CoreParams, 'weights' | 'inhibitory' | 'wordWidth' | 'outputFifoDepth'> & { wordWidth?: number }, seed = 1): CoreParams {
  const rng = floatStream(seed);
  const weights = randomWeights(rng, p.axons, p.neurons, p.weightWidth, p.signMode);
  const inhibitory = p.signMode === 'magnitude' ? Array.from({ length: p.axons }, () => (rng() < 0.3 ? 1 : 0)) : [];
  return { wordWidth: 32, outputFifoDepth: 4, ...p, weights, inhibitory };
}

const tinyOdinCore = params({ neurons: 256, axons: 256, lanes: 1, weightWidth: 4, signMode: 'signed', neuron: tinyOdinLif() }, 256);

const lintCases: [string, CoreParams][] = [
  ['N=16 A=16 L=1, tinyODIN', params({ neurons: 16, axons: 16, lanes: 1, weightWidth: 4, signMode: 'signed', neuron: tinyOdinLif() })],
  ['N=64 A=32 L=4, 1-bit magnitude, ODIN', params({ neurons: 64, axons: 32, lanes: 4, weightWidth: 1, signMode: 'magnitude', neuron: odinLif() })],
  ['N=64 A=32 L=4, 8-bit, LIF with subtract reset (step mode)', params({ neurons: 64, axons: 32, lanes: 4, weightWidth: 8, signMode: 'signed', neuron: stepLif })],
  ['N=24 A=10 L=3, 3-bit in 16-bit words, ALIF', params({ neurons: 24, axons: 10, lanes: 3, weightWidth: 3, signMode: 'signed', wordWidth: 16, neuron: lsnnAlif({ width: 12, threshold: 8, refractory: 1 }) })],
  ['N=8 A=8 L=8, Loihi CUBA-LIF', params({ neurons: 8, axons: 8, lanes: 8, weightWidth: 8, signMode: 'signed', neuron: loihiCubaLif() })],
  ['N=256 A=256 L=1, 4-bit (tinyODIN size)', tinyOdinCore],
  ['N=24 A=10 L=3, runtime weight load, 3-bit magnitudes, ODIN', { ...params({ neurons: 24, axons: 10, lanes: 3, weightWidth: 3, signMode: 'magnitude', wordWidth: 16, neuron: odinLif() }), weightLoad: 'runtime' }],
  ['N=2 A=2 L=1, runtime weight load, forwarding (M <= 2)', { ...params({ neurons: 2, axons: 2, lanes: 1, weightWidth: 4, signMode: 'signed', wordWidth: 16, neuron: tinyOdinLif() }), weightLoad: 'runtime' }],
];

describe('Verilog of the core', () => {
  it('has the documented ports and is byte-identical run to run', () => {
    const p = lintCases[0]![1];
    const text = emitVerilog(elaborateCore(p));
    for (const port of ['input wire in_valid', 'output wire in_ready', 'input wire in_tick', 'input wire [3:0] in_axon', 'output wire out_valid', 'input wire out_ready', 'output wire [3:0] out_addr', 'output wire busy']) {
      expect(text).toContain(port);
    }
    expect(text).toMatch(/reg \[11:0\] lane0_state \[0:15\];/);
    expect(text).toMatch(/reg \[31:0\] lane0_weights \[0:31\];/); // 16 axons x 2 words of eight 4-bit weights
    expect(emitVerilog(elaborateCore(p))).toBe(text);
  });

  describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
    for (const [name, p] of lintCases) {
      it(`${name} lints clean`, () => {
        const ir = elaborateCore(p);
        const r = lintVerilog(emitVerilog(ir), ir.top);
        expect(r.warnings).toEqual([]);
      });
    }
  });
});

/**
 * Yosys's Verilog front end takes time quadratic in the number of memory
 * words an `initial` block writes (about 100 s for 8192 words); `$readmemh`
 * of the same words takes a second. For the big core the test hands the
 * initial contents of the large memories over as `$readmemh` files: the
 * memory, its ports and its contents are unchanged.
 */
function withReadmemh(verilog: string, ir: IrDesign, minDepth: number): { verilog: string; files: Record<string, string> } {
  const files: Record<string, string> = {};
  let text = verilog;
  for (const mem of topModule(ir).memories) {
    if (mem.depth < minDepth) continue;
    const line = new RegExp(`^\\s+(?:for \\(_init_i[^)]*\\) )?${mem.name}\\[[^\\]]+\\] = [^;]+;.*\\n`, 'gm');
    const before = text.length;
    text = text.replace(line, '');
    expect(text.length).toBeLessThan(before); // the generator did initialise it
    const words = Array.from({ length: mem.depth }, (_, i) => (mem.init?.[i] ?? 0n).toString(16));
    files[`${mem.name}.hex`] = words.join('\n') + '\n';
    text = text.replace(/^endmodule/m, `  initial $readmemh("${mem.name}.hex", ${mem.name});\nendmodule`);
  }
  return { verilog: text, files };
}

describe('Yosys infers the memories as RAM', () => {
  it('N=64 A=32 L=4, 1-bit magnitude: every lane bank, the sign table and the spike FIFO; no latch', async () => {
    const ir = elaborateCore(lintCases[1]![1]);
    const [r] = await synthCheck([{ verilog: emitVerilog(ir), top: ir.top }], { abc: false });
    expect(r!.errors).toEqual([]);
    expect(r!.ok).toBe(true);
    expect(r!.latches).toBe(0);
    expect(r!.memories).toBe(4 + 4 + 1 + 1);
  });

  it('N=256 A=256, 4-bit weights: 8192 x 32 weights, 256 x 12 states, the 4 x 9 spike FIFO', async () => {
    const ir = elaborateCore(tinyOdinCore);
    const { verilog, files } = withReadmemh(emitVerilog(ir), ir, 1024);
    expect(Object.keys(files)).toEqual(['lane0_weights.hex']);
    const top = verilogTopName(verilog, ir.top);
    const list = (name: string, size: number, width: number): string => `tee -q -o ${name}.txt select -list t:$mem_v2 r:SIZE=${size} %i r:WIDTH=${width} %i`;
    const script = [
      'read_verilog core.v',
      `hierarchy -check -top ${top}`,
      `synth -flatten -noabc -top ${top} -run :fine`,
      'tee -q -o all.txt select -list t:$mem_v2',
      list('weights', 8192, 32),
      list('state', 256, 12),
      list('fifo', 4, 9), // outputFifoDepth 4; entries: 1 lane bit + 8 address bits
    ].join('\n');
    const run = await runYosysScript(script + '\n', { 'core.v': verilog, ...files });
    expect(run.code).toBe(0);
    const names = (f: string): string[] => (run.files[f] ?? '').split('\n').filter((l) => l.length > 0);
    expect(names('all.txt').sort()).toEqual([`${top}/lane0_state`, `${top}/lane0_weights`, `${top}/spike_fifo`]);
    expect(names('weights.txt')).toEqual([`${top}/lane0_weights`]);
    expect(names('state.txt')).toEqual([`${top}/lane0_state`]);
    expect(names('fifo.txt')).toEqual([`${top}/spike_fifo`]);
  });
});

describe('runtime-loaded weights map to iCE40 UltraPlus SPRAM', () => {
  it('N=256 A=256, 4-bit weights in 16-bit words: one SB_SPRAM256KA for the 16384 x 16 weight bank', async () => {
    const p: CoreParams = { ...tinyOdinCore, wordWidth: 16, weightLoad: 'runtime' };
    const ir = elaborateCore(p);
    const verilog = emitVerilog(ir);
    expect(ir.modules.find((m) => m.name === ir.top)!.memories.find((m) => m.name === 'lane0_weights')!.uninitialised).toBe(true);
    expect(verilog).not.toMatch(/lane0_weights\[[^\]]+\] = /); // an uninitialised memory gets no initial block
    const top = verilogTopName(verilog, ir.top);
    const run = await runYosysScript(`read_verilog core.v\nsynth_ice40 -device u -dsp -spram -top ${top}\ntee -q -o stat.json stat -json\n`, { 'core.v': verilog });
    expect(run.code).toBe(0);
    expect(run.log).toMatch(/mapping memory \S+\.lane0_weights via \$__ICE40_SPRAM_/);
    const cells = statCells(run.files['stat.json']);
    expect(cells.SB_SPRAM256KA).toBe(1);
    expect(cells.SB_RAM40_4K ?? 0).toBeLessThanOrEqual(2); // the state memory and the spike FIFO
  });
});

function cosimOn(make: (ir: IrDesign) => Simulator): void {
  const p = params({ neurons: 16, axons: 16, lanes: 2, weightWidth: 4, signMode: 'signed', neuron: tinyOdinLif({ threshold: 10, leakStrength: 2 }) }, 5);
  const txs = randomTransactions(floatStream(6), 80, 16, 0.2);
  const model = new CoreModel(p);
  const golden = goldenSpikes(model, txs);
  const sim = make(elaborateCore(p));
  try {
    sim.reset(1);
    const r = driveCore(sim, txs, { readyProb: 0.5, rng: floatStream(7) });
    expect(golden.flat().length).toBeGreaterThan(10);
    expect(firstMismatch(golden, r.spikes)).toBeNull();
    expect(hardwareStates(sim, p).map(showState)).toEqual(Array.from({ length: p.neurons }, (_, n) => showState(model.state(n))));
  } finally {
    sim.close();
  }
}

describe('co-simulation on the other back ends', () => {
  describe.skipIf(!haveTool('verilator'))('Verilator', () => {
    it('N=16 A=16 L=2 tinyODIN matches the golden model', () => cosimOn((ir) => createVerilatorSimulator(ir)));
  });
  describe.skipIf(!haveTool('iverilog'))('Icarus Verilog', () => {
    it('N=16 A=16 L=2 tinyODIN matches the golden model', () => cosimOn((ir) => createIcarusSimulator(ir)));
  });
});
