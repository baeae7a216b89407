// Every design of the corpus passes `verilator --lint-only -Wall` with no
// warning at all and compiles in Icarus (-g2005). The lint runner itself must
// report what Verilator finds.
import { describe, expect, test } from 'vitest';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { haveTool } from '../../testbenches/tools.ts';
import { lintVerilog } from '../../testbenches/verilator-lint.ts';
import { corpus, exprWidths } from './designs.ts';
import { iverilogErrors } from './iverilog-run.ts';

const designs = { ...corpus(), expr_widths_full: exprWidths() };
const emitted = Object.entries(designs).map(([name, d]) => ({ name, top: d.top, verilog: emitVerilog(d) }));

describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
  test.each(emitted)('$name lints clean', ({ verilog, top }) => {
    const r = lintVerilog(verilog, top);
    expect(r.warnings).toEqual([]);
    expect(r.ok).toBe(true);
  });

  test('the runner reports warnings and errors with their codes', () => {
    const r = lintVerilog('module w (input wire [3:0] a, output wire y);\n  assign y = a[0];\nendmodule\n', 'w');
    expect(r.ok).toBe(false);
    expect(r.warnings.join('\n')).toMatch(/%Warning-UNUSEDSIGNAL: w\.v:1:\d+: Bits of signal are not used: 'a'\[3:1\]/);
    const e = lintVerilog('module e (input wire a, output wire y);\n  assign y = ;\nendmodule\n', 'e');
    expect(e.ok).toBe(false);
    expect(e.warnings.some((w) => w.startsWith('%Error'))).toBe(true);
  });

  test('the top may be given by its IR name when Verilog had to rename it', () => {
    const d = corpus()['hierarchy']!;
    const renamed = { ...d, top: 'reg', modules: d.modules.slice(0, 2) };
    expect(lintVerilog(emitVerilog(renamed), 'reg').warnings).toEqual([]);
  });
});

describe.skipIf(!haveTool('iverilog'))('iverilog -g2005', () => {
  test.each(emitted)('$name compiles', ({ verilog }) => {
    expect(iverilogErrors(verilog)).toBe('');
  });
});
