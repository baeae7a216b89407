// Memory accesses counted from the IR's port enables on a design with both a
// write and a read port (the example FIFO): every word the testbench hands
// over is one write, every word it takes out one read; and the counter only
// counts the cycles it samples (before each edge of step, not inside reset).
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { Fifo } from '../../examples/fifo.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { ActivityCounter, memoryProbes, withActivityCounter } from '../../testbenches/energy/index.ts';
import { Random } from '../hdl/random.ts';

describe('memory reads and writes from port enables', () => {
  const ir = elaborate(Fifo, { width: 8, addrBits: 2 });

  it('finds the FIFO RAM with its read and write enables', () => {
    expect(memoryProbes(ir)).toEqual([{ name: 'ram', depth: 4, width: 8, reads: ['do_read'], writes: ['do_enq'] }]);
  });

  it('counts one write per word accepted and one read per word delivered', () => {
    const counter = new ActivityCounter({ synapticOps: [], neuronUpdates: [], memories: memoryProbes(ir) });
    const sim = withActivityCounter(createBuiltinSimulator(ir), counter);
    const rng = new Random(11);
    let accepted = 0;
    let delivered = 0;
    try {
      sim.reset(2);
      // Random offers and random readiness; the FIFO (4 words) fills and empties.
      for (let c = 0; c < 400; c++) {
        const offer = accepted < 60 && rng.next() < 0.6;
        const ready = rng.next() < 0.4;
        sim.poke('enq_valid', offer ? 1 : 0);
        sim.poke('enq_data', c & 0xff);
        sim.poke('deq_ready', ready ? 1 : 0);
        if (offer && sim.peek('enq_ready') === 1n) accepted++;
        if (ready && sim.peek('deq_valid') === 1n) delivered++;
        sim.step(1);
      }
      sim.poke('enq_valid', 0);
      sim.poke('deq_ready', 1);
      for (let c = 0; c < 20; c++) {
        if (sim.peek('deq_valid') === 1n) delivered++;
        sim.step(1);
      }
    } finally {
      sim.close();
    }
    expect(accepted).toBe(60);
    expect(delivered).toBe(60);
    const c = counter.counts();
    expect(c.memories).toEqual([{ name: 'ram', depth: 4, width: 8, reads: 60, writes: 60 }]);
    expect(c.cycles).toBe(420);
  });
});
