// Batch mode agrees with poke/step/peek; traces follow the sampling rule of
// testbenches/simulator.ts and stream; the compiled-model cache is reused
// without sharing state.
import { describe, expect, it } from 'vitest';
import { builtinCacheStats, createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { design, ModuleBuilder } from './fixtures.ts';
import { Rng } from './reference.ts';

/** A mix of state: 40-bit accumulator, sync-reset counter, a small memory. */
function mixed(name = 'mixed') {
  const m = new ModuleBuilder(name);
  const clk = m.input('clk', 1, { role: 'clock' });
  const rst = m.input('rst', 1, { role: 'reset' });
  const x = m.input('x', 40);
  const sel = m.input('sel', 2);
  const acc = m.net(40, { name: 'acc' });
  m.reg(acc, m.cell('add', [acc, x], 40), clk, { init: 0n });
  const cnt = m.net(5, { name: 'cnt' });
  m.reg(cnt, m.cell('add', [cnt, m.const(5, 1)], 5), clk, { reset: { net: rst, async: false, activeLow: false, value: 0n } });
  const rd = m.net(40, { name: 'rd' });
  m.memory({
    name: 'mem', width: 40, depth: 32, signed: false,
    readPorts: [{ addr: cnt, data: rd, sync: true, clock: clk, loc: { file: 'f', line: 1, column: 1 } }],
    writePorts: [{ addr: m.cell('slice', [x], 5, { lo: 0 }), data: acc, enable: m.cell('redor', [sel], 1), clock: clk, loc: { file: 'f', line: 2, column: 1 } }],
  });
  m.outputFrom('out', m.cell('mux', [sel, acc, rd, x], 40));
  return design(name, m.build());
}

describe('builtin simulator: batch mode', () => {
  it('gives the same observations as poke/step/peek', () => {
    const rng = new Rng(99);
    const cycles = Array.from({ length: 300 }, () => [rng.bits(40), rng.bits(2), rng.int(20) === 0 ? 1 : 0] as (bigint | number)[]);
    const observe = ['acc', 'cnt', 'rd', 'out'];
    const a = createBuiltinSimulator(mixed());
    const batch = a.run({ inputs: ['x', 'sel', 'rst'], cycles, observe });
    const b = createBuiltinSimulator(mixed());
    const stepped = cycles.map(([x, sel, rst]) => {
      b.poke('x', x);
      b.poke('sel', sel);
      b.poke('rst', rst);
      b.step();
      return observe.map((n) => b.peek(n));
    });
    expect(batch).toEqual(stepped);
    expect(a.cycle).toBe(300);
    expect(batch.map((r) => r[1]).some((v) => v !== 0n)).toBe(true);
  });
});

describe('builtin simulator: tracing', () => {
  it('samples each cycle just before the edge that ends it', () => {
    const sim = createBuiltinSimulator(mixed(), { trace: { signals: ['x', 'acc'] } });
    sim.poke('x', 5);
    sim.step(); // cycle 0: x=5, acc=0
    sim.poke('x', 7);
    sim.step(2); // cycle 1: x=7, acc=5; cycle 2: x=7, acc=12
    const t = sim.trace(); // ends with the open cycle 3: x=7, acc=19
    expect(t.startCycle).toBe(0);
    expect(t.signals).toEqual([
      { name: 'x', width: 40, signed: false },
      { name: 'acc', width: 40, signed: false },
    ]);
    expect(t.values).toEqual([
      [5n, 7n, 7n, 7n],
      [0n, 5n, 12n, 19n],
    ]);
  });

  it('leaves out the clock by default and records every other signal', () => {
    const sim = createBuiltinSimulator(mixed(), { trace: {} });
    const names = sim.trace().signals.map((s) => s.name);
    expect(names).not.toContain('clk');
    expect(names).toEqual(sim.signals().map((s) => s.name).filter((n) => n !== 'clk'));
  });

  it('streams each cycle once, in order, the last one at close(), and can skip storing', () => {
    const streamed: [number, bigint[]][] = [];
    const sim = createBuiltinSimulator(mixed(), { trace: { signals: ['cnt'], store: false, onSample: (c, v) => streamed.push([c, v]) } });
    const ref = createBuiltinSimulator(mixed(), { trace: { signals: ['cnt'] } });
    for (const s of [sim, ref]) {
      s.step(3);
      s.reset(2);
      s.run({ inputs: ['x'], cycles: [[1], [2]], observe: [] });
    }
    expect(streamed.map(([c]) => c)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    sim.close();
    expect(streamed.map(([c]) => c)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(streamed.map(([, v]) => v[0])).toEqual(ref.trace().values[0]);
    expect(ref.trace().values[0]).toEqual([0n, 1n, 2n, 3n, 0n, 0n, 1n, 2n]);
    expect(sim.trace().values).toEqual([[]]);
  });
});

describe('builtin simulator: compiled-model cache', () => {
  it('reuses the compiled model for an equal design, even with other locations, without sharing state', () => {
    const before = builtinCacheStats();
    const a = createBuiltinSimulator(mixed('cache_probe'));
    const afterFirst = builtinCacheStats();
    expect(afterFirst.misses).toBe(before.misses + 1);
    const b = createBuiltinSimulator(mixed('cache_probe')); // fresh fixture locations
    expect(builtinCacheStats().hits).toBe(afterFirst.hits + 1);
    a.poke('x', 3);
    a.step(2);
    expect(a.peek('acc')).toBe(6n);
    expect(b.peek('acc')).toBe(0n);
    b.writeMemory('mem', 0, 9);
    expect(a.readMemory('mem', 0)).not.toBe(9n);
    createBuiltinSimulator(mixed('cache_other'));
    expect(builtinCacheStats().misses).toBe(afterFirst.misses + 1);
  });
});
