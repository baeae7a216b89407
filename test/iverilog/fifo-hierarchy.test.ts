// Reactive testbenches: examples/fifo.ts driven through its valid/ready
// handshakes (the testbench decides each cycle from what it peeks), memory
// access by name, and hierarchical peeks into examples/neuron-pair.ts.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { Fifo } from '../../examples/fifo.ts';
import { NeuronPair } from '../../examples/neuron-pair.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { haveIcarus, Rng, simulators, testCache } from './helpers.ts';

describe.skipIf(!haveIcarus)('Icarus back end: reactive FIFO handshake', () => {
  const open = simulators(testCache());

  it('delivers every word once, in order, under random valid and back-pressure', () => {
    const addrBits = 3;
    const sim = open(elaborate(Fifo, { width: 12, addrBits }));
    sim.reset(2);
    const rng = new Rng(7);
    const sent: bigint[] = [];
    const received: bigint[] = [];
    let next = 1n;
    let sawFull = false;
    let sawEmptyValid = false;
    for (let c = 0; c < 600 || received.length < sent.length; c++) {
      if (c > 5000) throw new Error('the FIFO stopped delivering');
      // Phases: a producer faster than the consumer (fills up), then the other way round.
      const producing = c < 600 && rng.int(100) < (Math.floor(c / 100) % 2 === 0 ? 85 : 30);
      const consuming = rng.int(100) < (Math.floor(c / 100) % 2 === 0 ? 30 : 85) || c >= 600;
      const data = next & 0xfffn;
      sim.poke('enq_valid', producing ? 1 : 0);
      sim.poke('enq_data', data);
      sim.poke('deq_ready', consuming ? 1 : 0);
      const enqReady = sim.peek('enq_ready');
      const deqValid = sim.peek('deq_valid');
      if (!enqReady) sawFull = true;
      if (producing && enqReady) {
        sent.push(data);
        next = next * 5n + 3n;
      }
      if (deqValid && consuming) received.push(sim.peek('deq_data'));
      if (!deqValid && sent.length === received.length) sawEmptyValid = true;
      sim.step();
    }
    expect(sent.length).toBeGreaterThan(200);
    expect(received).toEqual(sent);
    expect(sawFull).toBe(true);
    expect(sawEmptyValid).toBe(true);
    // Occupancy is back to zero, and the RAM holds the last 2^addrBits words at their slots.
    expect(sim.peek('count')).toBe(0n);
    const depth = 1 << addrBits;
    for (let k = sent.length - depth; k < sent.length; k++) expect(sim.readMemory('ram', k % depth)).toBe(sent[k]);
  });

  it('reads and writes the RAM by name, and the design sees written words', () => {
    const sim = open(elaborate(Fifo, { width: 8, addrBits: 2 }));
    sim.reset();
    expect(sim.memories()).toEqual([{ name: 'ram', width: 8, depth: 4, signed: false }]);
    // Push one word (slot 0), then overwrite the slot before it is read out.
    sim.poke('enq_valid', 1);
    sim.poke('enq_data', 0x11);
    sim.step();
    sim.poke('enq_valid', 0);
    expect(sim.readMemory('ram', 0)).toBe(0x11n);
    sim.writeMemory('ram', 0, 0xa5);
    expect(sim.readMemory('ram', 0)).toBe(0xa5n);
    sim.poke('deq_ready', 1);
    sim.step(); // the read port fetches slot 0
    expect(sim.peek('deq_valid')).toBe(1n);
    expect(sim.peek('deq_data')).toBe(0xa5n);
    expect(() => sim.readMemory('ram', 4)).toThrow(/addresses 0\.\.3; 4 is outside them/);
    expect(() => sim.writeMemory('ram', 1, 256)).toThrow(/memory 'ram' is 8 bits wide; 256 does not fit/);
    expect(() => sim.readMemory('rom', 0)).toThrow(/no memory named 'rom'; close names: 'ram'/);
  });
});

describe.skipIf(!haveIcarus)('Icarus back end: hierarchical peeks (examples/neuron-pair.ts)', () => {
  const open = simulators(testCache());

  it('exposes the same signal names as the built-in simulator', () => {
    const d = elaborate(NeuronPair, {});
    const sim = open(d);
    const builtin = createBuiltinSimulator(d);
    expect(sim.signals()).toEqual(builtin.signals());
    const names = sim.signals().map((x) => x.name);
    for (const n of ['fast.v', 'slow.v', 'fast.integrated', 'slow.fire', 'spike_counter.value', 'spike_counter.count'])
      expect(names).toContain(n);
    builtin.close();
  });

  it('peeks registers and wires inside instances, checked against two LIF neurons and a counter', () => {
    const threshold = 400;
    const sim = open(elaborate(NeuronPair, { threshold }));
    sim.reset();
    const neurons = [
      { name: 'fast', shift: 3n, threshold: BigInt(threshold), v: 0n },
      { name: 'slow', shift: 4n, threshold: BigInt(threshold * 2), v: 0n },
    ];
    const integrate = (v: bigint, shift: bigint, current: bigint): bigint => {
      const x = BigInt.asIntN(16, v - (v >> shift)) + current;
      return x > 32767n ? 32767n : x < -32768n ? -32768n : x;
    };
    let fastSpikes = 0n;
    const rng = new Rng(3);
    for (let c = 0; c < 250; c++) {
      const step = rng.int(6) !== 0 ? 1 : 0;
      const current = BigInt(rng.range(-50, 220));
      sim.poke('step', step);
      sim.poke('current', current);
      const fired: bigint[] = [];
      for (const n of neurons) {
        const next = integrate(n.v, n.shift, current);
        const fire = step === 1 && next >= n.threshold;
        expect(sim.peek(`${n.name}.integrated`)).toBe(next);
        expect(sim.peek(`${n.name}.fire`)).toBe(fire ? 1n : 0n);
        fired.push(fire ? 1n : 0n);
        if (step) n.v = fire ? 0n : next;
      }
      expect(sim.peek('spikes')).toBe((fired[1]! << 1n) | fired[0]!);
      sim.step();
      if (fired[0]) fastSpikes = (fastSpikes + 1n) & 0xffn;
      for (const n of neurons) {
        expect(sim.peek(`${n.name}.v`)).toBe(n.v);
        expect(sim.peek(`${n.name}.membrane`)).toBe(n.v);
      }
      expect(sim.peek('spike_counter.value')).toBe(fastSpikes);
      expect(sim.peek('fast_count')).toBe(fastSpikes);
    }
    expect(fastSpikes).toBeGreaterThan(3n);
  });
});
