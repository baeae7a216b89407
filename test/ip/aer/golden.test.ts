// The AER golden models against examples worked out by hand from the rules
// in docs/ip/aer.md.
import { describe, expect, it } from 'vitest';
import { AerDecoderModel, AerEncoderModel, decodeFrame, roundRobinNext, roundRobinOrder } from '../../../ip/aer/index.ts';

describe('round-robin rule', () => {
  it('serves the first waiting line at or after the pointer, wrapping', () => {
    const w = [false, true, false, false, false, true, true, false];
    expect(roundRobinNext(w, 0)).toBe(1);
    expect(roundRobinNext(w, 2)).toBe(5);
    expect(roundRobinNext(w, 6)).toBe(6);
    expect(roundRobinNext(w, 7)).toBe(1);
    expect(roundRobinNext(new Array(8).fill(false), 3)).toBe(null);
    expect(roundRobinOrder(8, [5, 1, 6], 3)).toEqual([5, 6, 1]);
    expect(roundRobinOrder(8, [5, 1, 6], 0)).toEqual([1, 5, 6]);
  });
});

describe('AerEncoderModel', () => {
  it('follows a hand-worked trace: latching, a full FIFO, a lost spike, the pointer', () => {
    // 4 lines, FIFO of 2, one pending spike per line.
    const g = new AerEncoderModel({ lines: 4, fifoDepth: 2, pendingWidth: 1 });
    const trace = [
      { spikes: [0, 2, 3], ready: false }, // latched; nothing to show yet
      { spikes: [], ready: false }, // grant 0 (pointer 0) -> FIFO [0], pointer 1
      { spikes: [2], ready: false }, // shows 0; grant 2 -> FIFO [0,2]; line 2 spikes again, latched
      { spikes: [3], ready: false }, // FIFO full: no grant; line 3 already holds a spike: lost
      { spikes: [], ready: true }, // 0 leaves; grant 3 (pointer 3) -> FIFO [2,3], pointer 0
      { spikes: [], ready: true }, // 2 leaves; grant 2 -> FIFO [3,2]
      { spikes: [], ready: true }, // 3 leaves
      { spikes: [], ready: true }, // 2 leaves
      { spikes: [], ready: true }, // empty
    ];
    const out = trace.map((c) => g.cycle(c));
    expect(out.map((o) => (o.valid ? o.addr : null))).toEqual([null, null, 0, 0, 0, 2, 3, 2, null]);
    expect(out.map((o) => o.transferred).filter((x) => x !== null)).toEqual([0, 2, 3, 2]);
    expect(out.map((o) => o.lost)).toEqual([[], [], [], [3], [], [], [], [], []]);
    expect(g.idle).toBe(true);
  });

  it('rejects a spike on a line that does not exist', () => {
    const g = new AerEncoderModel({ lines: 4, fifoDepth: 2, pendingWidth: 1 });
    expect(() => g.cycle({ spikes: [4], ready: true })).toThrow(/line 4/);
  });
});

describe('AER decoding', () => {
  it('a frame is the set of addresses of the window; out-of-range addresses are dropped', () => {
    expect(decodeFrame(5, [3, 0, 3, 7])).toEqual([true, false, false, true, false]);
  });

  it('AerDecoderModel pulse and frame modes', () => {
    const pulse = new AerDecoderModel({ lines: 3, mode: 'pulse' });
    expect(pulse.cycle({ valid: true, addr: 2 }).spikes).toEqual([false, false, true]);
    expect(pulse.cycle({ valid: false, addr: 2 }).spikes).toEqual([false, false, false]);
    const frame = new AerDecoderModel({ lines: 3, mode: 'frame' });
    expect(frame.cycle({ valid: true, addr: 0 })).toEqual({ spikes: [false, false, false], frameValid: false });
    // The address in the step's own cycle belongs to the ending step.
    expect(frame.cycle({ valid: true, addr: 2, step: true })).toEqual({ spikes: [true, false, true], frameValid: true });
    expect(frame.cycle({ valid: true, addr: 1 })).toEqual({ spikes: [true, false, true], frameValid: false });
    expect(frame.cycle({ valid: false, addr: 0, step: true })).toEqual({ spikes: [false, true, false], frameValid: true });
  });
});
