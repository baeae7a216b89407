// Logical shifts of values of up to 64 bits by amounts held in more than 64
// bits: Verilator 5.006 shifts by such an amount modulo 2^32 or 2^64 when it is
// below 2^32, so the Verilog generator guards them (the shift form in
// generators/verilog/cell-forms.ts). Every amount around the word sizes and
// past the width, on every installed back end, against values computed here.
import { afterAll, describe, expect, it } from 'vitest';
import { design, elaborate, UInt } from '../../hdl/index.ts';
import { availableBackends, createSimulator } from '../../testbenches/backends.ts';
import type { Simulator } from '../../testbenches/simulator.ts';
import { haveTool } from '../../testbenches/tools.ts';
import { CACHE_DIR } from './helpers.ts';

haveTool('iverilog');

const WideShift = design('WideShift', {}, (m) => {
  const a8 = m.input('a8', UInt(8));
  const a40 = m.input('a40', UInt(40));
  const a64 = m.input('a64', UInt(64));
  const n = m.input('n', UInt(70));
  const outs = {
    l8: m.output('l8', UInt(8)),
    r8: m.output('r8', UInt(8)),
    l40: m.output('l40', UInt(40)),
    r40: m.output('r40', UInt(40)),
    l64: m.output('l64', UInt(64)),
    r64: m.output('r64', UInt(64)),
  };
  outs.l8.set(a8.shl(n));
  outs.r8.set(a8.shr(n));
  outs.l40.set(a40.shl(n));
  outs.r40.set(a40.shr(n));
  outs.l64.set(a64.shl(n));
  outs.r64.set(a64.shr(n));
  return { a8, a40, a64, n, ...outs };
});

const A8 = 0xb5n;
const A40 = 0xf0_1234_5678n;
const A64 = 0x8123_4567_89ab_cdefn;
const AMOUNTS = [0n, 1n, 7n, 8n, 9n, 31n, 32n, 33n, 39n, 40n, 41n, 63n, 64n, 65n, 96n, (1n << 32n) + 1n, (1n << 64n) + 2n, (1n << 69n) + 3n];

const shl = (x: bigint, w: number, k: bigint): bigint => (k >= BigInt(w) ? 0n : (x << k) & ((1n << BigInt(w)) - 1n));
const shr = (x: bigint, w: number, k: bigint): bigint => (k >= BigInt(w) ? 0n : x >> k);

describe('logical shifts by amounts wider than 64 bits', () => {
  const ir = elaborate(WideShift, {});
  const open: Simulator[] = [];
  afterAll(() => open.forEach((s) => s.close()));

  for (const backend of availableBackends()) {
    it(`${backend}: give x << n and x >> n for every amount, 0 from the width on`, () => {
      const s = createSimulator(ir, backend, { cacheDir: CACHE_DIR });
      open.push(s);
      s.poke('a8', A8);
      s.poke('a40', A40);
      s.poke('a64', A64);
      const got = AMOUNTS.map((k) => {
        s.poke('n', k);
        return [k, s.peek('l8'), s.peek('r8'), s.peek('l40'), s.peek('r40'), s.peek('l64'), s.peek('r64')];
      });
      const want = AMOUNTS.map((k) => [k, shl(A8, 8, k), shr(A8, 8, k), shl(A40, 40, k), shr(A40, 40, k), shl(A64, 64, k), shr(A64, 64, k)]);
      expect(got).toEqual(want);
    });
  }
});
