// The VCD reader against dumps that real simulators wrote: a 4-bit counter
// with synchronous reset, run under Icarus Verilog and under Verilator.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../testbenches/simulator.ts';
import { haveTool } from '../../testbenches/tools.ts';
import { parseVcd, unknownAt, type VcdFile } from '../../testbenches/vcd/parser.ts';
import { findVcdSignal, vcdToTrace } from '../../testbenches/vcd/vcd-trace.ts';
import { waveFromVcd } from '../../testbenches/vcd/wave-from-vcd.ts';
import { tempDir } from './helpers.ts';

const COUNTER_V = `\`timescale 1ns/1ps
module counter #(parameter W = 4) (input clk, input rst, output reg [W-1:0] count, output wrap);
  always @(posedge clk) begin
    if (rst) count <= 0;
    else count <= count + 1'b1;
  end
  assign wrap = &count;
endmodule
`;

// Reset for the first two edges, then 20 counting edges: 22 rising edges.
const TB_V = `\`timescale 1ns/1ps
module tb;
  reg clk = 0;
  reg rst = 1;
  wire [3:0] count;
  wire wrap;
  counter #(.W(4)) dut (.clk(clk), .rst(rst), .count(count), .wrap(wrap));
  always #5 clk = ~clk;
  initial begin
    $dumpfile("counter.vcd");
    $dumpvars(0, tb);
    @(posedge clk); @(posedge clk);
    #1 rst = 0;
    repeat (20) @(posedge clk);
    #1 $finish;
  end
endmodule
`;

const EDGES = 22;

/** count after rising edge k (1-based): 0 while in reset (edges 1, 2), then one more per edge, mod 16. */
function expectedCount(k: number): bigint {
  return BigInt(Math.max(0, k - 2) % 16);
}

function sources(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'counter.v'), COUNTER_V);
  writeFileSync(join(dir, 'tb.v'), TB_V);
  return [join(dir, 'counter.v'), join(dir, 'tb.v')];
}

function checkCounter(vcd: VcdFile): Trace {
  expect(vcd.timescale).toEqual({ magnitude: 1, unit: 'ps' });
  const count = findVcdSignal(vcd, 'tb.dut.count');
  expect(count.width).toBe(4);
  expect(count.msb).toBe(3);
  expect(count.lsb).toBe(0);
  // Clock edges every 10ns = 10000ps, the first at 5ns.
  const trace = vcdToTrace(vcd, { signals: ['tb.dut.count', 'tb.dut.wrap', 'tb.rst'] });
  expect(trace.startCycle).toBe(1);
  const counts = trace.values[0];
  expect(counts.length).toBe(EDGES);
  expect(counts).toEqual(Array.from({ length: EDGES }, (_, i) => expectedCount(i + 1)));
  expect(trace.values[1]).toEqual(counts.map((c) => (c === 15n ? 1n : 0n)));
  expect(trace.values[2]).toEqual(counts.map((_, i) => (i < 2 ? 1n : 0n)));
  // After the first edge every sampled value is known.
  const times = [5000, 15000, 25000, 215000];
  for (const t of times) expect(unknownAt(count, t)).toBe(false);
  return trace;
}

const haveIcarus = haveTool('iverilog') && haveTool('vvp');
const haveVerilator = haveTool('verilator');
const dir = tempDir('vcd-tools');
const traces: Record<string, Trace> = {};

describe.skipIf(!haveIcarus)('VCD from Icarus Verilog', () => {
  const work = join(dir, 'icarus');
  const vcdPath = join(work, 'counter.vcd');

  it('parses the dump and finds the counter value after every clock edge', { timeout: 0 }, () => {
    const files = sources(work);
    execFileSync('iverilog', ['-g2005', '-o', join(work, 'sim'), ...files], { cwd: work, stdio: 'pipe' });
    execFileSync('vvp', ['-n', join(work, 'sim')], { cwd: work, stdio: 'pipe' });
    const vcd = parseVcd(readFileSync(vcdPath, 'utf8'));
    // Icarus dumps count as x until the first edge, and aliases tb.clk with tb.dut.clk.
    expect(unknownAt(findVcdSignal(vcd, 'tb.dut.count'), 0)).toBe(true);
    expect(findVcdSignal(vcd, 'tb.dut.clk').id).toBe(findVcdSignal(vcd, 'tb.clk').id);
    traces.icarus = checkCounter(vcd);
  });

  it('draws a window of it as a timing diagram, and names the choices for an unknown or ambiguous signal', () => {
    const out = join(work, 'counter.svg');
    const json = waveFromVcd(vcdPath, { signals: ['tb.dut.count', 'wrap'], from: 14, to: 20, out, title: 'counter' });
    expect(json.signal.map((l) => l.name)).toEqual(['clk', 'tb.dut.count', 'wrap']);
    // Edges 14..19 hold counts 12..15, 0, 1; wrap is high at 15.
    expect(json.signal[1]).toEqual({ name: 'tb.dut.count', wave: '======', data: ['12', '13', '14', '15', '0', '1'] });
    expect(json.signal[2].wave).toBe('l..Pl.'); // one isolated 1 in the whole dump: drawn as a spike
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>13<');
    expect(() => waveFromVcd(vcdPath, { signals: ['cnt'], out })).toThrow(/no signal 'cnt'; available: .*tb\.dut\.count/);
    expect(() => waveFromVcd(vcdPath, { signals: ['count'], out })).toThrow(/ambiguous.*tb\.count, tb\.dut\.count/);
  });
});

describe.skipIf(!haveVerilator)('VCD from Verilator', () => {
  const work = join(dir, 'verilator');

  it('parses the --binary --trace dump and finds the counter value after every clock edge', { timeout: 0 }, () => {
    const files = sources(work);
    execFileSync(
      'verilator',
      ['--binary', '--trace', '--top-module', 'tb', '--Mdir', join(work, 'obj'), '-o', 'Vtb', ...files],
      { cwd: work, stdio: 'pipe' },
    );
    execFileSync(join(work, 'obj', 'Vtb'), [], { cwd: work, stdio: 'pipe' });
    const vcdPath = join(work, 'counter.vcd');
    expect(existsSync(vcdPath)).toBe(true);
    const vcd = parseVcd(readFileSync(vcdPath, 'utf8'));
    // Verilator wraps the design in a TOP scope and is two-state from time 0.
    expect(vcd.signals[0].scope[0]).toBe('TOP');
    expect(unknownAt(findVcdSignal(vcd, 'tb.dut.count'), 0)).toBe(false);
    traces.verilator = checkCounter(vcd);
  });
});

describe.skipIf(!haveIcarus || !haveVerilator)('Icarus and Verilator dumps', () => {
  it('agree cycle for cycle', () => {
    expect(traces.icarus).toBeDefined();
    expect(traces.verilator).toBeDefined();
    expect(traces.verilator.values).toEqual(traces.icarus.values);
  });
});
