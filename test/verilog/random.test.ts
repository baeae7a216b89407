// Random valid IR (random-ir.ts): the emitted Verilog must lint clean and
// compute the IR semantics (independent evaluator vs Icarus), whatever the
// shape. Combinational modules, and modules with registers and memories.
import { describe, expect, test } from 'vitest';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { haveTool } from '../../testbenches/tools.ts';
import { lintVerilog } from '../../testbenches/verilator-lint.ts';
import { IrEval } from './ir-eval.ts';
import { runVectors } from './iverilog-run.ts';
import { randomModule } from './random-ir.ts';
import { Rng } from './random.ts';

const CASES = [
  ...Array.from({ length: 12 }, (_, i) => ({ seed: 11 + i, sequential: false })),
  ...Array.from({ length: 8 }, (_, i) => ({ seed: 101 + i, sequential: true })),
];
const design = (c: { seed: number; sequential: boolean }) => randomModule(c.seed, 200, c.sequential);

describe.skipIf(!haveTool('verilator'))('random IR lints clean', () => {
  test.each(CASES)('seed $seed (sequential: $sequential)', (c) => {
    const d = design(c);
    expect(lintVerilog(emitVerilog(d), d.top).warnings).toEqual([]);
  });
});

describe.skipIf(!(haveTool('iverilog') && haveTool('vvp')))('random IR computes the IR semantics in Icarus', () => {
  test.each(CASES)('seed $seed (sequential: $sequential)', (c) => {
    const d = design(c);
    const mod = d.modules[0]!;
    const rng = new Rng(c.seed * 7);
    const ins = mod.ports.filter((p) => p.dir === 'input' && p.name !== 'clk').map((p) => ({ name: p.name, w: mod.nets[p.net]!.width }));
    const value = (name: string, w: number, k: number): bigint => {
      const inReset = k < 2 || rng.int(10) === 0;
      if (name === 'rst') return inReset ? 1n : 0n;
      if (name === 'rst_n') return inReset ? 0n : 1n;
      return rng.value(w);
    };
    const vectors = Array.from({ length: 40 }, (_, k) => Object.fromEntries(ins.map((i) => [i.name, value(i.name, i.w, k)])));
    const ev = new IrEval(mod);
    const expected = vectors.map((v) => {
      const out = ev.outputs(ev.settle(v));
      if (c.sequential) ev.step(v);
      return out;
    });
    const actual = runVectors(emitVerilog(d), mod, vectors, c.sequential ? 'clk' : undefined);
    const bad: string[] = [];
    expected.forEach((e, k) => {
      for (const [n, v] of Object.entries(e)) if (actual[k]![n] !== v) bad.push(`vector ${k} ${n}: expected ${v.toString(16)}, got ${actual[k]![n]?.toString(16) ?? 'x'}`);
    });
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
