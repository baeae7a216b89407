// The FIFO example driven reactively on the Verilator back end: a producer and a
// consumer do valid/ready handshakes through poke/peek every cycle; everything
// sent arrives once, in order. Also the RAM seen through readMemory/writeMemory.
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { Fifo } from '../../examples/fifo.ts';
import { createVerilatorSimulator, type VerilatorSimulator } from '../../testbenches/verilator/index.ts';
import { haveVerilator, Rng, simOptions } from './helpers.ts';

describe.skipIf(!haveVerilator)('verilator back end: FIFO handshakes', () => {
  const open: VerilatorSimulator[] = [];
  afterAll(() => open.forEach((s) => s.close()));
  const fifo = (): VerilatorSimulator => {
    const s = createVerilatorSimulator(elaborate(Fifo, { width: 8, addrBits: 4 }), simOptions());
    open.push(s);
    s.reset();
    return s;
  };

  it('delivers every word once and in order under random back-pressure', () => {
    const s = fifo();
    const rng = new Rng(2024);
    const sent: number[] = [];
    const received: number[] = [];
    let next = 0;
    let offered = false;
    let sawFull = false;
    let sawEmpty = false;
    for (let c = 0; c < 1500; c++) {
      // Phases: a fast producer against a stalled consumer (fills up), then the reverse (drains).
      const phase = Math.floor(c / 100) % 3;
      const pValid = phase === 0 ? 0.9 : phase === 1 ? 0.2 : 0.6;
      const pReady = phase === 0 ? 0.1 : phase === 1 ? 0.95 : 0.6;
      // A producer keeps offering the same word until it is taken (valid/ready rule).
      if (!offered) offered = rng.bool(pValid);
      const ready = rng.bool(pReady);
      s.poke('enq_valid', offered ? 1 : 0);
      s.poke('enq_data', next & 0xff);
      s.poke('deq_ready', ready ? 1 : 0);
      const enqReady = s.peek('enq_ready') === 1n;
      const deqValid = s.peek('deq_valid') === 1n;
      if (!enqReady) sawFull = true;
      if (!deqValid) sawEmpty = true;
      if (deqValid && ready) received.push(Number(s.peek('deq_data')));
      if (offered && enqReady) {
        sent.push(next & 0xff);
        next++;
        offered = false;
      }
      s.step();
    }
    // Drain what is left.
    s.poke('enq_valid', 0);
    s.poke('deq_ready', 1);
    for (let c = 0; c < 40; c++) {
      if (s.peek('deq_valid') === 1n) received.push(Number(s.peek('deq_data')));
      s.step();
    }
    expect(sawFull && sawEmpty).toBe(true);
    expect(sent.length).toBeGreaterThan(400);
    expect(received).toEqual(sent);
  });

  it('holds the enqueued words in its RAM, visible through readMemory and writeMemory', () => {
    const s = fifo();
    expect(s.memories()).toEqual([{ name: 'ram', width: 8, depth: 16, signed: false }]);
    s.poke('deq_ready', 0);
    s.poke('enq_valid', 1);
    // 17 words: the first moves on to the output register, freeing its slot for the 17th.
    for (let i = 0; i < 17; i++) {
      expect(s.peek('enq_ready'), `word ${i}`).toBe(1n);
      s.poke('enq_data', 0xa0 + i);
      s.step();
    }
    expect(s.peek('enq_ready')).toBe(0n);
    const ram = Array.from({ length: 16 }, (_, i) => s.readMemory('ram', i));
    expect(ram).toEqual(Array.from({ length: 16 }, (_, i) => BigInt(i === 0 ? 0xb0 : 0xa0 + i)));
    // Overwrite a word that is still queued: the consumer must see the new value.
    s.writeMemory('ram', 5, 0x33);
    s.poke('enq_valid', 0);
    s.poke('deq_ready', 1);
    const out: bigint[] = [];
    for (let c = 0; c < 20; c++) {
      if (s.peek('deq_valid') === 1n) out.push(s.peek('deq_data'));
      s.step();
    }
    expect(out).toEqual(Array.from({ length: 17 }, (_, i) => BigInt(i === 5 ? 0x33 : 0xa0 + i)));
    expect(() => s.readMemory('ram', 16)).toThrow(/addresses 0..15/);
    expect(() => s.writeMemory('ram', 0, 256)).toThrow(/8 bits wide/);
    expect(() => s.readMemory('rom', 0)).toThrow(/no memory named 'rom'/);
  });
});
