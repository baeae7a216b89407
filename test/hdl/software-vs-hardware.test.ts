// Property test: random expression programs evaluated with software values
// (Bits) must equal the emitted Verilog run by Icarus (and Verilator when the
// Verilator back end is present) on the same inputs. Thousands of cases,
// widths 1..130, signed and unsigned.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Bits, design, elaborate, type HwType, type Signal } from '../../hdl/index.ts';
import { foldConstants, removeDeadLogic } from '../../hdl/passes/index.ts';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { haveTool } from '../../testbenches/tools.ts';
import { randomProgram, randomType, runProgram, type Program } from './expression-programs.ts';
import { Random } from './random.ts';

const PROGRAMS = 1200;
const VECTORS = 8;
const INPUTS = 8;

const rng = new Random(20261129);
const inputTypes: HwType[] = Array.from({ length: INPUTS }, () => randomType(rng));
const programs: Program[] = Array.from({ length: PROGRAMS }, () => randomProgram(rng, INPUTS, rng.int(1, 10)));
const vectors: bigint[][] = Array.from({ length: VECTORS }, () => inputTypes.map((t) => rng.bits(t.width)));

// One combinational module: inputs x0..x7, one output per program.
const Dut = design('ExprDut', {}, (m) => {
  const xs = inputTypes.map((t, i) => m.input(`x${i}`, t));
  programs.forEach((p, j) => {
    const vals = runProgram<Signal>(p, xs);
    const last = vals[vals.length - 1]!;
    m.output(`y${j}`, last.type).set(last);
  });
  return {};
});

function expected(): { width: number; values: bigint[] }[] {
  return programs.map((p) => {
    const values = vectors.map((vec) => {
      const vals = runProgram<Bits>(p, vec.map((x, i) => Bits.fromPattern(x, inputTypes[i]!)));
      return vals[vals.length - 1]!.pattern;
    });
    const vals0 = runProgram<Bits>(p, vectors[0]!.map((x, i) => Bits.fromPattern(x, inputTypes[i]!)));
    return { width: vals0[vals0.length - 1]!.width, values };
  });
}

function testbench(widths: number[]): string {
  const maxIn = Math.max(...inputTypes.map((t) => t.width));
  const lines = [
    '`timescale 1ns/1ps',
    'module tb;',
    ...inputTypes.map((t, i) => `  reg [${t.width - 1}:0] x${i};`),
    ...widths.map((w, j) => `  wire [${w - 1}:0] y${j};`),
    `  reg [${maxIn - 1}:0] stim [0:${VECTORS * INPUTS - 1}];`,
    '  integer v;',
    `  ExprDut dut(${[...inputTypes.map((_, i) => `.x${i}(x${i})`), ...widths.map((_, j) => `.y${j}(y${j})`)].join(', ')});`,
    '  initial begin',
    '    $readmemh("stim.hex", stim);',
    `    for (v = 0; v < ${VECTORS}; v = v + 1) begin`,
    ...inputTypes.map((t, i) => `      x${i} = stim[v * ${INPUTS} + ${i}][${t.width - 1}:0];`),
    '      #1;',
    ...widths.map((_, j) => `      $display("%0d %h", ${j}, y${j});`),
    '    end',
    '    $finish;',
    '  end',
    'endmodule',
  ];
  return lines.join('\n') + '\n';
}

const ok = haveTool('iverilog');
const dir = mkdtempSync(join(tmpdir(), 'spikeforge-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!ok)('software values equal the emitted Verilog (Icarus)', () => {
  it(`agrees on ${PROGRAMS} random programs x ${VECTORS} input vectors`, () => {
    const exp = expected();
    const ir = removeDeadLogic(foldConstants(elaborate(Dut)));
    writeFileSync(join(dir, 'dut.v'), emitVerilog(ir));
    writeFileSync(join(dir, 'tb.v'), testbench(exp.map((e) => e.width)));
    writeFileSync(join(dir, 'stim.hex'), vectors.flat().map((x) => x.toString(16)).join('\n') + '\n');
    execFileSync('iverilog', ['-g2005', '-o', join(dir, 'sim.vvp'), join(dir, 'tb.v'), join(dir, 'dut.v')], { stdio: 'pipe' });
    const out = execFileSync('vvp', ['-n', 'sim.vvp'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    const lines = out.split('\n').filter((l) => /^\d+ [0-9a-fxz]+$/i.test(l));
    expect(lines.length).toBe(PROGRAMS * VECTORS);
    const mismatches: string[] = [];
    lines.forEach((l, k) => {
      const [js, hex] = l.split(' ');
      const j = Number(js);
      const v = Math.floor(k / PROGRAMS);
      const got = /[xz]/i.test(hex!) ? null : BigInt(`0x${hex}`);
      const want = exp[j]!.values[v]!;
      if (got !== want && mismatches.length < 10) mismatches.push(`program ${j} vector ${v}: software ${want.toString(16)}, hardware ${hex}\n  ${JSON.stringify(programs[j], (_, x) => (typeof x === 'bigint' ? String(x) : x))}`);
    });
    expect(mismatches, mismatches.join('\n')).toEqual([]);
  });
});
