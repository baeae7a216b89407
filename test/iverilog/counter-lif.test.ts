// Cycle-by-cycle runs of examples/counter.ts and examples/lif-neuron.ts on
// Icarus, checked against models written here from the designs' documented
// behaviour (not from any simulator's output).
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { Counter } from '../../examples/counter.ts';
import { LifNeuron, type LifParams } from '../../examples/lif-neuron.ts';
import { haveIcarus, Rng, simulators, testCache } from './helpers.ts';

/** v' = sat(v - (v >>> k) + current); fire when v' >= threshold (then v' = 0); nothing happens without `step`. */
function lifModel(p: LifParams) {
  const lo = -(1n << BigInt(p.width - 1));
  const hi = (1n << BigInt(p.width - 1)) - 1n;
  let v = 0n;
  return {
    get v() {
      return v;
    },
    integrated(current: bigint): bigint {
      const leaked = BigInt.asIntN(p.width, v - (v >> BigInt(p.leakShift))); // bigint >> is a floor shift
      const sum = leaked + current;
      return sum > hi ? hi : sum < lo ? lo : sum;
    },
    fires(step: boolean, current: bigint): boolean {
      return step && this.integrated(current) >= BigInt(p.threshold);
    },
    clock(step: boolean, current: bigint): void {
      if (!step) return;
      const next = this.integrated(current);
      v = next >= BigInt(p.threshold) ? 0n : next;
    },
  };
}

describe.skipIf(!haveIcarus)('Icarus back end: counter and LIF neuron, cycle by cycle', () => {
  const open = simulators(testCache());

  for (const width of [8, 3]) {
    it(`counts with enable and clear, wrapping at 2^${width}`, () => {
      const sim = open(elaborate(Counter, { width }));
      expect(sim.backend).toBe('iverilog');
      sim.reset(2);
      expect(sim.cycle).toBe(2);
      expect(sim.peek('count')).toBe(0n);
      const rng = new Rng(width);
      let model = 0n;
      for (let c = 0; c < 300; c++) {
        const en = rng.int(4) !== 0 ? 1 : 0;
        const clear = rng.int(25) === 0 ? 1 : 0;
        sim.poke('en', en);
        sim.poke('clear', clear);
        sim.step();
        model = clear ? 0n : en ? (model + 1n) % (1n << BigInt(width)) : model;
        expect(sim.peek('count')).toBe(model);
        expect(sim.peek('value')).toBe(model); // the internal register by name
      }
      expect(sim.cycle).toBe(302);
      // Counting further must wrap: 2^width + 5 enabled cycles later the count is 5 more.
      sim.poke('en', 1);
      sim.poke('clear', 0);
      sim.step((1 << width) + 5);
      expect(sim.peek('count')).toBe((model + 5n) % (1n << BigInt(width)));
      // Reset clears it again.
      sim.reset();
      expect(sim.peek('count')).toBe(0n);
    });
  }

  for (const p of [
    { width: 16, leakShift: 4, threshold: 1000 },
    { width: 12, leakShift: 2, threshold: 300 },
  ] as LifParams[]) {
    it(`integrates, leaks, saturates and fires (width ${p.width}, shift ${p.leakShift}, threshold ${p.threshold})`, () => {
      const sim = open(elaborate(LifNeuron, p));
      sim.reset(1);
      const model = lifModel(p);
      const rng = new Rng(p.threshold);
      const max = (1 << (p.width - 1)) - 1;
      let spikes = 0;
      let saturated = 0;
      for (let c = 0; c < 400; c++) {
        const step = rng.int(5) !== 0;
        // Mostly moderate input, sometimes extreme values that saturate either way.
        const r = rng.int(10);
        const current = BigInt(r === 0 ? max : r === 1 ? -max - 1 : rng.range(-p.threshold / 4, p.threshold / 2));
        sim.poke('step', step ? 1 : 0);
        sim.poke('current', current);
        // The spike is combinational: it shows the coming update before the edge.
        const fire = model.fires(step, current);
        expect(sim.peek('spike')).toBe(fire ? 1n : 0n);
        expect(sim.peek('integrated')).toBe(model.integrated(current));
        if (fire) spikes++;
        if (model.integrated(current) === BigInt(max)) saturated++;
        sim.step();
        model.clock(step, current);
        expect(sim.peek('membrane')).toBe(model.v);
        expect(sim.peek('v')).toBe(model.v);
      }
      // The stimulus must have exercised firing and saturation.
      expect(spikes).toBeGreaterThan(5);
      expect(saturated).toBeGreaterThan(0);
    });
  }

  it('reads a negative membrane as a negative bigint', () => {
    const sim = open(elaborate(LifNeuron, {}));
    sim.reset();
    sim.poke('step', 1);
    sim.poke('current', -1234);
    sim.step();
    expect(sim.peek('membrane')).toBe(-1234n);
    // A signed input takes its unsigned pattern too: 0xffff is -1.
    sim.poke('current', 0xffff);
    expect(sim.peek('integrated')).toBe(-1234n - (-1234n >> 4n) - 1n);
  });
});
