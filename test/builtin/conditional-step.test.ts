// Conditional steps `sel ? x + k : x` (and `x - k`, either arm order) are
// generated as one masked add (codegen.ts conditionalStep). Registers built in
// every such shape, widths 5, 8 and 32, small and "negative" steps, checked
// against BigInt arithmetic cycle by cycle on the fused loop, the chunked
// functions and poke/step.
import { describe, expect, it } from 'vitest';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { design, ModuleBuilder } from './fixtures.ts';
import { Rng, u } from './reference.ts';

interface Shape {
  width: number;
  op: 'add' | 'sub';
  step: bigint;
  /** The stepped value is the mux's second arm (select 1), else its first. */
  onOne: boolean;
  /** The constant is the add's first operand. */
  constFirst?: boolean;
}

const SHAPES: Shape[] = [
  { width: 32, op: 'add', step: 1n, onOne: true },
  { width: 32, op: 'add', step: 0xfffffff0n, onOne: true },
  { width: 32, op: 'sub', step: 3n, onOne: false },
  { width: 32, op: 'add', step: 0x80000001n, onOne: false, constFirst: true },
  { width: 8, op: 'add', step: 200n, onOne: true },
  { width: 8, op: 'sub', step: 1n, onOne: true },
  { width: 5, op: 'add', step: 1n, onOne: false },
  { width: 5, op: 'sub', step: 31n, onOne: true, constFirst: false },
];

function build() {
  const m = new ModuleBuilder('Steps');
  const clk = m.input('clk', 1, { role: 'clock' });
  const rst = m.input('rst', 1, { role: 'reset' });
  const en = m.input('en', SHAPES.length);
  SHAPES.forEach((s, i) => {
    const q = m.net(s.width, { name: `c${i}` });
    const k = m.const(s.width, s.step);
    const stepped = m.cell(s.op, s.op === 'add' && s.constFirst ? [k, q] : [q, k], s.width);
    const sel = m.cell('slice', [en], 1, { lo: i });
    const d = m.cell('mux', s.onOne ? [sel, q, stepped] : [sel, stepped, q], s.width);
    m.reg(q, d, clk, { reset: { net: rst, value: u(BigInt(i * 7), s.width), activeLow: false, async: false } });
    m.outputFrom(`o${i}`, q);
  });
  return design('Steps', m.build());
}

/** The same registers in BigInt arithmetic. */
function expected(enables: bigint[]): bigint[][] {
  const c = SHAPES.map((s, i) => u(BigInt(i * 7), s.width));
  return enables.map((e) => {
    SHAPES.forEach((s, i) => {
      const sel = (e >> BigInt(i)) & 1n;
      if ((sel === 1n) === s.onOne) c[i] = u(s.op === 'add' ? c[i]! + s.step : c[i]! - s.step, s.width);
    });
    return [...c];
  });
}

describe('conditional steps (masked add)', () => {
  const ir = build();
  const rng = new Rng(77);
  const enables = Array.from({ length: 300 }, () => rng.bits(SHAPES.length));
  const want = expected(enables);
  const observe = SHAPES.map((_, i) => `o${i}`);

  for (const fusedLoop of [true, false]) {
    it(`run() ${fusedLoop ? 'fused' : 'chunked'} matches BigInt arithmetic`, () => {
      const sim = createBuiltinSimulator(ir, { fusedLoop });
      sim.reset(1);
      const got = sim.run({ inputs: ['en'], cycles: enables.map((e) => [e]), observe });
      expect(got).toEqual(want);
    });
  }

  it('poke/step/peek matches BigInt arithmetic', () => {
    const sim = createBuiltinSimulator(ir);
    sim.reset(1);
    enables.forEach((e, c) => {
      sim.poke('en', e);
      sim.step(1);
      expect(observe.map((n) => sim.peek(n)), `cycle ${c}`).toEqual(want[c]);
    });
  });
});
