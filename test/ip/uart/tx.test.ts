// The UART transmitter against the golden serializer on the built-in
// simulator: back-to-back bytes give exactly the golden line, frames with a
// gapped producer are each exact, and TX -> RX loopback at several dividers.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import { checkUartFrames, serializeUart, UartRx, UartTx } from '../../../ip/uart/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import type { Simulator } from '../../../testbenches/simulator.ts';
import { floatStream, randomInt, UartBench } from './harness.ts';

/** Feeds `bytes` to the transmitter, offering the next one with probability `validProb` per cycle; returns the tx line per cycle. */
function transmit(sim: Simulator, cpb: number, bytes: number[], validProb: number, seed: number): { line: number[]; accepted: number[] } {
  const rng = floatStream(seed);
  let i = 0;
  const accepted: number[] = [];
  const bench = new UartBench(sim, {
    tx: 'tx',
    clocksPerBit: cpb,
    beforeEdge: (cycle) => {
      const offer = i < bytes.length && rng() < validProb;
      sim.poke('in_valid', offer ? 1 : 0);
      sim.poke('in_data', offer ? bytes[i]! : 0);
      if (offer && sim.peek('in_ready') === 1n) {
        accepted.push(cycle);
        i++;
      }
    },
  });
  bench.runUntil(() => i === bytes.length && sim.peek('busy') === 0n, bytes.length * 20 * cpb + 100, 'transmit');
  bench.step(2 * cpb);
  return { line: bench.txLine, accepted };
}

describe('UartTx', () => {
  for (const cpb of [4, 7, 16]) {
    it(`sends back-to-back bytes as exactly the golden line (clocksPerBit ${cpb})`, () => {
      const sim = createBuiltinSimulator(elaborate(UartTx, { clockHz: cpb * 1_000_000, baud: 1_000_000 }));
      sim.reset(1);
      expect(sim.peek('tx')).toBe(1n);
      const rng = floatStream(cpb);
      const bytes = Array.from({ length: 40 }, () => randomInt(rng, 0, 255));
      const { line, accepted } = transmit(sim, cpb, bytes, 1, 1);
      const first = line.indexOf(0);
      // The golden line without its lead-in: frame after frame with no idle bit between.
      const golden = Array.from(serializeUart(bytes, cpb, { leadIn: 0, tail: 0 }));
      expect(line.slice(first, first + golden.length)).toEqual(golden);
      expect(line.slice(first + golden.length).every((v) => v === 1)).toBe(true);
      // One byte is taken per frame time once the line is busy.
      for (let k = 1; k < accepted.length; k++) expect(accepted[k]! - accepted[k - 1]!).toBe(10 * cpb);
      sim.close();
    });
  }

  it('sends every byte as an exact frame when the producer has gaps', () => {
    const cpb = 5;
    const sim = createBuiltinSimulator(elaborate(UartTx, { clockHz: 5_000_000, baud: 1_000_000 }));
    sim.reset(1);
    const rng = floatStream(3);
    const bytes = Array.from({ length: 60 }, () => randomInt(rng, 0, 255));
    const { line } = transmit(sim, cpb, bytes, 0.02, 4);
    const frames = checkUartFrames(line, cpb);
    expect(frames.bytes).toEqual(bytes);
    // Gaps really happened: some frames are not back to back.
    const gaps = frames.starts.slice(1).filter((s, k) => s - frames.starts[k]! > 10 * cpb);
    expect(gaps.length).toBeGreaterThan(5);
    sim.close();
  });

  for (const cpb of [4, 5, 9, 13]) {
    it(`loops back through the receiver (clocksPerBit ${cpb})`, () => {
      const params = { clockHz: cpb * 1_000_000, baud: 1_000_000 };
      const tx = createBuiltinSimulator(elaborate(UartTx, params));
      const rx = createBuiltinSimulator(elaborate(UartRx, params));
      tx.reset(1);
      rx.poke('rx', 1);
      rx.reset(1);
      rx.poke('out_ready', 1);
      const rng = floatStream(cpb * 31);
      const bytes = Array.from({ length: 50 }, () => randomInt(rng, 0, 255));
      const got: number[] = [];
      let i = 0;
      for (let c = 0; c < bytes.length * 10 * cpb + 20 * cpb; c++) {
        tx.poke('in_valid', i < bytes.length ? 1 : 0);
        tx.poke('in_data', i < bytes.length ? bytes[i]! : 0);
        if (i < bytes.length && tx.peek('in_ready') === 1n) i++;
        rx.poke('rx', tx.peek('tx'));
        if (rx.peek('out_valid') === 1n) got.push(Number(rx.peek('out_data')));
        expect(rx.peek('frame_error')).toBe(0n);
        tx.step();
        rx.step();
      }
      expect(got).toEqual(bytes);
      tx.close();
      rx.close();
    });
  }
});
