import { describe, expect, it } from 'vitest';
import { checkDrivers } from '../../hdl/passes/index.ts';
import { design, FILE, ModuleFixture } from './fixtures.ts';

describe('checkDrivers', () => {
  it('reports an output port without a driver at the port net\'s line', () => {
    const f = new ModuleFixture('top');
    f.input('a', 1);
    f.output('y', 1, { line: 14 });
    const ds = checkDrivers(design([f.build()]));
    expect(ds).toEqual([{ code: 'undriven', message: "output port 'y' of module 'top' has no driver", loc: { file: FILE, line: 14, column: 3 } }]);
  });

  it('reports undriven named nets and read temporaries, not unread temporaries', () => {
    const f = new ModuleFixture('top');
    const w = f.net('w', 4, { line: 20 });
    const t = f.temp(4, { line: 21 });
    f.temp(4, { line: 22 }); // unread, undriven: front-end residue, not reported
    f.cell('add', f.output('y', 4), [w, t]);
    const ds = checkDrivers(design([f.build()]));
    expect(ds.map((d) => [d.code, d.loc.line, d.message])).toEqual([
      ['undriven', 20, "net 'w' in module 'top' has no driver"],
      ['undriven', 21, "temporary '_t1' in module 'top' is read but has no driver"],
    ]);
  });

  it('reports a net driven twice, naming both locations', () => {
    const f = new ModuleFixture('top');
    const a = f.input('a', 4);
    const w = f.output('w', 4);
    f.cell('not', w, [a], { line: 10 });
    f.cell('id', w, [a], { line: 12 });
    const [d, ...rest] = checkDrivers(design([f.build()]));
    expect(rest).toEqual([]);
    expect(d!.code).toBe('multiple-drivers');
    expect(d!.message).toBe(`net 'w' in module 'top' has 2 drivers: cell not at ${FILE}:10 and cell id at ${FILE}:12`);
    expect(d!.loc.line).toBe(12);
    expect(d!.related?.map((r) => r.loc.line)).toEqual([10, 12]);
  });

  it('reports an instance output wired to a net that something else drives', () => {
    const c = new ModuleFixture('child');
    c.cell('id', c.output('o', 2), [c.input('i', 2)]);
    const p = new ModuleFixture('top');
    const x = p.input('x', 2);
    const n = p.output('n', 2);
    p.cell('not', n, [x], { line: 30 });
    p.instance('u7', 'child', { i: x, o: n }, 31);
    const ds = checkDrivers(design([c.build(), p.build()]));
    expect(ds).toHaveLength(1);
    expect(ds[0]!.code).toBe('multiple-drivers');
    expect(ds[0]!.message).toContain(`output 'o' of instance 'u7' at ${FILE}:31`);
    expect(ds[0]!.message).toContain(`cell not at ${FILE}:30`);
  });

  it('reports driving an input port from inside the module', () => {
    const f = new ModuleFixture('top');
    const a = f.input('a', 4, { line: 2 });
    const b = f.input('b', 4);
    f.cell('not', a, [b], { line: 40 });
    f.cell('id', f.output('y', 4), [a]);
    const ds = checkDrivers(design([f.build()]));
    expect(ds).toHaveLength(1);
    expect(ds[0]!).toMatchObject({ code: 'drives-input', loc: { line: 40 } });
    expect(ds[0]!.message).toBe(`input port 'a' of module 'top' is driven from inside the module by cell not at ${FILE}:40`);
    expect(ds[0]!.related?.[0]?.loc.line).toBe(2);
  });

  it('counts every kind of driver: register, memory read, instance output', () => {
    const c = new ModuleFixture('child');
    c.cell('id', c.output('o', 2), [c.input('i', 2)]);
    const p = new ModuleFixture('top');
    const clk = p.input('clk', 1, { role: 'clock' });
    const a = p.input('a', 2);
    const q = p.output('q', 2);
    p.reg(q, a, clk, { init: 0n, line: 60 });
    const mem = p.memory('m', 2, 4);
    p.read(mem, a, q, { line: 61 });
    p.instance('u', 'child', { i: a, o: q }, 62);
    const ds = checkDrivers(design([c.build(), p.build()]));
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toBe(
      `net 'q' in module 'top' has 3 drivers: register 'q' at ${FILE}:60, read port 0 of memory 'm' at ${FILE}:61 and output 'o' of instance 'u' at ${FILE}:62`,
    );
  });
});
