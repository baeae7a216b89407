// The columnar batch API (runColumns) and bind(), checked the same way on every
// back end (test/{builtin,verilator,iverilog}/columns.test.ts): on a design with
// 1-, 32-, 33- (signed) and 100-bit ports, random stimulus gives the values of
// run() and peek; bad names, values wider than their port and buffers of the
// wrong length are refused with an error that says so, before anything runs.
import { expect, it } from 'vitest';
import { Bool, design, elaborate, SInt, UInt } from '../../hdl/index.ts';
import type { IrDesign } from '../../hdl/ir.ts';
import type { Simulator } from '../../testbenches/simulator.ts';

export const ColumnMix = design('ColumnMix', {}, (m) => {
  const a = m.input('a', Bool());
  const b = m.input('b', UInt(32));
  const c = m.input('c', SInt(33));
  const d = m.input('d', UInt(100));
  const t = m.reg('t', Bool(), { reset: 0 });
  t.set(t.xor(a));
  const acc = m.reg('acc', UInt(32), { reset: 0 });
  acc.set(acc.addWrap(b));
  const r33 = m.reg('r33', SInt(33), { reset: 0 });
  r33.set(c);
  const acc100 = m.reg('acc100', UInt(100), { reset: 0 });
  acc100.set(acc100.addWrap(d));
  const o1 = m.output('o1', Bool());
  o1.set(t);
  const o32 = m.output('o32', UInt(32));
  o32.set(acc);
  const o33 = m.output('o33', SInt(33));
  o33.set(r33);
  const o100 = m.output('o100', UInt(100));
  o100.set(acc100);
  const x100 = m.output('x100', UInt(100));
  x100.set(d.xor(acc100));
  return { a, b, c, d, o1, o32, o33, o100, x100 };
});

const INPUTS = ['a', 'b', 'c', 'd'];
const IN_WIDTHS = [1, 32, 33, 100];
const OBSERVE = ['o1', 'o32', 'o33', 'o100', 'x100'];
const OUT_WIDTHS = [1, 32, 33, 100, 100];
const words = (w: number): number => Math.ceil(w / 32);

/** xorshift32 */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

function randomValue(next: () => number, width: number, signed: boolean): bigint {
  let x = 0n;
  for (let k = 0; k < words(width); k++) x = (x << 32n) | BigInt(next());
  x = BigInt.asUintN(width, x);
  return signed ? BigInt.asIntN(width, x) : x;
}

function put(v: bigint, width: number, out: Uint32Array, at: number): void {
  let p = BigInt.asUintN(width, v);
  for (let k = 0; k < words(width); k++, p >>= 32n) out[at + k] = Number(p & 0xffffffffn);
}

function get(src: Uint32Array, at: number, width: number): bigint {
  let x = 0n;
  for (let k = words(width) - 1; k >= 0; k--) x = (x << 32n) | BigInt(src[at + k]!);
  return x;
}

