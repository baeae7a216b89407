// Registers: counters, enables, sync and async resets, reset(), init values,
// wide registers, and registers feeding registers on the same edge.
import { describe, expect, it } from 'vitest';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { design, ModuleBuilder } from './fixtures.ts';
import { mask, Rng, u } from './reference.ts';

function counter(width: number, opts: { asyncReset?: boolean; activeLow?: boolean; resetValue?: bigint } = {}) {
  const m = new ModuleBuilder('counter');
  const clk = m.input('clk', 1, { role: 'clock' });
  const rst = m.input(opts.activeLow ? 'rst_n' : 'rst', 1, { role: 'reset' });
  const en = m.input('en', 1);
  const q = m.net(width, { name: 'count' });
  const next = m.cell('add', [q, m.const(width, 1)], width);
  m.reg(q, next, clk, {
    enable: en,
    reset: { net: rst, async: !!opts.asyncReset, activeLow: !!opts.activeLow, value: opts.resetValue ?? 0n },
  });
  m.output('count', q);
  return design('counter', m.build());
}

describe('builtin simulator: registers', () => {
  it('counts with an enable and wraps at its width', () => {
    const sim = createBuiltinSimulator(counter(8));
    sim.reset();
    expect(sim.peek('count')).toBe(0n);
    const rng = new Rng(7);
    let model = 0n;
    for (let c = 0; c < 600; c++) {
      const en = rng.bits(1);
      sim.poke('en', en);
      sim.step();
      if (en) model = u(model + 1n, 8);
      expect(sim.peek('count')).toBe(model);
    }
    expect(sim.cycle).toBe(601);
  });

  it('gives a synchronous reset priority over the enable, and waits for the edge', () => {
    const sim = createBuiltinSimulator(counter(4, { resetValue: 9n }));
    sim.poke('en', 1);
    sim.step(3);
    expect(sim.peek('count')).toBe(3n);
    sim.poke('en', 0);
    sim.poke('rst', 1);
    expect(sim.peek('count')).toBe(3n); // synchronous: nothing before the edge
    sim.step();
    expect(sim.peek('count')).toBe(9n);
  });

  it('applies an asynchronous active-low reset at once, and holds it after release until an edge', () => {
    const sim = createBuiltinSimulator(counter(8, { asyncReset: true, activeLow: true, resetValue: 0x55n }));
    expect(sim.peek('rst_n')).toBe(1n); // reset inputs start deasserted
    sim.poke('en', 1);
    sim.step(5);
    expect(sim.peek('count')).toBe(5n);
    sim.poke('rst_n', 0);
    expect(sim.peek('count')).toBe(0x55n); // no edge needed
    sim.step(2);
    expect(sim.peek('count')).toBe(0x55n);
    sim.poke('rst_n', 1);
    expect(sim.peek('count')).toBe(0x55n);
    sim.step();
    expect(sim.peek('count')).toBe(0x56n);
  });

  it('reset(n) drives reset inputs at their active level for n edges, then releases them', () => {
    for (const activeLow of [false, true]) {
      const sim = createBuiltinSimulator(counter(8, { activeLow, resetValue: 200n }));
      const rst = activeLow ? 'rst_n' : 'rst';
      sim.poke('en', 1);
      sim.step(10);
      sim.reset(3);
      expect(sim.cycle).toBe(13);
      expect(sim.peek('count')).toBe(200n);
      expect(sim.peek(rst)).toBe(activeLow ? 1n : 0n);
      sim.step();
      expect(sim.peek('count')).toBe(201n);
    }
  });

  it('reset(0) still applies an asynchronous reset', () => {
    const sim = createBuiltinSimulator(counter(8, { asyncReset: true, resetValue: 3n }));
    sim.poke('en', 1);
    sim.step(7);
    sim.reset(0);
    expect(sim.cycle).toBe(7);
    expect(sim.peek('count')).toBe(3n);
  });

  it('finds the level of a reset input through an inverter', () => {
    const m = new ModuleBuilder('inv');
    const clk = m.input('clk', 1, { role: 'clock' });
    const rstn = m.input('rstn_pin', 1, { role: 'reset' });
    const rst = m.cell('not', [rstn], 1, { name: 'rst_internal' });
    const q = m.net(4, { name: 'q' });
    m.reg(q, m.cell('add', [q, m.const(4, 1)], 4), clk, { reset: { net: rst, async: true, activeLow: false, value: 0n } });
    const sim = createBuiltinSimulator(design('inv', m.build()));
    expect(sim.peek('rstn_pin')).toBe(1n); // deasserted = high, since the register sees it inverted
    sim.step(6);
    expect(sim.peek('q')).toBe(6n);
    sim.reset(2);
    expect(sim.peek('q')).toBe(0n);
    sim.step();
    expect(sim.peek('q')).toBe(1n);
  });

  it('applies at power-up an asynchronous reset asserted by the init of a register that is itself reset then', () => {
    // a: init 0, reset at time 0 by pin n (0 at start) to 1. b's active-low reset is a: a's init asserts it,
    // so b starts at its reset value (ir.ts, "Power-up"), though a shows 1 from the start. c's reset is a too but
    // active high: a's init does not assert it, a's reset value does, so c shows its reset value as well.
    const m = new ModuleBuilder('chain');
    const clk = m.input('clk', 1, { role: 'clock' });
    const n = m.input('n', 1);
    const a = m.net(1, { name: 'a' });
    const b = m.net(4, { name: 'b' });
    const c = m.net(4, { name: 'c' });
    const zero = m.const(1, 0);
    m.reg(a, m.const(1, 0), clk, { reset: { net: n, async: true, activeLow: true, value: 1n }, init: 0n });
    m.reg(b, m.const(4, 2), clk, { enable: zero, reset: { net: a, async: true, activeLow: true, value: 9n }, init: 5n });
    m.reg(c, m.const(4, 2), clk, { enable: zero, reset: { net: a, async: true, activeLow: false, value: 7n }, init: 5n });
    const sim = createBuiltinSimulator(design('chain', m.build()));
    expect(sim.peek('a')).toBe(1n);
    expect(sim.peek('b')).toBe(9n);
    expect(sim.peek('c')).toBe(7n);
    // Only at power-up: later, with a held at 1, b keeps what it has.
    sim.step(3);
    expect(sim.peek('b')).toBe(9n);
  });

  it('starts registers without reset from their init value', () => {
    const m = new ModuleBuilder('init');
    const clk = m.input('clk', 1, { role: 'clock' });
    const q = m.net(12, { name: 'q', signed: true });
    m.reg(q, m.cell('sub', [q, m.const(12, 1)], 12), clk, { init: 0xffen });
    const sim = createBuiltinSimulator(design('init', m.build()));
    expect(sim.peek('q')).toBe(-2n);
    sim.step(3);
    expect(sim.peek('q')).toBe(-5n);
  });

  it('moves a value one stage per edge through a shift register and swaps two registers', () => {
    const m = new ModuleBuilder('pipe');
    const clk = m.input('clk', 1, { role: 'clock' });
    const din = m.input('din', 70);
    let prev = din;
    for (let i = 0; i < 4; i++) {
      const q = m.net(70, { name: `s${i}` });
      m.reg(q, prev, clk, { init: 0n });
      prev = q;
    }
    const a = m.net(9, { name: 'a' });
    const b = m.net(9, { name: 'b' });
    m.reg(a, b, clk, { init: 1n });
    m.reg(b, a, clk, { init: 2n });
    const sim = createBuiltinSimulator(design('pipe', m.build()), { chunkSize: 1 });
    const rng = new Rng(3);
    const history: bigint[] = [];
    for (let c = 0; c < 50; c++) {
      const v = rng.bits(70);
      history.push(v);
      sim.poke('din', v);
      sim.step();
      for (let i = 0; i < 4; i++) expect(sim.peek(`s${i}`)).toBe(history[c - i] ?? 0n);
      expect([sim.peek('a'), sim.peek('b')]).toEqual(c % 2 === 0 ? [2n, 1n] : [1n, 2n]);
    }
  });

  it('resets a wide register asynchronously and a 32-bit one synchronously', () => {
    const m = new ModuleBuilder('wide_rst');
    const clk = m.input('clk', 1, { role: 'clock' });
    const rst = m.input('rst', 1, { role: 'reset' });
    const x = m.input('x', 90);
    const big = m.net(90, { name: 'big', signed: true });
    m.reg(big, m.cell('xor', [big, x], 90), clk, { reset: { net: rst, async: true, activeLow: false, value: mask(90) } });
    const w32 = m.net(32, { name: 'w32' });
    m.reg(w32, m.cell('sub', [w32, m.cell('slice', [x], 32, { lo: 58 })], 32), clk, { reset: { net: rst, async: false, activeLow: false, value: 0x80000001n } });
    const sim = createBuiltinSimulator(design('wide_rst', m.build()));
    sim.reset();
    expect(sim.peek('big')).toBe(-1n);
    expect(sim.peek('w32')).toBe(0x80000001n);
    sim.poke('x', 1n << 89n | 3n << 58n);
    sim.step();
    expect(sim.peek('big')).toBe(BigInt.asIntN(90, mask(90) ^ (1n << 89n | 3n << 58n)));
    expect(sim.peek('w32')).toBe(0x80000001n - 0x80000003n + (1n << 32n));
    sim.poke('rst', 1);
    expect(sim.peek('big')).toBe(-1n); // asynchronous
    expect(sim.peek('w32')).toBe(0xfffffffen); // synchronous: not yet
  });

  it('accumulates in a wide register with an enable', () => {
    const m = new ModuleBuilder('acc');
    const clk = m.input('clk', 1, { role: 'clock' });
    const en = m.input('en', 1);
    const x = m.input('x', 100);
    const acc = m.net(100, { name: 'acc' });
    m.reg(acc, m.cell('add', [acc, x], 100), clk, { enable: en, init: mask(100) });
    const sim = createBuiltinSimulator(design('acc', m.build()));
    const rng = new Rng(11);
    let model = mask(100);
    for (let c = 0; c < 200; c++) {
      const v = rng.bits(100);
      const e = rng.bits(1);
      sim.poke('x', v);
      sim.poke('en', e);
      sim.step();
      if (e) model = u(model + v, 100);
      expect(sim.peek('acc')).toBe(model);
    }
  });
});
