// The AER hardware on the built-in simulator against the golden models, with
// random spike patterns and random back-pressure; plus properties that hold
// whatever the model says: nothing lost or duplicated, round-robin fairness.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import { AddressFifo, AerDecoder, AerDecoderModel, roundRobinOrder, type AerEncoderParams } from '../../../ip/aer/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { Random } from '../../hdl/random.ts';
import { runEncoderHardware, runEncoderModel, vectorOf, type EncoderCycle } from './harness.ts';

function randomCycles(r: Random, lines: number, n: number, rate: number, readyRate: number): EncoderCycle[] {
  return Array.from({ length: n }, () => ({
    spikes: Array.from({ length: lines }, (_, i) => i).filter(() => r.next() < rate),
    ready: r.next() < readyRate,
  }));
}

/** Count of each address in a list. */
function tally(xs: Iterable<number>, lines: number): number[] {
  const t = new Array<number>(lines).fill(0);
  for (const x of xs) t[x]! += 1;
  return t;
}

describe('AerEncoder hardware vs golden model', () => {
  const configs: AerEncoderParams[] = [
    { lines: 1, fifoDepth: 1, pendingWidth: 1 },
    { lines: 5, fifoDepth: 3, pendingWidth: 1 },
    { lines: 16, fifoDepth: 4, pendingWidth: 2 },
    { lines: 37, fifoDepth: 16, pendingWidth: 3 },
  ];
  for (const p of configs) {
    it(`lines ${p.lines}, FIFO ${p.fifoDepth}, pending ${p.pendingWidth} bits: same stream every cycle`, () => {
      const r = new Random(1000 + p.lines);
      // Bursts (many lines at once) and quiet stretches, under random back-pressure.
      const cycles = [
        ...randomCycles(r, p.lines, 150, 0.6 / p.lines, 0.7),
        ...randomCycles(r, p.lines, 60, 0.5, 0.3),
        ...randomCycles(r, p.lines, 300, 0.3 / p.lines, 0.5),
        ...Array.from({ length: 4 * p.lines * 2 ** p.pendingWidth + 20 }, () => ({ spikes: [], ready: true })),
      ];
      const hw = runEncoderHardware(p, cycles);
      const gm = runEncoderModel(p, cycles);
      for (let c = 0; c < cycles.length; c++) {
        const h = hw[c]!;
        const g = gm[c]!;
        expect({ c, valid: h.valid, addr: h.valid ? h.addr : null, lost: h.lost.length > 0 }).toEqual({ c, valid: g.valid, addr: g.valid ? g.addr : null, lost: g.lost.length > 0 });
      }
      // Conservation: every spike leaves exactly once or is reported lost.
      const arrived = tally(cycles.flatMap((c) => c.spikes), p.lines);
      const sent = tally(hw.flatMap((o) => (o.transferred === null ? [] : [o.transferred])), p.lines);
      const lost = tally(gm.flatMap((o) => o.lost), p.lines);
      expect(sent.map((s, i) => s + lost[i]!)).toEqual(arrived);
      expect(hw.filter((o) => o.lost.length > 0).length).toBe(gm.filter((o) => o.lost.length > 0).length);
    });
  }

  it('loses nothing and duplicates nothing under heavy back-pressure when the counters are deep enough', () => {
    const p = { lines: 12, fifoDepth: 2, pendingWidth: 4 };
    const r = new Random(77);
    const cycles = [...randomCycles(r, p.lines, 400, 0.04, 0.25), ...Array.from({ length: 200 }, () => ({ spikes: [], ready: true }))];
    const hw = runEncoderHardware(p, cycles);
    expect(hw.every((o) => o.lost.length === 0)).toBe(true);
    const arrived = tally(cycles.flatMap((c) => c.spikes), p.lines);
    const sent = tally(hw.flatMap((o) => (o.transferred === null ? [] : [o.transferred])), p.lines);
    expect(sent).toEqual(arrived);
    expect(arrived.reduce((a, b) => a + b)).toBeGreaterThan(100);
  });

  it('serves a burst in round-robin order from the pointer, whatever the back-pressure', () => {
    const p = { lines: 10, fifoDepth: 3, pendingWidth: 1 };
    const r = new Random(5);
    const first = [7, 2, 9, 4];
    const second = [8, 1, 3, 0, 6];
    // The first burst is served from pointer 0; the second from the line after the last grant.
    const cycles: EncoderCycle[] = [{ spikes: first, ready: false }];
    for (let i = 0; i < 30; i++) cycles.push({ spikes: [], ready: r.bool() });
    cycles.push(...Array.from({ length: 10 }, () => ({ spikes: [], ready: true })));
    cycles.push({ spikes: second, ready: false });
    for (let i = 0; i < 40; i++) cycles.push({ spikes: [], ready: r.bool() });
    cycles.push(...Array.from({ length: 10 }, () => ({ spikes: [], ready: true })));
    const sent = runEncoderHardware(p, cycles).flatMap((o) => (o.transferred === null ? [] : [o.transferred]));
    const a = roundRobinOrder(10, first, 0); // [2, 4, 7, 9]; pointer then 0
    const b = roundRobinOrder(10, second, (a[a.length - 1]! + 1) % 10);
    expect(a).toEqual([2, 4, 7, 9]);
    expect(sent).toEqual([...a, ...b]);
  });

  it('is fair: lines that always request are served in turn, none twice before the others once', () => {
    const n = 6;
    const p = { lines: n, fifoDepth: 2, pendingWidth: 1 };
    const r = new Random(9);
    const cycles = Array.from({ length: 200 }, () => ({ spikes: Array.from({ length: n }, (_, i) => i), ready: r.next() < 0.6 }));
    const sent = runEncoderHardware(p, cycles).flatMap((o) => (o.transferred === null ? [] : [o.transferred]));
    expect(sent.length).toBeGreaterThan(3 * n);
    sent.forEach((a, k) => expect(a).toBe(k % n));
  });
});

