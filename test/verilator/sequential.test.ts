// Counter and LIF neuron on the Verilator back end, cycle by cycle against
// sequences computed here; batch mode against reactive mode; the model cache.
import { afterAll, describe, expect, it } from 'vitest';
import { design, elaborate, UInt } from '../../hdl/index.ts';
import { Counter } from '../../examples/counter.ts';
import { LifNeuron } from '../../examples/lif-neuron.ts';
import { createVerilatorSimulator, type VerilatorSimulator } from '../../testbenches/verilator/index.ts';
import { haveVerilator, lifCycle, Rng, simOptions } from './helpers.ts';

/** A counter with an asynchronous, active-low reset input 'rst_n' that resets it to 9. */
const AsyncLowCounter = design('AsyncLowCounter', {}, (m) => {
  m.setResetStyle({ name: 'rst_n', async: true, activeLow: true });
  const count = m.output('count', UInt(4));
  const value = m.reg('value', UInt(4), { reset: 9 });
  value.set(value.addWrap(1));
  count.set(value);
  return { count };
});

describe.skipIf(!haveVerilator)('verilator back end: sequential designs', () => {
  const open: VerilatorSimulator[] = [];
  const sim = (d: Parameters<typeof createVerilatorSimulator>[0]): VerilatorSimulator => {
    const s = createVerilatorSimulator(d, simOptions());
    open.push(s);
    return s;
  };
  afterAll(() => open.forEach((s) => s.close()));

  it('counts like a counter: enable, clear, wrap at 2^width', () => {
    const s = sim(elaborate(Counter, { width: 4 }));
    expect(s.backend).toBe('verilator');
    s.reset(2);
    expect(s.peek('count')).toBe(0n);
    const rng = new Rng(7);
    let expected = 0;
    for (let c = 0; c < 200; c++) {
      const en = rng.bool(0.8);
      const clear = rng.bool(0.05);
      s.poke('en', en ? 1 : 0);
      s.poke('clear', clear ? 1n : 0n);
      s.step();
      expected = clear ? 0 : en ? (expected + 1) % 16 : expected;
      expect(s.peek('count'), `cycle ${c}`).toBe(BigInt(expected));
      expect(s.peek('value')).toBe(BigInt(expected));
    }
    expect(s.cycle).toBe(202);
    s.poke('en', 1);
    s.poke('clear', 0);
    s.step(16 * 5 + 3); // step(n) loops in C++: the wrap-around still has to come out right
    expect(s.peek('count')).toBe(BigInt((expected + 83) % 16));
  });

  it('integrates, leaks, saturates and fires like the LIF recurrence', () => {
    const s = sim(elaborate(LifNeuron, {}));
    s.reset();
    const rng = new Rng(11);
    let v = 0;
    let spikes = 0;
    for (let c = 0; c < 400; c++) {
      // Mostly small positive currents (spikes), with bursts of large ones (saturation) and negatives.
      const current = c % 97 < 5 ? 32767 : c % 131 < 4 ? -32768 : rng.int(-200, 400);
      const step = rng.bool(0.9);
      s.poke('step', step ? 1 : 0);
      s.poke('current', current);
      const { fire, next } = lifCycle(v, current, step, 4, 1000);
      expect(s.peek('spike'), `spike before edge ${c}`).toBe(fire ? 1n : 0n);
      expect(s.peek('integrated')).toBe(BigInt(Math.max(-32768, Math.min(32767, v - Math.floor(v / 16) + current))));
      s.step();
      v = next;
      if (fire) spikes++;
      expect(s.peek('membrane'), `membrane after edge ${c}`).toBe(BigInt(v));
    }
    expect(spikes).toBeGreaterThan(10); // the stimulus really exercised firing
  });

  it('runs a batch exactly like poke/step/peek on the same stimulus', () => {
    const d = elaborate(LifNeuron, {});
    const rng = new Rng(3);
    const cycles = Array.from({ length: 300 }, () => [rng.bool(0.85) ? 1 : 0, BigInt(rng.int(-300, 600))]);
    const batch = sim(d);
    batch.reset();
    const rows = batch.run({ inputs: ['step', 'current'], cycles, observe: ['membrane', 'spike', 'v'] });

    const reactive = sim(d);
    reactive.reset();
    const expected = cycles.map(([step, current]) => {
      reactive.poke('step', step!);
      reactive.poke('current', current!);
      reactive.step();
      return [reactive.peek('membrane'), reactive.peek('spike'), reactive.peek('v')];
    });
    expect(rows).toEqual(expected);
    expect(batch.cycle).toBe(reactive.cycle);
    expect(rows.some((r) => r[0]! < 0n)).toBe(true); // signed values came back negative
    // A bad value anywhere is refused before the first edge.
    const before = batch.cycle;
    expect(() => batch.run({ inputs: ['step', 'current'], cycles: [[1, 5], [1, 70000]], observe: ['membrane'] })).toThrow(
      /cycle 1, input 'current' is 16 bits wide; 70000 does not fit/,
    );
    expect(batch.cycle).toBe(before);
  });

  it('loads an unchanged design from the cache the second time', () => {
    const d = elaborate(Counter, { width: 4 });
    const first = sim(d);
    const second = sim(elaborate(Counter, { width: 4 })); // a fresh elaboration, equal IR
    expect(second.buildInfo.cached).toBe(true);
    expect(second.buildInfo.hash).toBe(first.buildInfo.hash);
    // Two instances of one model keep separate state.
    first.reset();
    second.reset();
    first.poke('en', 1);
    first.step(5);
    second.step(2);
    expect(first.peek('count')).toBe(5n);
    expect(second.peek('count')).toBe(0n);
  });

  it('drives an asynchronous active-low reset: deasserted at start, acting without an edge', () => {
    const s = sim(elaborate(AsyncLowCounter, {}));
    expect(s.peek('rst_n')).toBe(1n); // reset inputs start deasserted
    s.step(3);
    expect(s.peek('count')).toBe(3n);
    s.reset(0); // asynchronous: no edge needed
    expect(s.peek('count')).toBe(9n);
    expect(s.peek('rst_n')).toBe(1n);
    s.step(2);
    expect(s.peek('count')).toBe(11n);
    s.poke('rst_n', 0);
    expect(s.peek('count')).toBe(9n);
    s.step(4);
    expect(s.peek('count')).toBe(9n);
    s.poke('rst_n', 1);
    s.step(8);
    expect(s.peek('count')).toBe(1n); // 9 + 8 wraps at 16
  });

  it('rejects bad pokes and names with the shared messages', () => {
    const s = sim(elaborate(Counter, { width: 4 }));
    expect(() => s.poke('clk', 1)).toThrow(/it is the clock/);
    expect(() => s.poke('count', 1)).toThrow(/output port/);
    expect(() => s.poke('value', 1)).toThrow(/internal signal/);
    expect(() => s.poke('en', 2)).toThrow(/1 bit wide; 2 does not fit/);
    expect(() => s.poke('en', 0.5)).toThrow(/not an integer/);
    expect(() => s.peek('cont')).toThrow(/no signal named 'cont'; close names: 'count'/);
    s.close();
    expect(() => s.peek('count')).toThrow(/closed/);
  });
});
