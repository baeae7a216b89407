// Partial settles (codegen.ts settleForEdge / settleOutputs): when nearly all
// logic depends on an input, runColumns and bind settle before the edge only
// what the edge reads and after it only what the outputs read. Checked on a
// LIF array (every neuron reads the shared input current) against plain
// poke/step/peek, with inputs that sometimes hold still (the full-settle
// branch) and sometimes change (the partial one), and by peeking internal
// signals afterwards (left unsettled by the partial settles).
import { describe, expect, it } from 'vitest';
import { design, elaborate, SInt, UInt, Bool, type Signal } from '../../hdl/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { compileModel } from '../../testbenches/builtin/compile.ts';
import { Rng } from './reference.ts';

const Lifs = design('Lifs', { neurons: 6 }, (m, p) => {
  const step = m.input('step', Bool());
  const current = m.input('current', SInt(16));
  const spikes = m.output('spikes', UInt(p.neurons));
  const total = m.output('total', UInt(8));
  const fired: Signal[] = [];
  for (let i = 0; i < p.neurons; i++) {
    const v = m.reg(`v${i}`, SInt(16), { reset: 0 });
    const next = m.let(`next${i}`, v.subWrap(v.shr(2)).addSat(current));
    const fire = step.and(next.ge(300 + 50 * i));
    // Named, read only by the register: outside the outputs' cone.
    const kept = m.let(`kept${i}`, fire.select(0, next));
    m.when(step, () => v.set(kept));
    fired.push(fire);
  }
  spikes.set(fired[fired.length - 1]!.cat(...fired.slice(0, -1).reverse()));
  // A registered output too: observed values after the edge from state alone.
  const count = m.reg('count', UInt(8), { reset: 0 });
  m.when(fired[0]!, () => count.set(count.addWrap(1)));
  total.set(count);
  return { step, current, spikes, total };
});

const CYCLES = 400;
const ir = elaborate(Lifs, { neurons: 6 });
const inputs = ['step', 'current'];
const observe = ['spikes', 'total'];
const internals = ['v0', 'v5', 'next0', 'next5', 'kept0', 'kept5', 'count'];

/** Inputs that hold for a few cycles now and then (both branches of the loop). */
function stimulus(): { step: number[]; current: number[] } {
  const rng = new Rng(5);
  const step: number[] = [];
  const current: number[] = [];
  let s = 1;
  let cur = 40;
  for (let c = 0; c < CYCLES; c++) {
    if (rng.int(3) !== 0) {
      s = rng.int(4) === 0 ? 0 : 1;
      cur = rng.int(400) - 100;
    }
    // The second runColumns call starts with the inputs the first one ended with.
    if (c === CYCLES / 2) {
      s = step[c - 1]!;
      cur = current[c - 1]!;
    }
    step.push(s);
    current.push(cur);
  }
  return { step, current };
}

/** The reference: poke, step(1), peek, cycle by cycle. */
function reference(st: { step: number[]; current: number[] }): { outs: bigint[][]; after: bigint[] } {
  const sim = createBuiltinSimulator(ir, { fusedLoop: false });
  sim.reset(1);
  const outs = st.step.map((s, c) => {
    sim.poke('step', s);
    sim.poke('current', st.current[c]!);
    sim.step(1);
    return observe.map((n) => sim.peek(n));
  });
  return { outs, after: internals.map((n) => sim.peek(n)) };
}

describe('partial settles', () => {
  const st = stimulus();
  const ref = reference(st);

  it('the design takes that path (no input cone of its own, too big to matter for the fused loop)', () => {
    const model = compileModel(ir, { fusedLoop: false });
    expect(model.source).toContain('function settleForEdge()');
    expect(model.source).toContain('function settleOutputs()');
  });

  it('runColumns agrees with poke/step/peek, and so do internal signals afterwards', () => {
    const sim = createBuiltinSimulator(ir, { fusedLoop: false });
    sim.reset(1);
    // Two calls: the second starts from the first one's partial state.
    const half = CYCLES / 2;
    const col = (xs: number[], from: number, to: number): Uint32Array => Uint32Array.from(xs.slice(from, to), (x) => x >>> 0 & 0xffff);
    const got: bigint[][] = [];
    for (const [from, to] of [[0, half], [half, CYCLES]] as const) {
      const r = sim.runColumns!({ inputs, cycles: to - from, values: [col(st.step, from, to), col(st.current, from, to)], observe });
      for (let c = 0; c < to - from; c++) got.push([BigInt(r.values[0]![c]!), BigInt(r.values[1]![c]!)]);
    }
    expect(got).toEqual(ref.outs);
    expect(internals.map((n) => sim.peek(n))).toEqual(ref.after);
  });

  it('bind().cycle() agrees with poke/step/peek, and so do internal signals afterwards', () => {
    const sim = createBuiltinSimulator(ir, { fusedLoop: false });
    sim.reset(1);
    const b = sim.bind!({ inputs, observe });
    const got = st.step.map((s, c) => {
      b.inputs[b.inputAt[0]!] = s;
      b.inputs[b.inputAt[1]!] = st.current[c]! & 0xffff;
      b.cycle();
      return [BigInt(b.outputs[b.outputAt[0]!]!), BigInt(b.outputs[b.outputAt[1]!]!)];
    });
    expect(got).toEqual(ref.outs);
    expect(internals.map((n) => sim.peek(n))).toEqual(ref.after);
  });
});
