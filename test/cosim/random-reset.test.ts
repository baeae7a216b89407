// Random initial state in co-simulation: by default cosim() repeats the
// Verilator run from random state with three seeds. A register whose reset is
// not the module reset (here a synchronous clear the testbench does not
// assert at first) has no defined value after reset(): the built-in back end
// and plain Verilator start it at 0, which the golden model happens to
// assume, so only the random-state runs catch it.
import { describe, expect, it } from 'vitest';
import { Bool, design, elaborate, UInt } from '../../hdl/index.ts';
import { cosim, CosimMismatchError, type GoldenModel } from '../../testbenches/cosim/index.ts';
import { CACHE_DIR, haveVerilator } from './helpers.ts';

/** Counts `tick`s; `total` sums them. `clearOnly` resets `total` from `clear` alone, not from the module reset. */
const Tally = design('Tally', { clearOnly: true }, (m, p) => {
  const tick = m.input('tick', Bool());
  const clear = m.input('clear', Bool());
  const count = m.output('count', UInt(16));
  const total = p.clearOnly ? m.reg('total', UInt(16), { reset: 0, resetSignal: clear }) : m.reg('total', UInt(16), { reset: 0 });
  m.when(clear, () => total.set(0)).otherwise(() => total.set(total.addWrap(tick.zext(16))));
  count.set(total);
  return { tick, clear, count };
});

/** What the testbench writer believes: after reset the count is 0. */
function tallyModel(): GoldenModel {
  let total = 0n;
  return {
    reset: () => {
      total = 0n;
    },
    step: (i) => {
      total = i.clear ? 0n : (total + i.tick) & 0xffffn;
      return { count: total };
    },
  };
}

const stimulus = (k: number) => ({ tick: k % 3 === 0 ? 1 : 0, clear: k === 40 ? 1 : 0 });

describe.skipIf(!haveVerilator)('cosim: random initial state on Verilator', () => {
  it('passes the register that lacks the module reset on the built-in back end and plain Verilator', () => {
    const r = cosim({ design: Tally, params: { clearOnly: true }, model: tallyModel(), stimulus, cycles: 60, backends: ['builtin', 'verilator'], randReset: false, cacheDir: CACHE_DIR });
    expect(r.backends.map((b) => b.label)).toEqual(['builtin', 'verilator']);
    expect(r.randReset).toEqual([]);
  });

  it('catches it by default on a random-state run, at cycle 0, naming the seed', () => {
    let err: unknown;
    try {
      cosim({ design: Tally, params: { clearOnly: true }, model: tallyModel(), stimulus, cycles: 60, backends: ['builtin', 'verilator'], cacheDir: CACHE_DIR });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CosimMismatchError);
    const m = err as CosimMismatchError;
    expect(m.backend).toBe('verilator');
    expect(m.label).toMatch(/^verilator-seed[123]$/);
    expect(m.randReset).toBe(Number(m.label.slice('verilator-seed'.length)));
    expect(m.cycle).toBe(0);
    expect(m.signal).toBe('count');
    // The plain runs were fine up to there; a random-state run failed.
    expect(m.runs.filter((s) => s.failed).every((s) => s.randReset !== undefined)).toBe(true);
    expect(m.runs.find((s) => s.label === 'verilator')!.failed).toBe(false);
  });

  it('passes every seed once the register takes the module reset', () => {
    const ir = elaborate(Tally, { clearOnly: false });
    const r = cosim({ design: ir, model: tallyModel(), stimulus, cycles: 60, backends: ['builtin', 'verilator'], randReset: [1, 2, 3, 17], cacheDir: CACHE_DIR });
    expect(r.randReset.map((b) => [b.label, b.cycles])).toEqual([
      ['verilator-seed1', 60],
      ['verilator-seed2', 60],
      ['verilator-seed3', 60],
      ['verilator-seed17', 60],
    ]);
  });
});
