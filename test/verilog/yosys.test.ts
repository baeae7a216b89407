// The emitted Verilog synthesises in Yosys: every design of the corpus in ONE
// batched Yosys run (the WASM start-up costs seconds), `check -assert`
// passes, no latches appear, and memories are inferred as memories. The
// runner must isolate a design that stops Yosys and still check the rest.
import { beforeAll, describe, expect, test } from 'vitest';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { synthCheck, type SynthCheckResult } from '../../boards/yosys.ts';
import { corpus } from './designs.ts';

const designs = corpus();
const LATCH = 'module latchy (input wire e, input wire d, output reg q);\n  always @* if (e) q = d;\nendmodule\n';
const BROKEN = 'module broken (input wire a, output wire y);\n  assign y = ;\nendmodule\n';
const AFTER = 'module after (input wire a, output wire y);\n  assign y = ~a;\nendmodule\n';

describe('yosys synthesis of the emitted Verilog (one batch)', () => {
  let results: Map<string, SynthCheckResult>;
  beforeAll(async () => {
    const batch = [
      ...Object.entries(designs).map(([name, d]) => ({ name, verilog: emitVerilog(d), top: d.top })),
      { name: 'latchy', verilog: LATCH, top: 'latchy' },
      { name: 'broken', verilog: BROKEN, top: 'broken' },
      { name: 'after', verilog: AFTER, top: 'after' },
    ];
    // ABC only polishes gates; latches, check -assert and RAM inference do not depend on it.
    const r = await synthCheck(batch, { abc: false });
    expect(r).toHaveLength(batch.length);
    results = new Map(batch.map((b, i) => [b.name, r[i]!]));
  });

  test.each(Object.keys(designs))('%s: synthesises, check -assert passes, no latches', (name) => {
    const r = results.get(name)!;
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.latches).toBe(0);
    // Nothing the Verilog frontend had to guess or repair.
    expect(r.warnings.filter((w) => /implicit|replacing memory|latch|driver/i.test(w))).toEqual([]);
  });

  test('memories are inferred as RAM, one per IR memory', () => {
    expect(results.get('memories')!.memories).toBe(designs.memories!.modules[0]!.memories.length);
    expect(results.get('block_ram')!.memories).toBe(1);
    expect(results.get('two_clock_mem')!.memories).toBe(1);
    expect(results.get('registers')!.memories).toBe(0);
  });

  test('registers become flip-flops and logic has cells', () => {
    const ffs = Object.entries(results.get('registers')!.cells).filter(([k]) => /DFF/.test(k)).reduce((s, [, n]) => s + n, 0);
    const regBits = designs.registers!.modules[0]!.regs.reduce((s, r) => s + designs.registers!.modules[0]!.nets[r.q]!.width, 0);
    expect(ffs).toBe(regBits);
  });

  test('a latch is counted', () => {
    expect(results.get('latchy')!.ok).toBe(true);
    expect(results.get('latchy')!.latches).toBe(1);
  });

  test('a design that stops Yosys fails alone; the batch goes on after it', () => {
    const b = results.get('broken')!;
    expect(b.ok).toBe(false);
    expect(b.errors.join('\n')).toMatch(/syntax error/);
    expect(results.get('after')!.ok).toBe(true);
    expect(results.get('after')!.cells).toEqual({ $_NOT_: 1 });
  });
});
