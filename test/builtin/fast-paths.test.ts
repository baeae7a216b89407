// The built-in simulator's speed paths against plain BigInt arithmetic written
// here: narrow slices of wide inputs (kept as 32-bit words), wide
// concatenations of narrow parts (built word by word), branch-free compares
// and selects, the input-cone settle after pokes, rows whose inputs do not
// change, and simulators sharing one compiled model's functions.
import { describe, expect, it } from 'vitest';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { design, ModuleBuilder } from './fixtures.ts';
import { Rng } from './reference.ts';

const mask = (w: number): bigint => (1n << BigInt(w)) - 1n;
const sliceOf = (x: bigint, lo: number, w: number): bigint => (x >> BigInt(lo)) & mask(w);

// Slices of a 100-bit input inside a word, at word edges and across them.
const SLICES: [number, number][] = [[0, 1], [5, 7], [31, 1], [28, 8], [32, 32], [30, 32], [60, 9], [63, 2], [64, 32], [90, 10], [96, 4]];

function slicer() {
  const m = new ModuleBuilder('slicer');
  m.input('clk', 1, { role: 'clock' });
  const x = m.input('x', 100);
  const y = m.input('y', 64);
  SLICES.forEach(([lo, w], i) => m.outputFrom(`s${i}`, m.cell('slice', [x], w, { lo })));
  m.outputFrom('yhi', m.cell('slice', [y], 32, { lo: 32 }));
  m.outputFrom('ymid', m.cell('slice', [y], 20, { lo: 22 }));
  // Concatenations of narrow parts into wide results: 1-bit parts, parts across word edges.
  const bits = Array.from({ length: 40 }, (_, i) => m.cell('slice', [x], 1, { lo: i * 2 }));
  m.outputFrom('bits', m.cell('concat', bits, 40));
  m.outputFrom('parts', m.cell('concat', [m.cell('slice', [x], 7, { lo: 3 }), m.cell('slice', [y], 32, { lo: 0 }), m.cell('slice', [x], 30, { lo: 50 })], 69));
  return design('slicer', m.build());
}

function expectedSlicer(x: bigint, y: bigint): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  SLICES.forEach(([lo, w], i) => (out[`s${i}`] = sliceOf(x, lo, w)));
  out.yhi = sliceOf(y, 32, 32);
  out.ymid = sliceOf(y, 22, 20);
  let bits = 0n;
  for (let i = 0; i < 40; i++) bits = (bits << 1n) | sliceOf(x, i * 2, 1); // first part is the most significant
  out.bits = bits;
  out.parts = (sliceOf(x, 3, 7) << 62n) | (sliceOf(y, 0, 32) << 30n) | sliceOf(x, 50, 30);
  return out;
}

