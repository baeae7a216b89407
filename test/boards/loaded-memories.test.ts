// Runtime-loaded memories in the board flow: which memories of a design are
// loaded by a host (the weight banks of an ip/core core with weightLoad
// 'runtime', by their Verilog names), and the Yosys commands that drop their
// power-up contents and nothing else (checked in Yosys on a small module with
// two initialised memories).
import { describe, expect, it } from 'vitest';
import { icebreaker } from '../../boards/defs/index.ts';
import { dropPowerUpContents, runtimeLoadedMemories } from '../../boards/flows/loaded-memories.ts';
import { buildBoardTop } from '../../boards/wrapper/index.ts';
import { runYosysScript } from '../../boards/yosys.ts';
import { elaborate } from '../../hdl/index.ts';
import { defaultCoreParams, NeurosynapticCore, type CoreParams } from '../../ip/core/index.ts';
import { tinyOdinLif } from '../../ip/neuron/index.ts';

function core(lanes: number, weightLoad: 'init' | 'runtime'): CoreParams {
  return { ...defaultCoreParams, neurons: 8, axons: 4, lanes, wordWidth: 8, weights: Array.from({ length: 4 }, () => new Array<number>(8).fill(1)), neuron: tinyOdinLif({ threshold: 5 }), outputFifoDepth: 4, weightLoad };
}

describe('runtime-loaded memories', () => {
  it('are the weight banks of a runtime-loaded core, wherever it is in the design', () => {
    const top = elaborate(buildBoardTop(icebreaker, { design: NeurosynapticCore, params: core(2, 'runtime') }, { pll: 'none' }).design);
    const found = runtimeLoadedMemories(top);
    expect(found.map((x) => x.memory)).toEqual(['lane0_weights', 'lane1_weights']);
    const coreModule = top.modules.find((m) => m.origin.design === 'NeurosynapticCore')!;
    expect(found.every((x) => x.module === coreModule.name)).toBe(true);
    // The state memories and the spike FIFO are not loaded by the host; a core with initial weights has none.
    expect(runtimeLoadedMemories(elaborate(NeurosynapticCore, core(2, 'init')))).toEqual([]);
  });

  it('lose their power-up contents in Yosys; other memories keep theirs', async () => {
    const verilog = `module M(input clk, input we, input [3:0] a, input [7:0] d, output reg [7:0] q, output reg [7:0] r);
  reg [7:0] loaded [0:15];
  reg [7:0] kept [0:15];
  always @(posedge clk) begin
    if (we) loaded[a] <= d;
    q <= loaded[a];
    r <= kept[a];
  end
  genvar g;
  for (g = 0; g < 16; g = g + 1) begin : init_loaded
    initial loaded[g] = 8'd0;
  end
  for (g = 0; g < 16; g = g + 1) begin : init_kept
    initial kept[g] = 8'd7;
  end
endmodule
`;
    const count = (file: string, sel: string): string => `tee -q -o ${file} select -count ${sel}`;
    const script = [
      'read_verilog m.v',
      count('before.txt', 'M/t:$meminit_v2'),
      ...dropPowerUpContents([{ module: 'M', memory: 'loaded' }]),
      count('after.txt', 'M/t:$meminit_v2'),
      count('kept.txt', 'M/t:$meminit_v2 M/r:MEMID=\\kept %i'),
      '',
    ].join('\n');
    const r = await runYosysScript(script, { 'm.v': verilog });
    expect(r.code, r.log).toBe(0);
    const counts = ['before.txt', 'after.txt', 'kept.txt'].map((f) => Number(/(\d+) objects/.exec(r.files[f] ?? '')?.[1]));
    // 32 initialised words; after the delete only the 16 of 'kept'.
    expect(counts).toEqual([32, 16, 16]);
  });
});
