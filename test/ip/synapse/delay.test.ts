// Synaptic delays: the ring buffer and the delayed synapse array by hand,
// then the hardware DelayBuffer against DelayBufferModel on random streams
// (back-to-back adds to one slot exercise the forwarding path).
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import { emitVerilog } from '../../../generators/verilog/index.ts';
import { DelayBuffer, DelayBufferModel, SynapseModel, type DelayParams } from '../../../ip/synapse/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { lintVerilog } from '../../../testbenches/verilator-lint.ts';
import { floatStream, randomInt } from '../core/harness.ts';

describe('DelayBufferModel by hand', () => {
  it('delivers a value d + 1 ticks after it was added', () => {
    const b = new DelayBufferModel({ targets: 2, maxDelay: 2, valueWidth: 4, accWidth: 5, overflow: 'saturate' });
    b.add(0, 0, 3);
    b.add(0, 1, 5);
    b.add(1, 2, -4);
    b.add(0, 0, 2);
    expect(b.tick()).toEqual([5n, 0n]);
    expect(b.tick()).toEqual([5n, 0n]);
    b.add(1, 0, 7); // the slot that already holds the -4 added two steps ago
    expect(b.tick()).toEqual([0n, 3n]);
    expect(b.tick()).toEqual([0n, 0n]);
  });

  it('saturates or wraps the accumulator', () => {
    for (const [overflow, want] of [['saturate', 15n], ['wrap', -11n]] as const) {
      const b = new DelayBufferModel({ targets: 1, maxDelay: 0, valueWidth: 4, accWidth: 5, overflow });
      for (let i = 0; i < 3; i++) b.add(0, 0, 7);
      expect(b.tick()).toEqual([want]);
    }
  });

  it('rejects a delay beyond the buffer and a value wider than valueWidth', () => {
    const b = new DelayBufferModel({ targets: 1, maxDelay: 3, valueWidth: 4, accWidth: 8, overflow: 'saturate' });
    expect(() => b.add(0, 4, 1)).toThrow(/delay 4 is beyond the buffer \(maxDelay 3\)/);
    expect(() => b.add(0, 0, 8)).toThrow(/does not fit 4 signed bits/);
  });
});

describe('SynapseModel by hand', () => {
  it('puts each weight into the step its delay names', () => {
    const s = new SynapseModel({
      axons: 2,
      neurons: 2,
      weightWidth: 4,
      signMode: 'signed',
      wordWidth: 32,
      weights: [[3, -2], [1, 4]],
      inhibitory: [],
      maxDelay: 2,
      delays: [[0, 2], [1, 0]],
      accWidth: 8,
      overflow: 'saturate',
    });
    s.event(0);
    s.event(1);
    expect(s.tick()).toEqual([3n, 4n]);
    expect(s.tick()).toEqual([1n, 0n]);
    expect(s.tick()).toEqual([0n, -2n]);
    expect(s.tick()).toEqual([0n, 0n]);
  });

  it('applies the per-axon sign in magnitude mode', () => {
    const s = new SynapseModel({
      axons: 2,
      neurons: 1,
      weightWidth: 2,
      signMode: 'magnitude',
      wordWidth: 8,
      weights: [[3], [2]],
      inhibitory: [0, 1],
      maxDelay: 0,
      delays: [],
      accWidth: 4,
      overflow: 'saturate',
    });
    s.event(0);
    s.event(1);
    s.event(1);
    expect(s.tick()).toEqual([-1n]);
  });
});

type Tx = { tick: true } | { tick: false; target: number; delay: number; value: number };

/** Streams transactions into the hardware and returns the drained values, `target:value` per output cycle. */
function runHardware(p: DelayParams, txs: readonly Tx[]): string[] {
  const sim = createBuiltinSimulator(elaborate(DelayBuffer, p));
  const out: string[] = [];
  try {
    sim.reset(1);
    let i = 0;
    for (let cycle = 0; i < txs.length || sim.peek('busy') === 1n; cycle++) {
      if (cycle > 100_000) throw new Error('DelayBuffer hangs');
      const t = txs[i];
      sim.poke('in_valid', t ? 1 : 0);
      if (t) {
        sim.poke('in_tick', t.tick ? 1 : 0);
        if (!t.tick) {
          sim.poke('in_target', t.target);
          sim.poke('in_delay', t.delay);
          sim.poke('in_value', t.value);
        }
      }
      if (sim.peek('out_valid') === 1n) out.push(`${sim.peek('out_target')}:${sim.peek('out_value')}`);
      if (t && sim.peek('in_ready') === 1n) i++;
      sim.step(1);
    }
  } finally {
    sim.close();
  }
  return out;
}

function runGolden(p: DelayParams, txs: readonly Tx[]): string[] {
  const b = new DelayBufferModel(p);
  const out: string[] = [];
  for (const t of txs) {
    if (t.tick) out.push(...b.tick().map((v, i) => `${i}:${v}`));
    else if (t.delay <= p.maxDelay && t.target < p.targets) b.add(t.target, t.delay, t.value);
  }
  return out;
}

describe('DelayBuffer hardware against DelayBufferModel', () => {
  const cases: [string, DelayParams, number][] = [
    ['5 targets, delays 0..2, saturating', { targets: 5, maxDelay: 2, valueWidth: 4, accWidth: 6, overflow: 'saturate' }, 0.1],
    ['1 target: every add hits the last word written (forwarding)', { targets: 1, maxDelay: 1, valueWidth: 4, accWidth: 5, overflow: 'wrap' }, 0.2],
    ['8 targets, no delay, wrapping', { targets: 8, maxDelay: 0, valueWidth: 8, accWidth: 8, overflow: 'wrap' }, 0.05],
    ['3 targets, delays 0..4 (ring of 5), out-of-range adds dropped', { targets: 3, maxDelay: 4, valueWidth: 3, accWidth: 7, overflow: 'saturate' }, 0.15],
  ];
  for (const [name, p, tickProb] of cases) {
    it(name, () => {
      const rng = floatStream(p.targets * 31 + p.maxDelay);
      const tMax = (1 << Math.max(1, Math.ceil(Math.log2(p.targets)))) - 1;
      const dMax = (1 << Math.max(1, Math.ceil(Math.log2(p.maxDelay + 1)))) - 1;
      const v = 1 << (p.valueWidth - 1);
      const txs: Tx[] = Array.from({ length: 600 }, () =>
        rng() < tickProb ? { tick: true } : { tick: false, target: randomInt(rng, 0, tMax), delay: randomInt(rng, 0, dMax), value: randomInt(rng, -v, v - 1) },
      );
      const want = runGolden(p, txs);
      expect(want.length).toBeGreaterThan(20);
      expect(runHardware(p, txs)).toEqual(want);
    });
  }

  describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
    for (const [name, p] of cases) {
      it(`${name} lints clean`, () => {
        const ir = elaborate(DelayBuffer, p);
        expect(lintVerilog(emitVerilog(ir), ir.top).warnings).toEqual([]);
      });
    }
  });
});
