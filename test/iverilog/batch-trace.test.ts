// Batch mode (the whole stimulus inside vvp) must give exactly what the same
// stimulus gives cycle by cycle; tracing must record what peeks see.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { Counter } from '../../examples/counter.ts';
import { Fifo } from '../../examples/fifo.ts';
import { NeuronPair } from '../../examples/neuron-pair.ts';
import { LifArray } from '../../bench/lif-array.ts';
import type { BatchStimulus, Simulator } from '../../testbenches/simulator.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { haveIcarus, Rng, simulators, testCache } from './helpers.ts';

/** The reference way to apply a stimulus: poke, step, peek, one cycle at a time. */
function reactive(sim: Simulator, st: BatchStimulus): bigint[][] {
  return st.cycles.map((row) => {
    row.forEach((v, j) => sim.poke(st.inputs[j]!, v));
    sim.step();
    return st.observe.map((n) => sim.peek(n));
  });
}

describe.skipIf(!haveIcarus)('Icarus back end: batch mode', () => {
  const cache = testCache();
  const open = simulators(cache);

  it('equals the reactive run on a LIF array, across batch chunks', () => {
    const d = elaborate(LifArray, { neurons: 24 });
    const rng = new Rng(11);
    const st: BatchStimulus = {
      inputs: ['step', 'current'],
      cycles: Array.from({ length: 300 }, () => [rng.int(4) === 0 ? 0 : 1, rng.range(-100, 400)]),
      observe: ['spikes', 'v3', 'v23', 'current', 'spikes'],
    };
    const a = open(d);
    // A small chunk so that the run crosses several chunk boundaries.
    const b = open(d, { batchChunkRows: 64 });
    a.reset();
    b.reset();
    const expected = reactive(a, st);
    const got = b.run(st);
    expect(got).toEqual(expected);
    expect(b.cycle).toBe(a.cycle);
    // The stimulus must make spikes happen, and duplicated observations agree.
    expect(got.some((r) => r[0] !== 0n)).toBe(true);
    for (const r of got) expect(r[4]).toBe(r[0]);
    // The state after the run continues identically.
    a.step(3);
    b.step(3);
    expect(b.peek('v5')).toBe(a.peek('v5'));
  });

  it('equals the reactive run on the FIFO and on the built-in simulator; unlisted inputs keep their value', () => {
    const d = elaborate(Fifo, { width: 8, addrBits: 2 });
    const rng = new Rng(5);
    const st: BatchStimulus = {
      inputs: ['enq_valid', 'enq_data', 'enq_data'],
      cycles: Array.from({ length: 200 }, () => [rng.int(2), rng.int(256), rng.int(256)]),
      observe: ['deq_valid', 'deq_data', 'enq_ready', 'count'],
    };
    const sims = [open(d), open(d), createBuiltinSimulator(d)];
    for (const s of sims) {
      s.reset();
      s.poke('deq_ready', 1); // not in the stimulus: stays 1 throughout
    }
    const expected = reactive(sims[0]!, st);
    expect(sims[1]!.run(st)).toEqual(expected);
    expect(sims[2]!.run(st)).toEqual(expected);
    expect(expected.some((r) => r[0] === 1n)).toBe(true);
    sims[2]!.close();
  });

  it('checks the whole stimulus before running any of it', () => {
    const sim = open(elaborate(Counter, {}));
    sim.reset();
    const before = sim.cycle;
    expect(() => sim.run({ inputs: ['en'], cycles: [[1], [1], [2]], observe: ['count'] })).toThrow(/run\(\) cycle 2, input 'en' is 1 bit wide; 2 does not fit/);
    expect(() => sim.run({ inputs: ['en'], cycles: [[1], [1, 0]], observe: ['count'] })).toThrow(/cycle 1 has 2 values for 1 inputs/);
    expect(() => sim.run({ inputs: ['count'], cycles: [[1]], observe: [] })).toThrow(/cannot poke 'count': it is an output port/);
    expect(() => sim.run({ inputs: ['en'], cycles: [[1]], observe: ['cnt'] })).toThrow(/no signal named 'cnt'/);
    expect(sim.cycle).toBe(before);
    expect(sim.peek('count')).toBe(0n);
    expect(sim.run({ inputs: ['en'], cycles: [], observe: ['count'] })).toEqual([]);
    expect(sim.run({ inputs: [], cycles: [[], []], observe: [] })).toEqual([[], []]);
    expect(sim.cycle).toBe(before + 2);
  });
});

describe.skipIf(!haveIcarus)('Icarus back end: tracing', () => {
  const open = simulators(testCache());

  it('records, per cycle, the values just before the ending edge, and streams them in order', () => {
    const streamed: [number, bigint[]][] = [];
    const sim = open(elaborate(NeuronPair, {}), {
      trace: { signals: ['current', 'fast.v', 'fast_count'], onSample: (c, v) => streamed.push([c, v]) },
    });
    const seen: bigint[][] = [];
    expect(() => sim.trace!()).toThrow(/no cycle up to the current one \(0\) has all traced signals known/);
    sim.reset(); // cycle 0 is sampled while reset is asserted, before any edge: registers are still x
    const rng = new Rng(9);
    for (let c = 1; c < 40; c++) {
      const current = BigInt(rng.range(-20, 300));
      sim.poke('step', 1);
      sim.poke('current', current);
      seen[c] = [sim.peek('current'), sim.peek('fast.v'), sim.peek('fast_count')];
      sim.step();
    }
    const tr = sim.trace!();
    expect(tr.signals.map((x) => x.name)).toEqual(['current', 'fast.v', 'fast_count']);
    // The trace starts at the first cycle whose values are all known.
    expect(tr.startCycle).toBe(1);
    expect(tr.values[0]!.length).toBe(40); // cycles 1..40, the last one still open
    for (let c = 1; c < 40; c++) expect(tr.values.map((col) => col[c - 1])).toEqual(seen[c]);
    expect(tr.values[1]![39]).toBe(sim.peek('fast.v'));
    expect(seen.slice(1).some((v) => v[1] !== 0n)).toBe(true);
    // Streamed so far: every closed cycle, in order.
    expect(streamed.map(([c]) => c)).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
    expect(streamed[6]![1]).toEqual(seen[7]);
    // close() delivers the open cycle.
    sim.close();
    expect(streamed.length).toBe(40);
    expect(streamed[39]![0]).toBe(40);
  });

  it('traces every signal by default, and can stream without storing', () => {
    const all = open(elaborate(Counter, { width: 4 }), { trace: {} });
    all.reset();
    all.poke('en', 1);
    all.step(3);
    const tr = all.trace!();
    expect(tr.signals.map((x) => x.name)).toEqual(all.signals().map((x) => x.name));
    const count = tr.signals.findIndex((x) => x.name === 'count');
    const clk = tr.signals.findIndex((x) => x.name === 'clk');
    expect(tr.startCycle).toBe(1);
    expect(tr.values[count]).toEqual([0n, 1n, 2n, 3n]);
    expect(tr.values[clk]).toEqual([0n, 0n, 0n, 0n]); // sampled just before each rising edge
    let last = -1;
    const streaming = open(elaborate(Counter, { width: 4 }), { trace: { signals: ['count'], store: false, onSample: (c) => (last = c) } });
    streaming.reset();
    streaming.poke('en', 1);
    streaming.run({ inputs: ['en'], cycles: Array.from({ length: 20 }, () => [1]), observe: [] });
    expect(last).toBe(20);
    const t = streaming.trace!();
    expect(t.values).toEqual([[4n]]); // nothing stored: only the open cycle (20 enabled edges after reset, wrapped at 16)
  });
});
