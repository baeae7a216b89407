import { describe, expect, it } from 'vitest';
import type { IrDesign } from '../../hdl/ir.ts';
import { irToJson, runChecks, uniquifyModules } from '../../hdl/passes/index.ts';
import { design, ModuleFixture } from './fixtures.ts';

/** y = a op b, written at a given line so copies differ in their locations only. */
function gate(name: string, op: 'and' | 'or', line: number) {
  const f = new ModuleFixture(name, line);
  f.cell(op, f.output('y', 1, { line }), [f.input('a', 1, { line }), f.input('b', 1, { line })], { line });
  return f.build();
}

function wrapper(name: string, child: string) {
  const f = new ModuleFixture(name);
  const a = f.input('a', 1);
  f.instance('g', child, { a, b: a, y: f.output('y', 1) });
  return f.build();
}

const shape = (d: IrDesign) => ({ top: d.top, modules: d.modules.map((m) => [m.name, m.instances.map((i) => i.module)]) });

describe('uniquifyModules', () => {
  it('merges structurally identical modules, keeping the first name, and then their identical parents', () => {
    const top = new ModuleFixture('top');
    const x = top.input('x', 1);
    top.instance('w1', 'wrap1', { a: x, y: top.output('y1', 1) });
    top.instance('w2', 'wrap2', { a: x, y: top.output('y2', 1) });
    top.instance('w3', 'wrap3', { a: x, y: top.output('y3', 1) });
    const d = design([gate('and_a', 'and', 10), gate('and_b', 'and', 20), gate('or_a', 'or', 30), wrapper('wrap1', 'and_a'), wrapper('wrap2', 'and_b'), wrapper('wrap3', 'or_a'), top.build()]);
    const before = irToJson(d);
    const out = uniquifyModules(d);
    expect(irToJson(d)).toBe(before);
    expect(shape(out)).toEqual({
      top: 'top',
      modules: [['and_a', []], ['or_a', []], ['wrap1', ['and_a']], ['wrap3', ['or_a']], ['top', ['wrap1', 'wrap1', 'wrap3']]],
    });
    expect(runChecks(out)).toEqual([]);
  });

  it('renames a different module that reuses a name with _1, _2, skipping names already taken', () => {
    const top = new ModuleFixture('top');
    const x = top.input('x', 1);
    top.instance('u1', 'g', { a: x, b: x, y: top.output('y1', 1) });
    const g2 = gate('g', 'or', 2);
    const mid = new ModuleFixture('mid');
    const a = mid.input('a', 1);
    mid.instance('inner', 'g', { a, b: a, y: mid.output('y', 1) });
    top.instance('u2', 'mid', { a: x, y: top.output('y2', 1) });
    const g3 = gate('g', 'and', 3);
    g3.cells[0]!.op = 'xor';
    top.instance('u3', 'g', { a: x, b: x, y: top.output('y3', 1) });
    // Order: g(and) g_1 (an unrelated module already named g_1) g(or) mid[uses g(or)] g(xor) top[uses g(xor) twice, mid]
    const d = design([gate('g', 'and', 1), gate('g_1', 'or', 5), g2, mid.build(), g3, top.build()]);
    d.modules[1]!.cells[0]!.op = 'xor';
    const out = uniquifyModules(d);
    expect(shape(out)).toEqual({
      top: 'top',
      modules: [['g', []], ['g_1', []], ['g_2', []], ['mid', ['g_2']], ['top', ['g_1', 'mid', 'g_1']]],
    });
    // g_1 (xor) and the last g (xor) are the same module; they merged into g_1.
    expect(out.modules[1]!.cells[0]!.op).toBe('xor');
    expect(out.modules[2]!.cells[0]!.op).toBe('or');
    expect(runChecks(out)).toEqual([]);
  });

  it('keeps modules that differ in a constant, a width or a name apart', () => {
    const make = (value: bigint, width: number, port: string) => {
      const f = new ModuleFixture('k');
      f.cell('const', f.output(port, width), [], { value });
      return f.build();
    };
    const d = design([make(1n, 4, 'y'), make(2n, 4, 'y'), make(1n, 5, 'y'), make(1n, 4, 'z'), make(1n, 4, 'y')], 'k');
    expect(uniquifyModules(d).modules.map((m) => m.name)).toEqual(['k', 'k_1', 'k_2', 'k_3']);
  });
});
