// Power-up (hdl/ir.ts): registers start from their initial value, and an
// asynchronous reset that is asserted at power-up acts at once, before any
// clock edge. Checked on every installed back end against values written out
// here, also from random initial state on Verilator (the power-up edges must
// not depend on where Verilator's state starts).
import { afterAll, describe, expect, it } from 'vitest';
import { Bool, design, elaborate, UInt } from '../../hdl/index.ts';
import { availableBackends, createSimulator } from '../../testbenches/backends.ts';
import type { BackendName, Simulator } from '../../testbenches/simulator.ts';
import { haveTool } from '../../testbenches/tools.ts';
import { CACHE_DIR } from './helpers.ts';

haveTool('iverilog');

const PowerUp = design('PowerUp', {}, (m) => {
  // Data inputs used as asynchronous resets; inputs start at 0.
  const pinN = m.input('pin_n', Bool()); // active low: asserted at power-up
  const pin = m.input('pin', Bool()); // active high: deasserted at power-up
  const kick = m.reg('kick', Bool(), { init: 1 }); // asserts b's reset until the first edge
  kick.set(kick.and(pin));
  const a = m.reg('a', UInt(8), { reset: 0x11, init: 0x22, resetSignal: pinN, asyncReset: true, resetActiveLow: true });
  const b = m.reg('b', UInt(8), { reset: 0x33, init: 0x44, resetSignal: kick, asyncReset: true });
  const c = m.reg('c', UInt(8), { reset: 0x55, init: 0x66, resetSignal: pin, asyncReset: true });
  const d = m.reg('d', UInt(8), { init: 0x77 });
  // e is reset by a register that b's power-up reset sets: resets of resets act at once too.
  const bIsReset = m.let('b_is_reset', b.eq(0x33));
  const e = m.reg('e', UInt(8), { reset: 0x99, init: 0x88, resetSignal: bIsReset, asyncReset: true });
  for (const r of [a, b, c, d, e]) r.set(r.addWrap(1));
  const oa = m.output('oa', UInt(8));
  const ob = m.output('ob', UInt(8));
  const oc = m.output('oc', UInt(8));
  const od = m.output('od', UInt(8));
  const oe = m.output('oe', UInt(8));
  oa.set(a);
  ob.set(b);
  oc.set(c);
  od.set(d);
  oe.set(e);
  return { oa, ob, oc, od, oe };
});

const OUTS = ['oa', 'ob', 'oc', 'od', 'oe'];
const read = (s: Simulator): bigint[] => OUTS.map((o) => s.peek(o));

describe('power-up: initial values, and asynchronous resets asserted at time 0', () => {
  const ir = elaborate(PowerUp, {});
  type Run = { label: string; backend: BackendName; randReset?: number };
  const runs = availableBackends().flatMap((b): Run[] =>
    b === 'verilator' ? [{ label: b, backend: b }, ...[1, 2].map((seed) => ({ label: `verilator-seed${seed}`, backend: b, randReset: seed }))] : [{ label: b, backend: b }],
  );
  const open: Simulator[] = [];
  afterAll(() => open.forEach((s) => s.close()));

  for (const run of runs) {
    it(`${run.label}: reset values where the reset is asserted, initial values elsewhere, before any edge`, () => {
      const s = createSimulator(ir, run.backend, { cacheDir: CACHE_DIR, ...(run.randReset !== undefined ? { randReset: run.randReset } : {}) });
      open.push(s);
      // a: pin_n = 0 asserts it; b: kick's initial 1 asserts it; c: pin = 0 does not; d: no reset; e: b's reset value asserts it.
      expect(read(s)).toEqual([0x11n, 0x33n, 0x66n, 0x77n, 0x99n]);
      s.step(1); // a held in reset; kick falls at this edge, so b and e still reset on it
      expect(read(s)).toEqual([0x11n, 0x33n, 0x67n, 0x78n, 0x99n]);
      s.step(1); // b counts now; e stays in reset only while b is 0x33
      expect(read(s)).toEqual([0x11n, 0x34n, 0x68n, 0x79n, 0x99n]);
      s.step(1);
      expect(read(s)).toEqual([0x11n, 0x35n, 0x69n, 0x7an, 0x9an]);
      s.poke('pin_n', 1);
      s.step(1);
      expect(read(s)).toEqual([0x12n, 0x36n, 0x6an, 0x7bn, 0x9bn]);
    });
  }
});
