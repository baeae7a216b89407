import { describe, expect, it } from 'vitest';
import type { IrDesign } from '../../hdl/ir.ts';
import { dumpIr, irFromJson, irToJson } from '../../hdl/passes/index.ts';
import { design, ModuleFixture } from './fixtures.ts';

function counter(): IrDesign {
  const inc = new ModuleFixture('inc', 1);
  const a = inc.input('a', 4, { line: 2 });
  const one = inc.net('one', 4, { line: 3 });
  inc.cell('const', one, [], { value: 1n, line: 3 });
  inc.cell('add', inc.output('y', 4, { line: 4 }), [a, one], { line: 4 });

  const f = new ModuleFixture('counter', 10);
  f.m.origin = { design: 'Counter', params: { width: 4, step: 1n } };
  const clk = f.input('clk', 1, { role: 'clock', line: 11 });
  const rst = f.input('rst', 1, { role: 'reset', line: 12 });
  const count = f.output('count', 4, { line: 13 });
  const next = f.temp(4, { line: 14 });
  f.instance('u_inc', 'inc', { a: count, y: next }, 14);
  f.reg(count, next, clk, { reset: { net: rst, async: false, activeLow: false, value: 0n }, line: 15 });
  const mem = f.memory('hist', 4, 16, { init: [3n, 1n], line: 16 });
  const seen = f.net('seen', 4, { line: 17 });
  f.read(mem, count, seen, { line: 17 });
  f.write(mem, count, next, rst, clk, 18);
  const top2 = f.net('top2', 2, { line: 19 });
  f.cell('slice', top2, [count], { lo: 2, line: 19 });
  f.cell('sra', f.net('half', 4, { signed: true, line: 20 }), [seen], { amount: 1, line: 20 });
  return design([inc.build(), f.build()]);
}

describe('dumpIr', () => {
  it('prints a readable, stable listing (hand-written golden)', () => {
    expect(dumpIr(counter())).toBe(`design top=counter

module inc  @test/fixture.ts:1
  origin inc {}
  ports:
    input a: u4
    output y: u4
  nets:
    a: u4 named  @test/fixture.ts:2
    one: u4 named  @test/fixture.ts:3
    y: u4 named  @test/fixture.ts:4
  cells:
    one:u4 = const(1)  @test/fixture.ts:3
    y:u4 = add(a, one)  @test/fixture.ts:4

module counter  @test/fixture.ts:10
  origin Counter {"step":"1n","width":4}
  ports:
    input clk: u1 clock
    input rst: u1 reset
    output count: u4
  nets:
    clk: u1 named  @test/fixture.ts:11
    rst: u1 named  @test/fixture.ts:12
    count: u4 named  @test/fixture.ts:13
    _t3: u4 temp  @test/fixture.ts:14
    seen: u4 named  @test/fixture.ts:17
    top2: u2 named  @test/fixture.ts:19
    half: s4 named  @test/fixture.ts:20
  cells:
    top2:u2 = slice(count, lo=2)  @test/fixture.ts:19
    half:s4 = sra(seen, amount=1)  @test/fixture.ts:20
  regs:
    count:u4 = reg(_t3) clock=clk reset=rst(sync, active-high, value=0)  @test/fixture.ts:15
  memories:
    hist: 16 x u4 init[2]=[3, 1]  @test/fixture.ts:16
      read 0: seen:u4 = hist[count] async  @test/fixture.ts:17
      write 0: hist[count] = _t3 enable=rst clock=clk  @test/fixture.ts:18
  instances:
    u_inc = inc(a=count, y=_t3)  @test/fixture.ts:14
`);
  });

  it('is deterministic: same design, copies and JSON round trips give identical text', () => {
    const d = counter();
    const text = dumpIr(d);
    expect(dumpIr(counter())).toBe(text);
    expect(dumpIr(irFromJson(irToJson(d)))).toBe(text);
    // Parameter key order does not matter.
    const e = counter();
    e.modules[1]!.origin.params = { step: 1n, width: 4 };
    expect(dumpIr(e)).toBe(text);
  });

  it('summarises long memory initialisations by a count and a fingerprint', () => {
    const f = new ModuleFixture('m');
    f.memory('big', 8, 40, { init: Array.from({ length: 40 }, (_, i) => BigInt(i)), line: 5 });
    const line = dumpIr(design([f.build()])).split('\n').find((l) => l.includes('big:'))!;
    expect(line).toMatch(/^ {4}big: 40 x u8 init\[40\]=\[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \.\.\. 24 more, fnv1a=[0-9a-f]{8}\] {2}@test\/fixture\.ts:5$/);
    const g = new ModuleFixture('m');
    g.memory('big', 8, 40, { init: Array.from({ length: 40 }, (_, i) => BigInt(i === 39 ? 0 : i)), line: 5 });
    const other = dumpIr(design([g.build()])).split('\n').find((l) => l.includes('big:'))!;
    expect(other).not.toBe(line);
  });
});
