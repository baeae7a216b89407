import { describe, expect, it } from 'vitest';
import type { IrDesign, IrModule } from '../../hdl/ir.ts';
import { foldConstants, removeDeadLogic, runChecks } from '../../hdl/passes/index.ts';
import { design, ModuleFixture, Rng } from './fixtures.ts';
import { FOLDABLE_OPS, randomCase, type RandomCase } from './random-cells.ts';
import { referenceEval } from './reference-semantics.ts';

/** const operands -> op -> named output 'y'. */
function constantCell(c: RandomCase): IrDesign {
  const f = new ModuleFixture('top');
  const args = c.args.map((v, i) => f.konst(v, c.widths[i]!, { signed: c.signed[i] }));
  const y = f.output('y', c.outWidth);
  f.cell(c.op, y, args, c.params);
  return design([f.build()]);
}

function driverOf(m: IrModule, name: string) {
  const net = m.nets.find((n) => n.name === name)!;
  return m.cells.filter((c) => c.out === net.id);
}

describe('foldConstants', () => {
  it('folds every op on random constants exactly as the reference semantics say', () => {
    const rng = new Rng(1234567);
    for (const op of FOLDABLE_OPS) {
      for (let i = 0; i < 60; i++) {
        const c = randomCase(rng, op);
        const d = constantCell(c);
        expect(runChecks(d)).toEqual([]);
        const folded = foldConstants(d);
        const drivers = driverOf(folded.modules[0]!, 'y');
        expect(drivers).toHaveLength(1);
        const want = referenceEval(c.op, c.args, c.widths, c.signed, c.outWidth, c.params);
        if (drivers[0]!.op !== 'const' || drivers[0]!.value !== want) {
          throw new Error(`${op} ${JSON.stringify({ ...c, args: c.args.map(String) })}: folded to ${drivers[0]!.op} ${drivers[0]!.value}, want ${want}`);
        }
        expect(runChecks(folded)).toEqual([]);
      }
    }
  });

  it('folds chains through several cells and keeps named nets, driven by const cells', () => {
    const f = new ModuleFixture('top');
    const a = f.konst(200n, 8);
    const b = f.konst(100n, 8);
    const sum = f.net('sum', 8);
    f.cell('add', sum, [a, b], { line: 20 }); // 300 mod 256 = 44
    const wide = f.op('zext', [sum], 12);
    const y = f.output('y', 12);
    f.cell('sub', y, [wide, f.konst(45n, 12)]); // 44 - 45 wraps to 4095
    const d = design([f.build()]);
    const folded = foldConstants(d);
    const m = folded.modules[0]!;
    expect(driverOf(m, 'sum')).toEqual([{ op: 'const', out: sum, args: [], value: 44n, loc: expect.objectContaining({ line: 20 }) }]);
    expect(driverOf(m, 'y')[0]).toMatchObject({ op: 'const', value: 4095n });
    expect(m.nets.find((n) => n.name === 'sum')?.named).toBe(true);
    // The input design is untouched.
    expect(driverOf(d.modules[0]!, 'sum')[0]!.op).toBe('add');
    // Dead-logic removal then drops the now unused constants; 'sum' is read by nothing any more.
    const clean = removeDeadLogic(folded);
    expect(clean.modules[0]!.cells.map((c) => `${clean.modules[0]!.nets[c.out]!.name}=${c.op}`)).toEqual(['y=const']);
    expect(runChecks(clean)).toEqual([]);
    const keep = removeDeadLogic(folded, { keepNamed: true });
    expect(keep.modules[0]!.cells.map((c) => `${keep.modules[0]!.nets[c.out]!.name}=${c.op}`)).toEqual(['sum=const', 'y=const']);
  });

  it('applies identities with one constant operand', () => {
    const f = new ModuleFixture('top');
    const x = f.input('x', 8);
    const sel = f.input('sel', 2);
    const zero = f.konst(0n, 8);
    const ones = f.konst(255n, 8);
    const outs: Record<string, number> = {};
    const make = (name: string, op: Parameters<ModuleFixture['cell']>[0], args: number[], opts = {}) => {
      outs[name] = f.output(name, 8);
      f.cell(op, outs[name]!, args, opts);
    };
    make('and0', 'and', [x, zero]);
    make('and1', 'and', [ones, x]);
    make('or0', 'or', [zero, x]);
    make('or1', 'or', [x, ones]);
    make('xor0', 'xor', [x, zero]);
    make('add0', 'add', [zero, x]);
    make('sub0', 'sub', [x, zero]);
    make('mul0', 'mul', [x, zero]);
    make('mul1', 'mul', [f.konst(1n, 8), x]);
    make('muxc', 'mux', [f.konst(1n, 1), zero, x]);
    make('muxpast', 'mux', [f.konst(3n, 2), x, zero, ones]);
    make('muxsame', 'mux', [sel, x, x, x]);
    make('shl0', 'shl', [x, f.konst(0n, 3)]);
    make('shr_of_0', 'shr', [zero, f.input('k', 3)]);
    const d = design([f.build()]);
    const m = foldConstants(d).modules[0]!;
    const summary = (name: string) => {
      const c = driverOf(m, name)[0]!;
      return c.op === 'const' ? `const ${c.value}` : `${c.op}(${c.args.map((a) => m.nets[a]!.name).join(',')})`;
    };
    expect(Object.fromEntries(Object.keys(outs).map((k) => [k, summary(k)]))).toEqual({
      and0: 'const 0',
      and1: 'id(x)',
      or0: 'id(x)',
      or1: 'const 255',
      xor0: 'id(x)',
      add0: 'id(x)',
      sub0: 'id(x)',
      mul0: 'const 0',
      mul1: 'id(x)',
      muxc: 'id(x)',
      muxpast: 'const 255',
      muxsame: 'id(x)',
      shl0: 'id(x)',
      shr_of_0: 'const 0',
    });
    expect(runChecks(foldConstants(d))).toEqual([]);
  });

  it('does not fold across a net with two drivers, nor through registers', () => {
    const f = new ModuleFixture('top');
    const clk = f.input('clk', 1, { role: 'clock' });
    const c5 = f.konst(5n, 4);
    const q = f.net('q', 4);
    f.reg(q, c5, clk, { init: 0n });
    const y = f.output('y', 4);
    f.cell('add', y, [q, f.konst(1n, 4)]);
    const m = foldConstants(design([f.build()])).modules[0]!;
    expect(driverOf(m, 'y')[0]!.op).toBe('add');
  });
});
