// The UART receiver against the golden line decoder on the built-in
// simulator: random bytes with random gaps and alignment, senders whose clock
// is off by up to 1.5 %, bad stop bits (framing errors: flag, byte dropped),
// a slow consumer (back-pressure without loss), overrun, glitches and breaks.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import { deserializeUart, serializeUart, UartRx, type UartFrame } from '../../../ip/uart/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { floatStream, randomInt, UartBench } from './harness.ts';

type Seen = { kind: 'byte'; byte: number } | { kind: 'frame-error' };

/** Runs `line` into a receiver; the consumer is ready with probability `readyProb`. Returns what came out, in order. */
function receive(cpb: number, line: Uint8Array, readyProb: number, seed: number): { seen: Seen[]; overruns: number; errorCycles: number[] } {
  const sim = createBuiltinSimulator(elaborate(UartRx, { clockHz: cpb * 1_000_000, baud: 1_000_000 }));
  const rng = floatStream(seed);
  const seen: Seen[] = [];
  const errorCycles: number[] = [];
  let overruns = 0;
  const bench = new UartBench(sim, {
    rx: 'rx',
    clocksPerBit: cpb,
    beforeEdge: (cycle) => {
      const ready = rng() < readyProb;
      sim.poke('out_ready', ready ? 1 : 0);
      if (ready && sim.peek('out_valid') === 1n) seen.push({ kind: 'byte', byte: Number(sim.peek('out_data')) });
      if (sim.peek('frame_error') === 1n) {
        seen.push({ kind: 'frame-error' });
        errorCycles.push(cycle);
      }
      if (sim.peek('overrun') === 1n) overruns++;
    },
  });
  sim.poke('rx', 1); // the line idles high, also during reset
  sim.reset(2);
  bench.drive(line);
  bench.step(bench.driving + 4 * cpb);
  // Drain a byte still held.
  sim.poke('out_ready', 1);
  if (sim.peek('out_valid') === 1n) seen.push({ kind: 'byte', byte: Number(sim.peek('out_data')) });
  sim.close();
  return { seen, overruns, errorCycles };
}

/**
 * Random frames, some with bad stop bits. A frame after a bad stop bit gets at
 * least one idle bit: the receiver waits for the line to go high after a
 * framing error, so a start bit right after a 0 stop bit is not a frame start.
 */
function randomFrames(rng: () => number, n: number, badStopProb: number): UartFrame[] {
  const frames: UartFrame[] = [];
  for (let i = 0; i < n; i++) {
    const afterBad = frames.at(-1)?.stopBit === 0;
    const f: UartFrame = { byte: randomInt(rng, 0, 255), idleBefore: rng() < 0.5 && !afterBad ? 0 : randomInt(rng, 1, 3) };
    if (rng() < badStopProb) f.stopBit = 0;
    frames.push(f);
  }
  return frames;
}

describe('UartRx', () => {
  for (const cpb of [4, 5, 8, 16]) {
    it(`receives what the golden decoder receives (clocksPerBit ${cpb}, slow consumer, framing errors)`, () => {
      const rng = floatStream(cpb);
      const frames = randomFrames(rng, 120, 0.1);
      const line = serializeUart(frames, cpb, { leadIn: randomInt(rng, 1, cpb) });
      const golden = deserializeUart(line, cpb).map((e): Seen => (e.kind === 'byte' ? { kind: 'byte', byte: e.byte } : { kind: 'frame-error' }));
      // Every bad stop bit is a framing error and its byte is gone; every good frame arrives.
      expect(golden.filter((e) => e.kind === 'frame-error')).toHaveLength(frames.filter((f) => f.stopBit === 0).length);
      expect(golden.flatMap((e) => (e.kind === 'byte' ? [e.byte] : []))).toEqual(frames.filter((f) => f.stopBit !== 0).map((f) => f.byte));
      const hw = receive(cpb, line, 0.3, cpb + 100);
      expect(hw.seen).toEqual(golden);
      expect(hw.overruns).toBe(0);
    });
  }

  for (const skew of [-0.015, 0.015]) {
    it(`tolerates a sender ${skew > 0 ? 'slower' : 'faster'} by 1.5 % (clocksPerBit 16, back-to-back frames)`, () => {
      const rng = floatStream(7);
      const bytes = Array.from({ length: 60 }, () => randomInt(rng, 0, 255));
      const line = serializeUart(bytes, 16, { bitTime: 16 * (1 + skew) });
      expect(deserializeUart(line, 16).map((e) => (e.kind === 'byte' ? e.byte : -1))).toEqual(bytes);
      const hw = receive(16, line, 1, 1);
      expect(hw.seen).toEqual(bytes.map((byte) => ({ kind: 'byte', byte })));
    });
  }

  it('pulses frame_error three cycles after the golden mid-stop-bit sample (two synchroniser flops and the flag register)', () => {
    const line = serializeUart([{ byte: 0x55, stopBit: 0 }, { byte: 0x12, idleBefore: 1 }, { byte: 0xa5, stopBit: 0, idleBefore: 2 }], 8);
    const golden = deserializeUart(line, 8);
    const hw = receive(8, line, 1, 1);
    // The simulator is reset for 2 cycles before the line starts.
    expect(hw.errorCycles).toEqual(golden.filter((e) => e.kind === 'frame-error').map((e) => e.cycle + 2 + 3));
    expect(hw.seen).toEqual([{ kind: 'frame-error' }, { kind: 'byte', byte: 0x12 }, { kind: 'frame-error' }]);
  });

  it('holds the first byte and drops later ones (overrun) while the consumer is not ready', () => {
    const sim = createBuiltinSimulator(elaborate(UartRx, { clockHz: 8_000_000, baud: 1_000_000 }));
    let overruns = 0;
    const bench = new UartBench(sim, { rx: 'rx', clocksPerBit: 8, beforeEdge: () => void (sim.peek('overrun') === 1n && overruns++) });
    sim.poke('rx', 1);
    sim.reset(1);
    sim.poke('out_ready', 0);
    bench.drive(serializeUart([0x11, 0x22, 0x33], 8));
    bench.step(bench.driving + 8);
    expect(sim.peek('out_valid')).toBe(1n);
    expect(sim.peek('out_data')).toBe(0x11n);
    expect(overruns).toBe(2);
    sim.poke('out_ready', 1);
    sim.step();
    expect(sim.peek('out_valid')).toBe(0n);
    sim.poke('out_ready', 0);
    bench.drive(serializeUart([0x44], 8));
    bench.step(bench.driving + 8);
    expect(sim.peek('out_data')).toBe(0x44n);
    expect(sim.peek('out_valid')).toBe(1n);
    sim.close();
  });

  it('ignores a glitch shorter than half a bit and makes one framing error of a break', () => {
    const cpb = 8;
    const glitch = [1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]; // 3 clocks low < 4
    const brk = [...new Array<number>(30 * cpb).fill(0), ...new Array<number>(2 * cpb).fill(1)];
    const line = Uint8Array.from([...glitch, ...serializeUart([0x5a], cpb), ...brk, ...serializeUart([0xc3], cpb)]);
    expect(deserializeUart(line, cpb).map((e) => e.kind)).toEqual(['byte', 'frame-error', 'byte']);
    const hw = receive(cpb, line, 1, 1);
    expect(hw.seen).toEqual([{ kind: 'byte', byte: 0x5a }, { kind: 'frame-error' }, { kind: 'byte', byte: 0xc3 }]);
  });
});
