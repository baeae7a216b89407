// Internal signals of instances peeked by hierarchical name (examples/neuron-pair.ts),
// and values wider than 64 bits in both directions (ports, registers, memories, batch).
import { afterAll, describe, expect, it } from 'vitest';
import { Bool, design, elaborate, SInt, UInt } from '../../hdl/index.ts';
import { Fifo } from '../../examples/fifo.ts';
import { NeuronPair } from '../../examples/neuron-pair.ts';
import { createVerilatorSimulator, type VerilatorSimulator } from '../../testbenches/verilator/index.ts';
import { haveVerilator, lifCycle, Rng, simOptions } from './helpers.ts';

/** A 100-bit adder and accumulator, a signed 100-bit shift, a 64-bit inverter and a memory of 100-bit words. */
const WideAdder = design('WideAdder', { width: 100 }, (m, p) => {
  const a = m.input('a', UInt(p.width));
  const b = m.input('b', UInt(p.width));
  const sa = m.input('sa', SInt(p.width));
  const x64 = m.input('x64', UInt(64));
  const addr = m.input('addr', UInt(2));
  const we = m.input('we', Bool());
  const sum = m.output('sum', UInt(p.width + 1));
  const half = m.output('half', SInt(p.width));
  const y64 = m.output('y64', UInt(64));
  const q = m.output('q', UInt(p.width));
  const acc = m.reg('acc', UInt(p.width), { reset: 0 });
  acc.set(acc.addWrap(a));
  sum.set(a.add(b));
  half.set(sa.shr(1));
  y64.set(x64.not());
  const words = m.memory('words', { type: UInt(p.width), depth: 4 });
  words.write(addr, b, we);
  q.set(words.read(addr, { sync: false }));
  return { a, b, sa, x64, addr, we, sum, half, y64, q };
});

/** A FIFO inside an instance, so its RAM has a hierarchical name. */
const FifoWrap = design('FifoWrap', {}, (m) => {
  const din = m.input('din', UInt(8));
  const push = m.input('push', Bool());
  const pop = m.input('pop', Bool());
  const dout = m.output('dout', UInt(8));
  const valid = m.output('valid', Bool());
  const f = m.instance('fifo', Fifo, { width: 8, addrBits: 2 });
  f.enq.valid.set(push);
  f.enq.data.set(din);
  f.deq.ready.set(pop);
  dout.set(f.deq.data);
  valid.set(f.deq.valid);
  return { din, push, pop, dout, valid };
});

const M100 = (1n << 100n) - 1n;

