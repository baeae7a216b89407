import { describe, expect, it } from 'vitest';
import type { IrModule } from '../../hdl/ir.ts';
import { irToJson, removeDeadLogic, runChecks } from '../../hdl/passes/index.ts';
import { design, ModuleFixture } from './fixtures.ts';

const names = (m: IrModule) => m.nets.map((n) => n.name);

function sample() {
  const child = new ModuleFixture('child');
  child.cell('not', child.output('o', 4), [child.input('i', 4)]);

  const f = new ModuleFixture('top');
  const clk = f.input('clk', 1, { role: 'clock' });
  const a = f.input('a', 4);
  const unusedIn = f.input('spare', 4);
  void unusedIn;
  const y = f.output('y', 4);
  // Live: y = a + 1
  f.cell('add', y, [a, f.konst(1n, 4)]);
  // Dead: a named wire, a register chain and a ROM read nobody uses.
  const dead = f.net('dead_wire', 4);
  f.cell('xor', dead, [a, f.op('not', [a], 4)]);
  const r = f.net('dead_reg', 4);
  f.reg(r, dead, clk, { init: 0n });
  const rom = f.memory('rom', 4, 4, { init: [1n, 2n] });
  f.read(rom, f.op('slice', [a], 2, { lo: 0 }), f.net('rom_data', 4));
  // Live: a RAM written from the inputs (writes are roots) and an instance input.
  const ram = f.memory('ram', 4, 4);
  f.write(ram, f.op('slice', [a], 2, { lo: 2 }), a, f.op('redor', [a], 1), clk);
  const inst_in = f.op('neg', [a], 4);
  f.instance('u', 'child', { i: inst_in, o: f.net('child_out', 4) });
  return design([child.build(), f.build()]);
}

describe('removeDeadLogic', () => {
  it('removes logic that reaches no port, instance or memory write, and renumbers nets densely', () => {
    const d = sample();
    const before = irToJson(d);
    expect(runChecks(d)).toEqual([]);
    const out = removeDeadLogic(d);
    expect(irToJson(d)).toBe(before); // the input is untouched
    const m = out.modules[1]!;
    expect(names(m)).toEqual(['clk', 'a', 'spare', 'y', '_t4', '_t10', '_t11', '_t12', 'child_out']);
    expect(m.nets.map((n) => n.id)).toEqual(m.nets.map((_, i) => i));
    expect(m.regs).toEqual([]);
    expect(m.memories.map((x) => x.name)).toEqual(['ram']);
    expect(m.cells.map((c) => c.op)).toEqual(['const', 'add', 'slice', 'redor', 'neg']);
    // References follow the renumbering: the module is still valid and reads the same nets by name.
    expect(runChecks(out)).toEqual([]);
    expect(m.cells.map((c) => `${m.nets[c.out]!.name}=${c.op}(${c.args.map((x) => m.nets[x]!.name).join(',')})`)).toEqual([
      '_t4=const()', 'y=add(a,_t4)', '_t10=slice(a)', '_t11=redor(a)', '_t12=neg(a)',
    ]);
    expect(m.memories[0]!.writePorts[0]).toMatchObject({ addr: 5, data: 1, enable: 6, clock: 0 });
    expect(m.instances[0]!.connections).toEqual([{ port: 'i', net: 7 }, { port: 'o', net: 8 }]);
    // The child had nothing dead.
    expect(out.modules[0]).toEqual(d.modules[0]);
  });

  it('keeps named nets and what drives them when asked', () => {
    const out = removeDeadLogic(sample(), { keepNamed: true });
    const m = out.modules[1]!;
    expect(names(m)).toContain('dead_wire');
    expect(names(m)).toContain('dead_reg');
    expect(names(m)).toContain('rom_data');
    expect(m.memories.map((x) => x.name)).toEqual(['rom', 'ram']);
    expect(runChecks(out)).toEqual([]);
  });

  it('keeps a memory whose read feeds an output, with the logic on its write side', () => {
    const f = new ModuleFixture('top');
    const clk = f.input('clk', 1, { role: 'clock' });
    const addr = f.input('addr', 2);
    const mem = f.memory('rom', 8, 4, { init: [5n] });
    const data = f.output('data', 8);
    f.read(mem, f.op('id', [addr], 2), data, { sync: true, clock: clk });
    f.net('junk', 3);
    const m = removeDeadLogic(design([f.build()])).modules[0]!;
    expect(names(m)).toEqual(['clk', 'addr', 'data', '_t3']);
    expect(m.memories[0]!.readPorts[0]).toMatchObject({ addr: 3, data: 2, clock: 0 });
  });
});
