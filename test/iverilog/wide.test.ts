// Values wider than 64 bits in both directions: pokes, peeks of registers and
// combinational outputs (signed and unsigned), and memory words.
import { describe, expect, it } from 'vitest';
import { design, elaborate, SInt, UInt } from '../../hdl/index.ts';
import { haveIcarus, Rng, s, simulators, testCache, u } from './helpers.ts';

/** A 100-bit accumulator, a 72-bit signed pass-through and negation, and a 80-bit wide RAM with an async read. */
const Wide = design('Wide', {}, (m) => {
  const a = m.input('a', UInt(100));
  const b = m.input('b', SInt(72));
  const addr = m.input('addr', UInt(3));
  const we = m.input('we', UInt(1));
  const acc = m.reg('acc', UInt(100), { reset: 0 });
  acc.set(acc.addWrap(a));
  const mem = m.memory('words', { type: UInt(80), depth: 8, init: [(1n << 79n) | 5n] });
  mem.write(addr, a.truncate(80), we);
  const sum = m.output('acc_out', UInt(100));
  sum.set(acc);
  const bOut = m.output('b_out', SInt(72));
  bOut.set(b);
  const bNeg = m.output('b_neg', SInt(72));
  bNeg.set(b.neg().truncate(72));
  const word = m.output('word', UInt(80));
  word.set(mem.read(addr, { sync: false }));
  return { a, b, addr, we, acc_out: sum, b_out: bOut, b_neg: bNeg, word };
});

describe.skipIf(!haveIcarus)('Icarus back end: values wider than 64 bits', () => {
  const open = simulators(testCache());

  it('pokes and peeks 100-bit and signed 72-bit values exactly', () => {
    const sim = open(elaborate(Wide, {}));
    const info = Object.fromEntries(sim.signals().map((x) => [x.name, x]));
    expect(info['acc_out']).toEqual({ name: 'acc_out', width: 100, signed: false });
    expect(info['b_out']).toEqual({ name: 'b_out', width: 72, signed: true });
    sim.reset();
    const rng = new Rng(100);
    let acc = 0n;
    for (let c = 0; c < 60; c++) {
      const a = rng.bits(100);
      const b = s(rng.bits(72), 72);
      sim.poke('a', a);
      // Signed inputs accept the value or its unsigned pattern.
      sim.poke('b', c % 2 === 0 ? b : u(b, 72));
      expect(sim.peek('b_out')).toBe(b);
      expect(sim.peek('b_neg')).toBe(s(-b, 72));
      sim.step();
      acc = u(acc + a, 100);
      expect(sim.peek('acc_out')).toBe(acc);
      expect(sim.peek('acc')).toBe(acc);
    }
    // Extremes of the ranges.
    sim.poke('b', -(1n << 71n));
    expect(sim.peek('b_out')).toBe(-(1n << 71n));
    expect(sim.peek('b_neg')).toBe(-(1n << 71n)); // wraps onto itself
    sim.poke('a', (1n << 100n) - 1n);
    sim.step();
    expect(sim.peek('acc_out')).toBe(u(acc - 1n, 100));
    expect(() => sim.poke('a', 1n << 100n)).toThrow(/input 'a' is 100 bits wide; 1267650600228229401496703205376 does not fit/);
    expect(() => sim.poke('b', -(1n << 71n) - 1n)).toThrow(/input 'b' is 72 bits wide/);
  });

  it('reads and writes 80-bit memory words, through the design and by name', () => {
    const sim = open(elaborate(Wide, {}));
    sim.reset();
    // Initial contents from the IR: word 0 has its top bit set, the rest are 0.
    expect(sim.readMemory('words', 0)).toBe((1n << 79n) | 5n);
    expect(sim.readMemory('words', 7)).toBe(0n);
    sim.poke('addr', 0);
    expect(sim.peek('word')).toBe((1n << 79n) | 5n);
    const big = (1n << 80n) - 3n;
    sim.writeMemory('words', 6, big);
    sim.poke('addr', 6);
    expect(sim.peek('word')).toBe(big); // the asynchronous read sees the testbench's write at once
    // Write through the design: the low 80 bits of a 100-bit input.
    const a = (0xabcn << 88n) | 0x1234_5678_9abc_def0_1234n;
    sim.poke('a', a);
    sim.poke('addr', 3);
    sim.poke('we', 1);
    sim.step();
    sim.poke('we', 0);
    expect(sim.readMemory('words', 3)).toBe(u(a, 80));
    expect(sim.peek('word')).toBe(u(a, 80));
  });
});
