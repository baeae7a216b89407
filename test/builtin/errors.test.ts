// Designs the simulator must refuse, and testbench mistakes it must name.
import { describe, expect, it } from 'vitest';
import { DesignError } from '../../hdl/diagnostics.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import {
  combLoop,
  doubleDriven,
  doubleDrivenAcrossInstance,
  gatedClock,
  oneClockThroughInstance,
  pointerChase,
  twoClocks,
  undriven,
  unconnectedInput,
  widthMismatch,
} from './bad-designs.ts';
import { design, ModuleBuilder } from './fixtures.ts';

function codes(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof DesignError) return e.diagnostics.map((d) => d.code);
    throw e;
  }
  throw new Error('expected a DesignError');
}

function small() {
  const m = new ModuleBuilder('small');
  const clk = m.input('clk', 1, { role: 'clock' });
  const a = m.input('a', 6);
  const sa = m.input('sa', 6, { signed: true });
  const q = m.net(6, { name: 'state' });
  m.reg(q, m.cell('add', [q, a], 6, { name: 'state_next' }), clk, { init: 0n });
  m.outputFrom('out', m.cell('xor', [q, sa], 6));
  return design('small', m.build());
}

describe('builtin simulator: testbench errors', () => {
  const sim = createBuiltinSimulator(small());

  it('names close candidates for an unknown signal', () => {
    expect(() => sim.peek('stat')).toThrow(/no signal named 'stat'.*'state'/);
    expect(() => sim.peek('State_next')).toThrow(/'state_next'/);
  });

  it('refuses to poke outputs, internal signals and the clock', () => {
    expect(() => sim.poke('out', 1)).toThrow(/'out'.*output/);
    expect(() => sim.poke('state', 1)).toThrow(/'state'.*internal/);
    expect(() => sim.poke('clk', 1)).toThrow(/'clk'.*clock/);
    expect(() => sim.poke('b', 1)).toThrow(/no input named 'b'.*'a'/);
  });

  it('rejects values that fit neither unsigned nor signed, naming the port, width and value', () => {
    expect(() => sim.poke('a', 64)).toThrow(/input 'a' is 6 bits wide; 64 does not fit/);
    expect(() => sim.poke('a', -33n)).toThrow(/input 'a' is 6 bits wide; -33 does not fit/);
    expect(() => sim.poke('a', 1.5)).toThrow(/not an integer/);
    sim.poke('a', 63);
    sim.poke('a', -32); // fits as signed: accepted as the pattern 0b100000
    sim.poke('sa', 63); // fits as unsigned: read back signed
    expect(sim.peek('a')).toBe(32n);
    expect(sim.peek('sa')).toBe(-1n);
  });

  it('rejects a bad cycle count and use after close', () => {
    const s2 = createBuiltinSimulator(small());
    expect(() => s2.step(-1)).toThrow(/>= 0/);
    expect(() => s2.trace()).toThrow(/without tracing/);
    s2.close();
    expect(() => s2.peek('a')).toThrow(/closed/);
  });

  it('checks batch stimulus before running any of it', () => {
    const s2 = createBuiltinSimulator(small());
    expect(() => s2.run({ inputs: ['a'], cycles: [[1], [2], [99]], observe: ['state'] })).toThrow(/cycle 2, input 'a' is 6 bits/);
    expect(s2.cycle).toBe(0);
    expect(() => s2.run({ inputs: ['a'], cycles: [[1, 2]], observe: [] })).toThrow(/2 values for 1 inputs/);
  });
});

describe('builtin simulator: rejected designs', () => {
  it('rejects two clock domains, naming both clocks, also through an instance', () => {
    expect(codes(() => createBuiltinSimulator(twoClocks()))).toEqual(['clock-domains']);
    expect(() => createBuiltinSimulator(twoClocks())).toThrow(/2 clock domains \('clk_a', 'clk_b'\)/);
  });

  it('accepts one clock reaching registers through instances and wires', () => {
    const sim = createBuiltinSimulator(oneClockThroughInstance());
    sim.step(3);
    expect([sim.peek('r'), sim.peek('sub.q')]).toEqual([1n, 1n]);
  });

  it('rejects a clock made by logic', () => {
    expect(codes(() => createBuiltinSimulator(gatedClock()))).toEqual(['clock-domains']);
  });

  it('rejects a net with two drivers, naming it, also across an instance boundary', () => {
    expect(codes(() => createBuiltinSimulator(doubleDriven()))).toEqual(['multiple-drivers']);
    expect(() => createBuiltinSimulator(doubleDriven())).toThrow(/net 'w'.* has 2 drivers/);
    expect(codes(() => createBuiltinSimulator(doubleDrivenAcrossInstance()))).toEqual(['multiple-drivers']);
  });

  it('rejects a combinational loop, naming the nets on it', () => {
    expect(codes(() => createBuiltinSimulator(combLoop()))).toEqual(['comb-loop']);
    expect(() => createBuiltinSimulator(combLoop())).toThrow(/loop.*loop_x.*loop_y.*loop_z/);
  });

  it('accepts a loop broken by a synchronous read, and rejects one through an asynchronous read', () => {
    expect(codes(() => createBuiltinSimulator(pointerChase(false)))).toEqual(['comb-loop']);
    const sim = createBuiltinSimulator(pointerChase(true)); // 0 -> 1 -> 2 -> 3 -> 0
    const seen = [0, 1, 2, 3, 4].map(() => (sim.step(), sim.peek('data')));
    expect(seen).toEqual([1n, 2n, 3n, 0n, 1n]);
  });

  it('rejects malformed IR and unconnected instance inputs with located messages', () => {
    expect(codes(() => createBuiltinSimulator(widthMismatch()))).toEqual(['width-mismatch']);
    expect(() => createBuiltinSimulator(widthMismatch())).toThrow(/fixture\.ts:\d+: error\[width-mismatch\].*'b'/);
    expect(codes(() => createBuiltinSimulator(unconnectedInput()))).toContain('unconnected-port');
  });

  it('rejects a read of a net nothing drives', () => {
    expect(codes(() => createBuiltinSimulator(undriven()))).toEqual(['undriven']);
    expect(() => createBuiltinSimulator(undriven())).toThrow(/'floating'/);
  });
});
