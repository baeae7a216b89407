import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../hdl/diagnostics.ts';
import { addrWidth } from '../../hdl/ir.ts';
import { checkWidths, runChecks } from '../../hdl/passes/index.ts';
import { design, FILE, ModuleFixture } from './fixtures.ts';

function only(ds: Diagnostic[]): Diagnostic {
  expect(ds, ds.map((d) => d.message).join('\n')).toHaveLength(1);
  return ds[0]!;
}

describe('checkWidths', () => {
  it('accepts a well-formed module', () => {
    const f = new ModuleFixture('ok');
    const a = f.input('a', 8);
    const b = f.input('b', 8);
    const s = f.output('s', 9);
    f.cell('add', s, [f.op('zext', [a], 9), f.op('zext', [b], 9)]);
    expect(runChecks(design([f.build()]))).toEqual([]);
  });

  it('reports an operand narrower than an add result, naming the operand and the line', () => {
    const f = new ModuleFixture('top');
    const a = f.input('a', 8);
    const b = f.input('b', 7);
    const y = f.output('y', 8);
    f.cell('add', y, [a, b], { line: 42 });
    const d = only(checkWidths(design([f.build()])));
    expect(d.code).toBe('width-mismatch');
    expect(d.message).toBe("add driving 'y' (u8) in module 'top': operand 2 'b' is u7, expected 8 bits (the result width)");
    expect(d.loc).toEqual({ file: FILE, line: 42, column: 3 });
  });

  it.each([
    ['slice past the top', (f: ModuleFixture) => f.cell('slice', f.output('y', 4), [f.input('a', 8)], { lo: 5, line: 7 }), /bits 8\.\.5 are out of range for 'a' \(u8\)/],
    ['zext that does not widen', (f: ModuleFixture) => f.cell('zext', f.output('y', 8), [f.input('a', 8)], { line: 7 }), /zext driving 'y'.*'a' is u8; zext must widen it/],
    ['compare with a 2-bit result', (f: ModuleFixture) => f.cell('eq', f.output('y', 2), [f.input('a', 8), f.input('b', 8)], { line: 7 }), /eq driving 'y' \(u2\) in module 'top': the result must be 1 bit/],
    ['compare of unequal widths', (f: ModuleFixture) => f.cell('lt', f.output('y', 1), [f.input('a', 8), f.input('b', 9)], { line: 7 }), /operands differ in width: 'a' is u8, 'b' is u9/],
    ['concat whose parts do not add up', (f: ModuleFixture) => f.cell('concat', f.output('y', 10), [f.input('a', 4), f.input('b', 4)], { line: 7 }), /operands add up to 8 bits \('a' u4, 'b' u4\), expected 10 bits/],
    ['mux arm of another width', (f: ModuleFixture) => f.cell('mux', f.output('y', 8), [f.input('s', 1), f.input('a', 8), f.input('b', 6)], { line: 7 }), /operand 3 'b' is u6, expected 8 bits/],
    ['const that does not fit', (f: ModuleFixture) => f.cell('const', f.output('y', 4), [], { value: 16n, line: 7 }), /const driving 'y' \(u4\) in module 'top': value 16 does not fit 4 bits/],
    ['shift that changes width', (f: ModuleFixture) => f.cell('shl', f.output('y', 9), [f.input('a', 8)], { amount: 1, line: 7 }), /shl driving 'y' \(u9\) in module 'top': operand 1 'a' is u8/],
    ['reduction with a wide result', (f: ModuleFixture) => f.cell('redor', f.output('y', 3), [f.input('a', 8)], { line: 7 }), /redor driving 'y' \(u3\) in module 'top': the result must be 1 bit/],
  ])('reports a %s', (_, build, pattern) => {
    const f = new ModuleFixture('top');
    build(f);
    const d = only(checkWidths(design([f.build()])));
    expect(d.code).toBe('width-mismatch');
    expect(d.message).toMatch(pattern);
    expect(d.loc.line).toBe(7);
  });

  it('reports compare operands of different signedness as sign-mismatch', () => {
    const f = new ModuleFixture('top');
    f.cell('ge', f.output('y', 1), [f.input('a', 8, { signed: true }), f.input('b', 8)], { line: 9 });
    const d = only(checkWidths(design([f.build()])));
    expect(d.code).toBe('sign-mismatch');
    expect(d.message).toBe("ge driving 'y' (u1) in module 'top': operands differ in signedness: 'a' is s8, 'b' is u8");
    expect(d.loc.line).toBe(9);
  });

  it('checks registers: data width, clock width, reset and initial values', () => {
    const f = new ModuleFixture('top');
    const clk = f.input('clk', 2, { role: 'clock', line: 3 });
    const rst = f.input('rst', 1, { role: 'reset' });
    const q = f.output('q', 8);
    f.reg(q, f.input('d', 7), clk, { reset: { net: rst, async: false, activeLow: false, value: 256n }, init: 300n, line: 11 });
    const ds = checkWidths(design([f.build()]));
    expect(ds.map((d) => [d.code, d.loc.line, d.message])).toEqual([
      ['width-mismatch', 3, "clock port 'clk' of module 'top' is u2, expected 1 bit"],
      ['width-mismatch', 11, "register 'q' (u8) in module 'top': data input 'd' is u7, expected 8 bits"],
      ['width-mismatch', 11, "register 'q' (u8) in module 'top': clock 'clk' is u2, expected 1 bit"],
      ['width-mismatch', 11, "register 'q' (u8) in module 'top': reset value 256 does not fit 8 bits as an unsigned bit pattern"],
      ['width-mismatch', 11, "register 'q' (u8) in module 'top': initial value 300 does not fit 8 bits as an unsigned bit pattern"],
    ]);
  });

  it('checks memory address and data widths against depth and width', () => {
    expect(addrWidth(16)).toBe(4);
    const f = new ModuleFixture('top');
    const clk = f.input('clk', 1, { role: 'clock' });
    const mem = f.memory('ram', 8, 16, { init: [1n, 2n, 256n] , line: 30 });
    f.read(mem, f.input('ra', 5), f.output('rd', 8), { line: 31 });
    f.write(mem, f.input('wa', 4), f.input('wd', 9), f.input('we', 1), clk, 32);
    const ds = checkWidths(design([f.build()]));
    expect(ds.map((d) => [d.loc.line, d.message])).toEqual([
      [31, "read port 0 of memory 'ram' (16 x u8) in module 'top': address 'ra' is u5, expected 4 bits"],
      [32, "write port 0 of memory 'ram' (16 x u8) in module 'top': data 'wd' is u9, expected 8 bits"],
      [30, "memory 'ram' (16 x u8) in module 'top': initial word 2 (256) does not fit 8 bits"],
    ]);
  });

  it('checks instance connections: widths, unknown, repeated and missing ports', () => {
    const c = new ModuleFixture('child');
    c.cell('id', c.output('y', 4), [c.input('a', 4)]);
    c.input('b', 1);
    const p = new ModuleFixture('top');
    const x = p.input('x', 3);
    const y = p.output('y', 4);
    const inst = p.instance('u1', 'child', { a: x, y }, 50);
    inst.connections.push({ port: 'zz', net: x }, { port: 'y', net: y });
    const ds = checkWidths(design([c.build(), p.build()]));
    expect(ds.map((d) => [d.code, d.loc.line, d.message])).toEqual([
      ['width-mismatch', 50, "instance 'u1' of module 'child' in module 'top': input port 'a' is u4 but is connected to 'x' (u3)"],
      ['unknown-port', 50, "instance 'u1' of module 'child' in module 'top' has no port 'zz'"],
      ['port-connected-twice', 50, "instance 'u1' of module 'child' in module 'top': port 'y' is connected more than once"],
      ['unconnected-port', 50, "instance 'u1' of module 'child' in module 'top': input port 'b' is not connected"],
    ]);
  });
});
