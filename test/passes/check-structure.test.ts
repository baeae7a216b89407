import { describe, expect, it } from 'vitest';
import { DesignError } from '../../hdl/diagnostics.ts';
import { assertValid, checkStructure, runChecks } from '../../hdl/passes/index.ts';
import { design, FILE, ModuleFixture } from './fixtures.ts';

describe('checkStructure', () => {
  it('reports unknown modules, dangling net ids, duplicate names and registers without a start value', () => {
    const f = new ModuleFixture('top');
    const a = f.input('a', 1);
    f.net('a', 1, { line: 8 });
    f.instance('u1', 'nowhere', { x: a }, 9);
    f.cell('not', f.output('y', 1), [99], { line: 10 });
    f.m.regs.push({ q: f.net('r', 1), d: a, clock: a, loc: { file: FILE, line: 11, column: 1 } });
    const ds = checkStructure(design([f.build()]));
    expect(ds.map((d) => [d.code, d.loc.line, d.message])).toEqual([
      ['duplicate-name', 8, `net 'a' in module 'top' has the same name as net at ${FILE}:500`],
      ['invalid-ir', 10, "cell not driving 'y' in module 'top' refers to net #99, which the module does not have"],
      ['missing-init', 11, "register 'r' in module 'top' has neither a reset nor an initial value"],
      ['unknown-module', 9, "instance 'u1' in module 'top' refers to module 'nowhere', which is not in the design"],
    ]);
  });

  it('reports cells with the wrong operand count or missing parameters', () => {
    const f = new ModuleFixture('top');
    const a = f.input('a', 4);
    f.cell('add', f.net('s', 4), [a, a, a], { line: 20 });
    f.cell('slice', f.net('t', 2), [a], { line: 21 });
    f.m.cells.push({ op: 'const', out: f.net('k', 4), args: [], value: 3 as unknown as bigint, loc: { file: FILE, line: 22, column: 1 } });
    f.cell('mux', f.net('m', 4), [a], { line: 23 });
    const ds = checkStructure(design([f.build()]));
    expect(ds.map((d) => [d.code, d.loc.line, d.message])).toEqual([
      ['invalid-ir', 20, "cell add driving 's' in module 'top' has 3 operands; add takes 2"],
      ['invalid-ir', 21, "cell slice driving 't' in module 'top' needs a non-negative integer 'lo', got undefined"],
      ['invalid-ir', 22, "cell const driving 'k' in module 'top' has no bigint value"],
      ['invalid-ir', 23, "cell mux driving 'm' in module 'top' has 1 operand; mux takes at least 2"],
    ]);
  });

  it('reports a child listed after its parent, and a missing top', () => {
    const c = new ModuleFixture('child');
    c.input('i', 1);
    const p = new ModuleFixture('top');
    p.instance('u', 'child', { i: p.input('x', 1) }, 4);
    const ds = checkStructure({ top: 'main', modules: [p.build(), c.build()] });
    expect(ds.map((d) => d.code)).toEqual(['unknown-module', 'invalid-ir']);
    expect(ds[0]!.message).toBe("top module 'main' is not in the design");
    expect(ds[1]!.message).toBe("module 'top' instantiates 'child' (instance 'u'), which must come before it in the design's module list");
  });

  it('assertValid throws one DesignError carrying every diagnostic', () => {
    const f = new ModuleFixture('top');
    const a = f.input('a', 8);
    f.cell('add', f.output('y', 8), [a, f.input('b', 4)], { line: 5 });
    f.output('z', 1, { line: 6 });
    const d = design([f.build()]);
    expect(runChecks(d).map((x) => x.code)).toEqual(['width-mismatch', 'undriven']);
    let caught: unknown;
    try {
      assertValid(d);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DesignError);
    const err = caught as DesignError;
    expect(err.diagnostics.map((x) => x.loc.line)).toEqual([5, 6]);
    expect(err.message).toContain(`${FILE}:6: error[undriven]: output port 'z' of module 'top' has no driver`);
  });
});

describe('checkStructure: names of temporaries', () => {
  it('reports a user net that spells a temporary, whichever comes first', () => {
    const f = new ModuleFixture('top');
    f.input('a', 1);
    const t = f.temp(1, { line: 30 });
    f.net(`_t${t}`, 1, { line: 31 }); // after the temporary it spells
    f.net(`_t${f.m.nets.length + 1}`, 1, { line: 32 }); // before the temporary it spells
    f.temp(1, { line: 33 });
    const ds = checkStructure(design([f.build()]));
    expect(ds.map((d) => [d.code, d.loc.line, d.message])).toEqual([
      ['duplicate-name', 31, `net '_t${t}' in module 'top' has the same name as net at ${FILE}:30`],
      ['duplicate-name', 33, `net '_t${t + 3}' in module 'top' has the same name as net at ${FILE}:32`],
    ]);
  });

  it('temporaries alone never clash', () => {
    const f = new ModuleFixture('top');
    f.input('a', 1);
    for (let i = 0; i < 5; i++) f.temp(1, { line: 40 + i });
    expect(checkStructure(design([f.build()]))).toEqual([]);
  });
});
