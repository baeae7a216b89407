import { describe, expect, it } from 'vitest';
import type { IrDesign } from '../../hdl/ir.ts';
import { dumpIr, irFromJson, irToJson } from '../../hdl/passes/index.ts';
import { design, ModuleFixture } from './fixtures.ts';

function rich(): IrDesign {
  const child = new ModuleFixture('child');
  child.cell('id', child.output('o', 3), [child.input('i', 3)]);
  child.m.doc = 'A wire, with "quotes".';
  const f = new ModuleFixture('top');
  f.m.origin = {
    design: 'Top',
    params: { width: 8, big: 2n ** 100n, neg: -5n, list: [1, 2n, { deep: 3n }], name: 'x', on: true, none: null, nan: Number.NaN, inf: -Infinity },
  };
  const clk = f.input('clk', 1, { role: 'clock' });
  const rst = f.input('rst', 1, { role: 'reset' });
  const v = f.net('v', 130, { signed: true, frac: 12 });
  const wide = 2n ** 130n - 1n;
  f.cell('const', v, [], { value: wide });
  const q = f.output('q', 130, { signed: true });
  f.reg(q, v, clk, { reset: { net: rst, async: true, activeLow: true, value: 2n ** 129n }, enable: rst, init: 12345678901234567890123n });
  const mem = f.memory('m', 70, 3, { init: [2n ** 69n, 0n, 7n], signed: true });
  const a = f.input('a', 2);
  f.read(mem, a, f.net('rd', 70), { sync: true, clock: clk, enable: rst });
  f.read(mem, a, f.net('rd2', 70));
  f.write(mem, a, f.op('slice', [v], 70, { lo: 3 }), rst, clk);
  f.op('shl', [v], 130, { amount: 4 });
  f.instance('c', 'child', { i: f.op('slice', [a], 1, { lo: 1 }), o: f.net('co', 3) });
  return design([child.build(), f.build()]);
}

describe('IR JSON', () => {
  it('round-trips exactly, bigints included', () => {
    const d = rich();
    const text = irToJson(d);
    const back = irFromJson(text);
    expect(back).toEqual(d);
    expect(back.modules[1]!.origin.params.big).toBe(2n ** 100n);
    expect(back.modules[1]!.cells[0]!.value).toBe(2n ** 130n - 1n);
    expect(Object.is(back.modules[1]!.origin.params.nan, Number.NaN)).toBe(true);
    expect(irToJson(back)).toBe(text);
    expect(dumpIr(back)).toBe(dumpIr(d));
  });

  it('writes IR bigints as decimal strings and tags bigints inside parameters', () => {
    const text = irToJson(rich(), { indent: 0 });
    expect(text).toContain('"value":"1361129467683753853853498429727072845823"');
    expect(text).toContain('"init":"12345678901234567890123"');
    expect(text).toContain('"big":{"$bigint":"1267650600228229401496703205376"}');
    expect(text).toContain('"nan":{"$number":"NaN"}');
    expect(text.startsWith('{"format":"spikeforge-ir","version":1,"top":"top","modules":[')).toBe(true);
  });

  it('does not depend on the key order of the objects it is given', () => {
    const d = rich();
    const reordered = irFromJson(irToJson(d));
    const m = reordered.modules[1]!;
    m.nets = m.nets.map((n) => Object.fromEntries(Object.entries(n).reverse()) as typeof n);
    m.cells = m.cells.map((c) => Object.fromEntries(Object.entries(c).reverse()) as typeof c);
    expect(irToJson(reordered)).toBe(irToJson(d));
  });

  it('rejects malformed input, naming where', () => {
    const good = JSON.parse(irToJson(rich()));
    expect(() => irFromJson('{')).toThrow(/irFromJson: not JSON/);
    expect(() => irFromJson(JSON.stringify({ ...good, version: 9 }))).toThrow(/\$\.version: unsupported version 9/);
    good.modules[1].cells[0].value = '12x';
    expect(() => irFromJson(JSON.stringify(good))).toThrow('irFromJson: $.modules[1].cells[0].value: expected a decimal integer string');
    good.modules[1].cells[0].value = '12';
    good.modules[1].cells[0].op = 'frobnicate';
    expect(() => irFromJson(JSON.stringify(good))).toThrow("$.modules[1].cells[0].op: unknown op 'frobnicate'");
  });

  it('refuses parameters JSON cannot hold', () => {
    const d = rich();
    d.modules[1]!.origin.params.fn = () => 1;
    expect(() => irToJson(d)).toThrow(/origin\.params\.fn is a function/);
  });
});
