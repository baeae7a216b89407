import { describe, expect, it } from 'vitest';
import { checkClocks, clockDomains, runChecks } from '../../hdl/passes/index.ts';
import { design, FILE, ModuleFixture } from './fixtures.ts';

/** A child with one register clocked by its 'c' input and a memory written on it. */
function counterChild() {
  const f = new ModuleFixture('cnt');
  const c = f.input('c', 1);
  const q = f.output('q', 4);
  f.reg(q, f.op('add', [q, f.konst(1n, 4)], 4), c, { init: 0n });
  const mem = f.memory('log', 4, 2);
  f.write(mem, f.konst(0n, 1), q, f.konst(1n, 1), c);
  return f.build();
}

describe('clock domains', () => {
  it('follows instance connections and id wires up to the top-level clock ports', () => {
    const top = new ModuleFixture('top');
    const clkA = top.input('clk_a', 1, { role: 'clock' });
    const clkB = top.input('clk_b', 1, { role: 'clock' });
    top.input('unused_clk', 1, { role: 'clock' });
    const buffered = top.net('clk_a_buf', 1);
    top.cell('id', buffered, [clkA]);
    top.instance('u0', 'cnt', { c: buffered, q: top.output('q0', 4) });
    top.instance('u1', 'cnt', { c: clkA, q: top.output('q1', 4) });
    top.instance('u2', 'cnt', { c: clkB, q: top.output('q2', 4) });
    const d = design([counterChild(), top.build()]);
    expect(runChecks(d)).toEqual([]);
    // Each instance has one register and one memory write port.
    expect(clockDomains(d)).toEqual([
      { port: 'clk_a', net: clkA, users: 4 },
      { port: 'clk_b', net: clkB, users: 2 },
    ]);
  });

  it('reports a register clocked by logic, naming the register, the clock net and the line', () => {
    const f = new ModuleFixture('top');
    const clk = f.input('clk', 1, { role: 'clock' });
    const en = f.input('en', 1);
    const gated = f.net('gated', 1);
    f.cell('and', gated, [clk, en], { line: 5 });
    f.reg(f.output('q', 1), en, gated, { init: 0n, line: 6 });
    const ds = checkClocks(design([f.build()]));
    expect(ds).toEqual([
      {
        code: 'clock-domains',
        message: `register 'q' in module 'top' is clocked by 'gated', which is driven by cell and at ${FILE}:5, not by an input port; derived or gated clocks are not supported`,
        loc: { file: FILE, line: 6, column: 3 },
      },
    ]);
  });

  it('reports a derived clock fed to an instance, and a top-level clock input without the clock role', () => {
    const top = new ModuleFixture('top');
    const clk = top.input('clk', 1, { line: 2 });
    const div = top.net('div', 1);
    top.reg(div, top.op('not', [div], 1), clk, { init: 0n, line: 3 });
    top.instance('slow', 'cnt', { c: div, q: top.output('q', 4) }, 4);
    const ds = checkClocks(design([counterChild(), top.build()]));
    expect(ds.map((d) => [d.loc.line, d.message])).toEqual([
      [4, `clock input 'c' of instance 'slow' in module 'top' is clocked by 'div', which is driven by register 'div' at ${FILE}:3, not by an input port; derived or gated clocks are not supported`],
      [2, "input port 'clk' of top module 'top' clocks 1 register or memory port but is not marked as a clock (role 'clock')"],
    ]);
  });
});