describe('builtin simulator: fast paths', () => {
  it('slices wide inputs and concatenates narrow parts like BigInt arithmetic, by poke and in batch', () => {
    const rng = new Rng(7);
    const edge = [0n, mask(100), 1n << 99n, (1n << 64n) - 1n, 1n << 31n, 1n << 32n];
    const xs = [...edge, ...Array.from({ length: 60 }, () => rng.bits(100))];
    const ys = xs.map((_, i) => (i % 3 === 0 ? mask(64) : rng.bits(64)));
    const observe = Object.keys(expectedSlicer(0n, 0n));
    const sim = createBuiltinSimulator(slicer());
    xs.forEach((x, i) => {
      sim.poke('x', x);
      sim.poke('y', ys[i]!);
      const want = expectedSlicer(x, ys[i]!);
      for (const o of observe) expect(sim.peek(o), `${o} for x=${x.toString(16)}`).toBe(want[o]);
    });
    // Batch: the same values, some rows repeated (unchanged inputs).
    const rows = xs.flatMap((x, i) => (i % 4 === 0 ? [[x, ys[i]!], [x, ys[i]!]] : [[x, ys[i]!]]));
    const got = createBuiltinSimulator(slicer()).run({ inputs: ['x', 'y'], cycles: rows, observe });
    rows.forEach(([x, y], k) => {
      const want = expectedSlicer(x!, y!);
      observe.forEach((o, j) => expect(got[k]![j], `${o} in row ${k}`).toBe(want[o]));
    });
    // Negative values for a wide input are patterns too.
    sim.poke('x', -1n);
    expect(sim.peek('s8')).toBe(mask(32));
  });

  it('compares and selects without branches, at every narrow width edge', () => {
    const widths = [1, 2, 15, 16, 30, 31, 32];
    const m = new ModuleBuilder('cmp');
    m.input('clk', 1, { role: 'clock' });
    const ops = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'] as const;
    for (const w of widths) {
      for (const signed of [false, true]) {
        const a = m.input(`a${w}${signed ? 's' : 'u'}`, w, { signed });
        const b = m.input(`b${w}${signed ? 's' : 'u'}`, w, { signed });
        for (const op of ops) m.outputFrom(`${op}${w}${signed ? 's' : 'u'}`, m.cell(op, [a, b], 1));
        const s = m.cell('lt', [a, b], 1);
        m.outputFrom(`mux${w}${signed ? 's' : 'u'}`, m.cell('mux', [s, a, b], w, { signed }), signed);
      }
    }
    const sim = createBuiltinSimulator(design('cmp', m.build()));
    const rng = new Rng(3);
    for (let t = 0; t < 300; t++) {
      for (const w of widths) {
        for (const signed of [false, true]) {
          const k = `${w}${signed ? 's' : 'u'}`;
          const lo = signed ? -(1n << BigInt(w - 1)) : 0n;
          const hi = signed ? (1n << BigInt(w - 1)) - 1n : mask(w);
          const pick = (): bigint => [lo, hi, 0n, lo + 1n, hi - 1n][rng.int(5)]! ?? 0n;
          const rand = (): bigint => (signed ? BigInt.asIntN(w, rng.bits(w)) : rng.bits(w));
          const a = t % 3 === 0 ? pick() : rand();
          const b = t % 5 === 0 ? a : t % 3 === 1 ? pick() : rand();
          const va = a < lo ? lo : a > hi ? hi : a;
          const vb = b < lo ? lo : b > hi ? hi : b;
          sim.poke(`a${k}`, va);
          sim.poke(`b${k}`, vb);
          const want = { lt: va < vb, le: va <= vb, gt: va > vb, ge: va >= vb, eq: va === vb, ne: va !== vb };
          for (const op of ops) expect(sim.peek(`${op}${k}`), `${op}${k} ${va} ${vb}`).toBe(want[op] ? 1n : 0n);
          expect(sim.peek(`mux${k}`), `mux${k} ${va} ${vb}`).toBe(va < vb ? vb : va);
        }
      }
    }
  });

  it('settles logic that does not depend on inputs correctly after pokes, memory writes and edges', () => {
    // acc += x every cycle; out = acc * 3 (not in the input cone) and acc + x (in it).
    const m = new ModuleBuilder('cone');
    const clk = m.input('clk', 1, { role: 'clock' });
    const x = m.input('x', 16);
    const en = m.input('en', 1);
    const acc = m.net(16, { name: 'acc' });
    m.reg(acc, m.cell('add', [acc, x], 16), clk, { init: 0n, enable: en });
    m.outputFrom('triple', m.cell('mul', [acc, m.const(16, 3)], 16));
    m.outputFrom('next', m.cell('add', [acc, x], 16));
    const rd = m.net(16, { name: 'rd' });
    m.memory({ name: 'mem', width: 16, depth: 4, signed: false, readPorts: [{ addr: m.cell('slice', [acc], 2, { lo: 0 }), data: rd, sync: false, loc: { file: 'f', line: 1, column: 1 } }] });
    m.outputFrom('word', rd);
    const sim = createBuiltinSimulator(design('cone', m.build()));
    let acc_ = 0n;
    const rng = new Rng(11);
    const memory = [0n, 0n, 0n, 0n];
    for (let t = 0; t < 200; t++) {
      const xv = rng.bits(16);
      const env = rng.bits(1);
      sim.poke('x', xv);
      sim.poke('en', env);
      if (t % 7 === 0) {
        const a = rng.int(4);
        memory[a] = rng.bits(16);
        sim.writeMemory('mem', a, memory[a]!);
      }
      expect(sim.peek('next')).toBe((acc_ + xv) & mask(16));
      expect(sim.peek('triple')).toBe((acc_ * 3n) & mask(16));
      expect(sim.peek('word')).toBe(memory[Number(acc_ & 3n)]);
      sim.step(1);
      if (env) acc_ = (acc_ + xv) & mask(16);
      expect(sim.peek('acc')).toBe(acc_);
      expect(sim.peek('triple')).toBe((acc_ * 3n) & mask(16));
    }
  });

  it('keeps simulators of one design apart although they share its compiled functions', () => {
    const m = new ModuleBuilder('shared');
    const clk = m.input('clk', 1, { role: 'clock' });
    const x = m.input('x', 8);
    const acc = m.net(8, { name: 'acc' });
    m.reg(acc, m.cell('add', [acc, x], 8), clk, { init: 0n });
    const q = m.net(8, { name: 'q' });
    m.memory({
      name: 'mem', width: 8, depth: 8, signed: false,
      readPorts: [{ addr: m.cell('slice', [acc], 3, { lo: 0 }), data: q, sync: true, clock: clk, loc: { file: 'f', line: 1, column: 1 } }],
      writePorts: [{ addr: m.cell('slice', [x], 3, { lo: 0 }), data: acc, enable: m.const(1, 1), clock: clk, loc: { file: 'f', line: 2, column: 1 } }],
    });
    m.outputFrom('out', q);
    const ir = design('shared', m.build());
    // Reference: each simulator alone.
    const alone = (xs: number[]): bigint[] => {
      const s = createBuiltinSimulator(ir);
      return xs.map((v) => (s.poke('x', v), s.step(1), s.peek('out')));
    };
    const xsA = [3, 5, 7, 1, 2, 200, 9, 4, 6, 8];
    const xsB = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55];
    const wantA = alone(xsA);
    const wantB = alone(xsB);
    const a = createBuiltinSimulator(ir);
    const b = createBuiltinSimulator(ir);
    const gotA: bigint[] = [];
    const gotB: bigint[] = [];
    xsA.forEach((_, i) => {
      a.poke('x', xsA[i]!);
      b.poke('x', xsB[i]!);
      a.step(1);
      gotB.push(b.run({ inputs: ['x'], cycles: [[xsB[i]!]], observe: ['out'] })[0]![0]!);
      gotA.push(a.peek('out'));
    });
    expect(gotA).toEqual(wantA);
    expect(gotB).toEqual(wantB);
  });
});