export function columnsSuite(create: (ir: IrDesign) => Simulator, cycles: number): void {
  const ir = elaborate(ColumnMix, {});
  const next = rng(12345);
  const rows: bigint[][] = Array.from({ length: cycles }, () => IN_WIDTHS.map((w, j) => randomValue(next, w, j === 2)));
  const columns = (): Uint32Array[] =>
    IN_WIDTHS.map((w, j) => {
      const col = new Uint32Array(cycles * words(w));
      rows.forEach((row, c) => put(row[j]!, w, col, c * words(w)));
      return col;
    });

  const reference = (): bigint[][] => {
    const sim = create(ir);
    try {
      sim.reset(1);
      return sim.run({ inputs: INPUTS, cycles: rows, observe: OBSERVE });
    } finally {
      sim.close();
    }
  };

  it('runColumns gives the values of run()', () => {
    const want = reference();
    const sim = create(ir);
    try {
      sim.reset(1);
      const r = sim.runColumns!({ inputs: INPUTS, cycles, values: columns(), observe: OBSERVE });
      expect(r.observe).toEqual(OBSERVE);
      expect(r.widths).toEqual(OUT_WIDTHS);
      expect(r.words).toEqual(OUT_WIDTHS.map(words));
      expect(r.signed).toEqual([false, false, true, false, false]);
      r.values.forEach((col, i) => expect(col.length).toBe(cycles * words(OUT_WIDTHS[i]!)));
      const got = Array.from({ length: cycles }, (_, c) => OUT_WIDTHS.map((w, i) => get(r.values[i]!, c * words(w), w)));
      expect(got).toEqual(want.map((row) => row.map((v, i) => BigInt.asUintN(OUT_WIDTHS[i]!, v))));
      expect(sim.cycle).toBe(1 + cycles);
      // The state carries on: the next cycle agrees with peek.
      expect(BigInt.asUintN(100, sim.peek('o100'))).toBe(got[cycles - 1]![3]);
      // Results written into the caller's arrays: the same values again from the same state.
      const again = create(ir);
      try {
        again.reset(1);
        const out = OUT_WIDTHS.map((w) => new Uint32Array(cycles * words(w) + 3).fill(7));
        const r2 = again.runColumns!({ inputs: INPUTS, cycles, values: columns(), observe: OBSERVE, out });
        r2.values.forEach((v, i) => expect(v).toBe(out[i]));
        out.forEach((v, i) => expect([...v.subarray(0, cycles * words(OUT_WIDTHS[i]!))]).toEqual([...r.values[i]!]));
        expect(() => again.runColumns!({ inputs: INPUTS, cycles, values: columns(), observe: OBSERVE, out: out.slice(1) })).toThrow(/out arrays/);
        expect(() => again.runColumns!({ inputs: INPUTS, cycles, values: columns(), observe: OBSERVE, out: out.map((o) => o.subarray(0, 1)) })).toThrow(/out\[0\]/);
      } finally {
        again.close();
      }
    } finally {
      sim.close();
    }
  });

  it('bind() cycles give the values of run() and of peek', () => {
    const want = reference();
    const sim = create(ir);
    try {
      sim.reset(1);
      const b = sim.bind!({ inputs: INPUTS, observe: OBSERVE });
      expect(b.inputWidths).toEqual(IN_WIDTHS);
      expect(b.outputWidths).toEqual(OUT_WIDTHS);
      expect(b.inputs.length).toBe(1 + 1 + 2 + 4);
      expect(b.outputs.length).toBe(1 + 1 + 2 + 4 + 4);
      // After reset every register reads 0; the inputs start at 0.
      expect([...b.outputs]).toEqual(new Array(12).fill(0));
      for (let c = 0; c < cycles; c++) {
        rows[c]!.forEach((v, j) => put(v, IN_WIDTHS[j]!, b.inputs, b.inputAt[j]!));
        b.cycle();
        const got = OUT_WIDTHS.map((w, i) => get(b.outputs, b.outputAt[i]!, w));
        expect(got).toEqual(want[c]!.map((v, i) => BigInt.asUintN(OUT_WIDTHS[i]!, v)));
        if (c % 17 === 0) expect(OBSERVE.map((n) => sim.peek(n))).toEqual(want[c]);
      }
      expect(sim.cycle).toBe(1 + cycles);
      // A poke in between, then a plain step: the binding does not hold the simulator.
      sim.poke('b', 5);
      sim.step(1);
      expect(sim.peek('o32')).toBe(BigInt.asUintN(32, want[cycles - 1]![1]! + 5n));
    } finally {
      sim.close();
    }
  });

  it('refuses unknown names, values wider than their port and buffers of the wrong length', () => {
    const sim = create(ir);
    try {
      sim.reset(1);
      const vals = columns();
      expect(() => sim.runColumns!({ inputs: ['a', 'nope', 'c', 'd'], cycles, values: vals, observe: OBSERVE })).toThrow(/nope/);
      expect(() => sim.runColumns!({ inputs: INPUTS, cycles, values: vals, observe: ['o1', 'nothere'] })).toThrow(/nothere/);
      expect(() => sim.runColumns!({ inputs: ['o32'], cycles, values: [vals[1]!], observe: OBSERVE })).toThrow(/output/);
      expect(() => sim.runColumns!({ inputs: INPUTS, cycles: cycles + 1, values: vals, observe: OBSERVE })).toThrow(/words/);
      expect(() => sim.runColumns!({ inputs: INPUTS, cycles, values: vals.slice(1), observe: OBSERVE })).toThrow(/value arrays/);
      const wide1 = vals.map((x) => x.slice());
      wide1[0]![cycles - 1] = 2; // 1-bit input, last cycle
      expect(() => sim.runColumns!({ inputs: INPUTS, cycles, values: wide1, observe: OBSERVE })).toThrow(new RegExp(`cycle ${cycles - 1}: input 'a' is 1 bit wide`));
      const wide33 = vals.map((x) => x.slice());
      wide33[2]![3 * 2 + 1] = 2; // bit 33 of the 33-bit input at cycle 3
      expect(() => sim.runColumns!({ inputs: INPUTS, cycles, values: wide33, observe: OBSERVE })).toThrow(/cycle 3: input 'c' is 33 bits wide/);
      const wide100 = vals.map((x) => x.slice());
      wide100[3]![3] = 0x10; // bit 100
      expect(() => sim.runColumns!({ inputs: INPUTS, cycles, values: wide100, observe: OBSERVE })).toThrow(/cycle 0: input 'd' is 100 bits wide/);
      // Nothing ran.
      expect(sim.cycle).toBe(1);

      expect(() => sim.bind!({ inputs: ['zz'], observe: [] })).toThrow(/zz/);
      expect(() => sim.bind!({ inputs: [], observe: ['yy'] })).toThrow(/yy/);
      const b = sim.bind!({ inputs: INPUTS, observe: OBSERVE });
      b.inputs[b.inputAt[2]! + 1] = 3; // the 33-bit input
      expect(() => b.cycle()).toThrow(/input 'c' is 33 bits wide/);
      b.inputs[b.inputAt[2]! + 1] = 1;
      b.inputs[b.inputAt[3]! + 3] = 0xf0; // bits 100.. of the 100-bit input
      expect(() => b.cycle()).toThrow(/input 'd' is 100 bits wide/);
      expect(sim.cycle).toBe(1);
      b.inputs[b.inputAt[3]! + 3] = 0xf;
      b.cycle();
      expect(sim.cycle).toBe(2);
      expect(sim.peek('o33')).toBe(-(1n << 32n)); // pattern 1 << 32 read as signed 33 bits
      sim.close();
      expect(() => b.cycle()).toThrow(/closed/);
    } finally {
      sim.close();
    }
  });
}
