// Instances are flattened; every named net and port of every instance can be
// peeked by its hierarchical name, and clocks reach registers through ports.
import { describe, expect, it } from 'vitest';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { design, ModuleBuilder } from './fixtures.ts';
import { u } from './reference.ts';

/** leaf: acc <= acc + x (8 bits); y = acc ^ k, internal named 'partial' = acc + x. */
function leaf() {
  const m = new ModuleBuilder('leaf');
  const clk = m.input('clk', 1, { role: 'clock' });
  const x = m.input('x', 8);
  const k = m.input('k', 8);
  const acc = m.net(8, { name: 'acc' });
  const partial = m.cell('add', [acc, x], 8, { name: 'partial' });
  m.reg(acc, partial, clk, { init: 0n });
  m.outputFrom('y', m.cell('xor', [acc, k], 8));
  return m.build();
}

/** mid: two leaves in series, plus a signed view of the second's output. */
function mid() {
  const m = new ModuleBuilder('mid');
  const clk = m.input('clk', 1, { role: 'clock' });
  const x = m.input('x', 8);
  const between = m.net(8, { name: 'between' });
  const out = m.net(8, { name: 'out', signed: true });
  m.instance('first', 'leaf', { clk, x, k: m.const(8, 0x0f), y: between });
  m.instance('second', 'leaf', { clk, x: between, k: m.const(8, 0xf0), y: out });
  m.output('out', out);
  return m.build();
}

function top() {
  const m = new ModuleBuilder('top');
  const clk = m.input('clk', 1, { role: 'clock' });
  const x = m.input('x', 8);
  const o0 = m.net(8, { name: 'o0' });
  const o1 = m.net(8, { name: 'o1' });
  m.instance('u0', 'mid', { clk, x, out: o0 });
  m.instance('u1', 'mid', { clk, x: o0, out: o1 });
  m.output('o1', o1);
  return design('top', leaf(), mid(), m.build());
}

describe('builtin simulator: hierarchy', () => {
  it('names every named net and port of every instance', () => {
    const sim = createBuiltinSimulator(top());
    const names = sim.signals().map((s) => s.name);
    for (const n of ['clk', 'x', 'o0', 'o1', 'u0.x', 'u0.out', 'u0.between', 'u0.first.acc', 'u0.first.partial', 'u0.first.y', 'u1.second.k', 'u1.second.partial'])
      expect(names).toContain(n);
    expect(sim.signals().find((s) => s.name === 'u0.out')).toEqual({ name: 'u0.out', width: 8, signed: true });
  });

  it('simulates the flattened design against a model of the hierarchy, internal nets included', () => {
    const sim = createBuiltinSimulator(top());
    type Leaf = { acc: bigint };
    const leaves: Leaf[] = [0, 1, 2, 3].map(() => ({ acc: 0n })); // u0.first, u0.second, u1.first, u1.second
    const ks = [0x0fn, 0xf0n, 0x0fn, 0xf0n];
    const y = (i: number): bigint => leaves[i].acc ^ ks[i];
    const inputsOf = (x: bigint): bigint[] => {
      const ins = [x, y(0), 0n, 0n];
      ins[2] = y(1);
      ins[3] = y(2);
      return ins;
    };
    for (let c = 0; c < 100; c++) {
      const x = BigInt((c * 53 + 7) & 255);
      sim.poke('x', x);
      const ins = inputsOf(x);
      expect(sim.peek('u0.first.partial')).toBe(u(leaves[0].acc + ins[0], 8));
      expect(sim.peek('u1.second.partial')).toBe(u(leaves[3].acc + ins[3], 8));
      expect(sim.peek('u0.between')).toBe(y(0));
      expect(sim.peek('u1.x')).toBe(y(1)); // a child's input port is the parent's net
      expect(sim.peek('o1')).toBe(y(3));
      expect(sim.peek('u1.out')).toBe(BigInt.asIntN(8, y(3))); // same net, read through a signed name
      sim.step();
      leaves.forEach((l, i) => (l.acc = u(l.acc + ins[i], 8)));
      expect(sim.peek('u1.first.acc')).toBe(leaves[2].acc);
    }
  });
});