describe.skipIf(!haveVerilator)('verilator back end: hierarchy and wide values', () => {
  const open: VerilatorSimulator[] = [];
  afterAll(() => open.forEach((s) => s.close()));

  it('peeks signals inside instances by hierarchical name', () => {
    const s = createVerilatorSimulator(elaborate(NeuronPair, { threshold: 500 }), simOptions());
    open.push(s);
    const names = s.signals().map((x) => x.name);
    for (const n of ['fast.v', 'slow.v', 'fast.integrated', 'slow.fire', 'spike_counter.value', 'spike_counter.en', 'fast.membrane'])
      expect(names).toContain(n);
    expect(s.signals().find((x) => x.name === 'fast.v')).toEqual({ name: 'fast.v', width: 16, signed: true });
    s.reset();
    const rng = new Rng(5);
    let fast = 0;
    let slow = 0;
    let count = 0;
    for (let c = 0; c < 300; c++) {
      const current = rng.int(-100, 450);
      const step = rng.bool(0.9);
      s.poke('step', step ? 1 : 0);
      s.poke('current', current);
      const f = lifCycle(fast, current, step, 3, 500);
      const sl = lifCycle(slow, current, step, 4, 1000);
      expect(s.peek('fast.spike')).toBe(f.fire ? 1n : 0n);
      expect(s.peek('slow.fire')).toBe(sl.fire ? 1n : 0n);
      expect(s.peek('spikes')).toBe(BigInt((sl.fire ? 2 : 0) + (f.fire ? 1 : 0)));
      s.step();
      fast = f.next;
      slow = sl.next;
      if (f.fire) count = (count + 1) % 256;
      expect(s.peek('fast.v'), `fast.v after edge ${c}`).toBe(BigInt(fast));
      expect(s.peek('slow.membrane')).toBe(BigInt(slow));
      expect(s.peek('spike_counter.value')).toBe(BigInt(count));
      expect(s.peek('fast_count')).toBe(BigInt(count));
    }
    expect(count).toBeGreaterThan(20);
  });

  it('reads and writes a memory inside an instance by its hierarchical name', () => {
    const s = createVerilatorSimulator(elaborate(FifoWrap, {}), simOptions());
    open.push(s);
    expect(s.memories()).toEqual([{ name: 'fifo.ram', width: 8, depth: 4, signed: false }]);
    s.reset();
    s.poke('push', 1);
    for (const x of [10, 11, 12]) {
      s.poke('din', x);
      s.step();
    }
    s.poke('push', 0);
    expect(s.peek('fifo.wr_ptr')).toBe(3n);
    expect([0, 1, 2].map((i) => s.readMemory('fifo.ram', i))).toEqual([10n, 11n, 12n]);
    s.writeMemory('fifo.ram', 2, 99);
    s.poke('pop', 1);
    const out: bigint[] = [];
    for (let c = 0; c < 6; c++) {
      if (s.peek('valid') === 1n) out.push(s.peek('dout'));
      s.step();
    }
    expect(out).toEqual([10n, 11n, 99n]);
    expect(() => s.readMemory('ram', 0)).toThrow(/no memory named 'ram'; close names: 'fifo.ram'/);
  });

  it('moves values wider than 64 bits in and out, reactively and in batch', () => {
    const d = elaborate(WideAdder, {});
    const s = createVerilatorSimulator(d, simOptions());
    open.push(s);
    s.reset();
    const rng = new Rng(99);
    const wide = (): bigint => {
      let x = 0n;
      for (let i = 0; i < 4; i++) x = (x << 32n) | BigInt(rng.next());
      return x & M100;
    };
    const corners = [0n, 1n, M100, 1n << 99n, (1n << 64n) - 1n, 1n << 64n, (1n << 32n) - 1n];
    let acc = 0n;
    for (let c = 0; c < 60; c++) {
      const a = c < corners.length ? corners[c]! : wide();
      const b = c < corners.length ? corners[corners.length - 1 - c]! : wide();
      const sa = BigInt.asIntN(100, wide());
      const x64 = BigInt.asUintN(64, wide());
      s.poke('a', a);
      s.poke('b', b);
      s.poke('sa', sa);
      s.poke('x64', x64);
      expect(s.peek('sum')).toBe(a + b);
      expect(s.peek('half')).toBe(sa >> 1n); // BigInt >> is arithmetic, like the signed shift
      expect(s.peek('y64')).toBe(x64 ^ ((1n << 64n) - 1n));
      s.step();
      acc = (acc + a) & M100;
      expect(s.peek('acc')).toBe(acc);
    }
    // Negative values go in as two's complement; the most negative one fits.
    s.poke('sa', -(1n << 99n));
    expect(s.peek('half')).toBe(-(1n << 98n));
    expect(() => s.poke('a', 1n << 100n)).toThrow(/100 bits wide/);

    // Memory of 100-bit words: written by the design, read back; written by the test, read by the design.
    s.poke('we', 1);
    s.poke('addr', 2);
    s.poke('b', M100 - 5n);
    s.step();
    s.poke('we', 0);
    expect(s.readMemory('words', 2)).toBe(M100 - 5n);
    s.writeMemory('words', 3, (1n << 99n) + 77n);
    s.poke('addr', 3);
    expect(s.peek('q')).toBe((1n << 99n) + 77n);

    // Batch: the same wide arithmetic, checked against values computed here.
    const rows = Array.from({ length: 50 }, () => [wide(), wide(), BigInt.asIntN(100, wide()), 0n, 0n, 0n]);
    const before = s.peek('acc');
    const out = s.run({ inputs: ['a', 'b', 'sa', 'x64', 'addr', 'we'], cycles: rows, observe: ['sum', 'half', 'acc'] });
    let acc2 = before;
    out.forEach((r, k) => {
      const [a, b, sa] = rows[k]!;
      acc2 = (acc2 + a!) & M100;
      expect(r).toEqual([a! + b!, sa! >> 1n, acc2]); // sum/half reflect the row's inputs after its edge
    });
  });
});