describe('AddressFifo', () => {
  for (const depth of [1, 3, 4, 7]) {
    it(`depth ${depth}: order kept, nothing lost, full/empty respected under random traffic`, () => {
      const sim = createBuiltinSimulator(elaborate(AddressFifo, { width: 6, depth }));
      const r = new Random(depth);
      const queue: number[] = [];
      const out: number[] = [];
      const sentIn: number[] = [];
      let next = 0;
      sim.reset(1);
      for (let c = 0; c < 600; c++) {
        const push = r.next() < 0.55;
        const ready = r.next() < 0.5;
        const data = next % 64;
        sim.poke('enq_valid', push ? 1 : 0);
        sim.poke('enq_data', data);
        sim.poke('deq_ready', ready ? 1 : 0);
        const valid = sim.peek('deq_valid') === 1n;
        const canEnq = sim.peek('enq_ready') === 1n;
        expect(valid).toBe(queue.length > 0);
        expect(Number(sim.peek('count'))).toBe(queue.length);
        const pop = valid && ready;
        if (valid) expect(Number(sim.peek('deq_data'))).toBe(queue[0]);
        expect(canEnq).toBe(queue.length < depth || pop);
        if (pop) out.push(queue.shift()!);
        if (push && canEnq) {
          queue.push(data);
          sentIn.push(data);
          next++;
        }
        sim.step(1);
      }
      expect(out).toEqual(sentIn.slice(0, out.length));
      expect(out.length).toBeGreaterThan(100);
      sim.close();
    });
  }
});

describe('AerDecoder hardware vs golden model', () => {
  for (const mode of ['pulse', 'frame'] as const) {
    for (const lines of [1, 6, 40]) {
      it(`${mode}, ${lines} lines`, () => {
        const p = { lines, mode };
        const sim = createBuiltinSimulator(elaborate(AerDecoder, p));
        const g = new AerDecoderModel(p);
        const r = new Random(lines * 3 + (mode === 'pulse' ? 0 : 1));
        const aw = Math.max(1, Math.ceil(Math.log2(lines)));
        sim.reset(1);
        for (let c = 0; c < 400; c++) {
          const valid = r.next() < 0.6;
          const addr = r.int(0, 2 ** aw - 1); // includes addresses past the last line
          const step = r.next() < 0.15;
          sim.poke('aer_valid', valid ? 1 : 0);
          sim.poke('aer_addr', addr);
          if (mode === 'frame') sim.poke('step', step ? 1 : 0);
          expect(sim.peek('aer_ready')).toBe(1n);
          sim.step(1);
          const want = g.cycle({ valid, addr, step });
          expect(sim.peek('spikes')).toBe(vectorOf(want.spikes.flatMap((s, i) => (s ? [i] : []))));
          if (mode === 'frame') expect(sim.peek('spikes_valid') === 1n).toBe(want.frameValid);
        }
        sim.close();
      });
    }
  }
});
