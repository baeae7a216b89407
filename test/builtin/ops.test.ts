// Every cell op over widths 1..130, unsigned and signed, against reference
// BigInt arithmetic. One design per width holds every probe; each test vector
// pokes all inputs and peeks every probe.
import { describe, expect, it } from 'vitest';
import type { CellOp, NetId } from '../../hdl/ir.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { design, ModuleBuilder } from './fixtures.ts';
import { bool, corners, mask, parity, read, Rng, s, u } from './reference.ts';

type Vals = Record<string, bigint>; // input patterns by name

interface Probe {
  name: string;
  width: number;
  signed: boolean;
  net: NetId;
  ref: (v: Vals) => bigint; // expected pattern
}

const INPUTS = (w: number): [string, number, boolean][] => [
  ['a', w, false],
  ['b', w, false],
  ['c', w, false],
  ['as', w, true],
  ['bs', w, true],
  ['x1', 1, false],
  ['x5', 5, false],
  ['sel1', 1, false],
  ['sel2', 2, false],
  ['sel3', 3, false],
  ['selw', 40, false],
  ['amt1', 1, false],
  ['amt8', 8, false],
  ['amt40', 40, false],
];

function buildWidth(w: number, constValue: bigint): { probes: Probe[]; m: ModuleBuilder } {
  const m = new ModuleBuilder(`ops${w}`);
  const inp: Record<string, NetId> = {};
  for (const [name, width, signed] of INPUTS(w)) inp[name] = m.input(name, width, { signed });
  const probes: Probe[] = [];
  const probe = (name: string, op: CellOp, args: string[], width: number, signed: boolean, ref: Probe['ref'], extra: { lo?: number; amount?: number; value?: bigint } = {}): void => {
    const net = m.cell(op, args.map((x) => inp[x]), width, { name, signed, ...extra });
    m.output(name, net);
    probes.push({ name, width, signed, net, ref });
  };
  const W = BigInt(w);

  probe('k', 'const', [], w, false, () => constValue, { value: constValue });
  probe('ks', 'const', [], w, true, () => constValue, { value: constValue });
  // Constant operands are folded into the generated expressions as literals.
  inp.k = probes[0].net;
  inp.ks = probes[1].net;
  const K = constValue;
  probe('neg_k', 'neg', ['k'], w, false, () => u(-K, w));
  probe('not_k', 'not', ['k'], w, false, () => u(~K, w));
  probe('add_ak', 'add', ['a', 'k'], w, false, (v) => u(v.a + K, w));
  probe('sub_ka', 'sub', ['k', 'a'], w, false, (v) => u(K - v.a, w));
  probe('mul_ka', 'mul', ['k', 'a'], w, false, (v) => u(K * v.a, w));
  probe('lt_ks', 'lt', ['ks', 'as'], 1, false, (v) => bool(s(K, w) < s(v.as, w)));
  probe('eq_ka', 'eq', ['k', 'a'], 1, false, (v) => bool(K === v.a));
  probe('sra_k', 'sra', ['k', 'amt8'], w, false, (v) => u(s(K, w) >> (v.amt8 > W ? W : v.amt8), w));
  probe('shl_by_k', 'shl', ['a', 'k'], w, false, (v) => (K >= W ? 0n : u(v.a << K, w)));
  probe('sext_k', 'sext', ['k'], w + 3, false, () => u(s(K, w), w + 3));
  probe('cat_kk', 'concat', ['k', 'x1', 'k'], 2 * w + 1, false, (v) => (K << (W + 1n)) | (v.x1 << W) | K);
  probe('mux_k', 'mux', ['sel2', 'k', 'a'], w, false, (v) => (v.sel2 === 0n ? K : v.a));
  probe('redand_k', 'redand', ['k'], 1, false, () => bool(K === mask(w)));
  probe('redxor_k', 'redxor', ['k'], 1, false, () => parity(K));
  probe('id', 'id', ['a'], w, false, (v) => v.a);
  probe('not', 'not', ['a'], w, false, (v) => u(~v.a, w));
  probe('and', 'and', ['a', 'b'], w, false, (v) => v.a & v.b);
  probe('or', 'or', ['a', 'b'], w, false, (v) => v.a | v.b);
  probe('xor', 'xor', ['a', 'b'], w, false, (v) => v.a ^ v.b);
  for (const [sfx, x, y, sg] of [['', 'a', 'b', false], ['_s', 'as', 'bs', true]] as const) {
    probe(`neg${sfx}`, 'neg', [x], w, sg, (v) => u(-v[x], w));
    probe(`add${sfx}`, 'add', [x, y], w, sg, (v) => u(v[x] + v[y], w));
    probe(`sub${sfx}`, 'sub', [x, y], w, sg, (v) => u(v[x] - v[y], w));
    probe(`mul${sfx}`, 'mul', [x, y], w, sg, (v) => u(v[x] * v[y], w));
    probe(`notx${sfx}`, 'not', [x], w, sg, (v) => u(~v[x], w));
  }
  probe('mul_aa', 'mul', ['a', 'a'], w, false, (v) => u(v.a * v.a, w));
  const cmp: [CellOp, (x: bigint, y: bigint) => boolean][] = [
    ['eq', (x, y) => x === y],
    ['ne', (x, y) => x !== y],
    ['lt', (x, y) => x < y],
    ['le', (x, y) => x <= y],
    ['gt', (x, y) => x > y],
    ['ge', (x, y) => x >= y],
  ];
  for (const [op, f] of cmp) {
    probe(`${op}_u`, op, ['a', 'b'], 1, false, (v) => bool(f(v.a, v.b)));
    probe(`${op}_s`, op, ['as', 'bs'], 1, false, (v) => bool(f(s(v.as, w), s(v.bs, w))));
    probe(`${op}_self`, op, ['a', 'a'], 1, false, (v) => bool(f(v.a, v.a)));
  }
  const statics = [...new Set([0, 1, 2, w - 1, w, w + 1, 31, 32, 33, 64].filter((k) => k >= 0))];
  for (const k of statics) {
    const K = BigInt(k);
    probe(`shl${k}`, 'shl', ['a'], w, false, (v) => u(v.a << K, w), { amount: k });
    probe(`shr${k}`, 'shr', ['a'], w, false, (v) => v.a >> K, { amount: k });
    probe(`sra${k}`, 'sra', ['a'], w, false, (v) => u(s(v.a, w) >> K, w), { amount: k });
    probe(`sra${k}_s`, 'sra', ['as'], w, true, (v) => u(s(v.as, w) >> K, w), { amount: k });
  }
  // Shifting by w or more moves every bit out; clamping keeps BigInt shifts small.
  const cl = (x: bigint): bigint => (x > W ? W : x);
  for (const amt of ['amt1', 'amt8', 'amt40']) {
    probe(`shl_${amt}`, 'shl', ['a', amt], w, false, (v) => u(v.a << cl(v[amt]), w));
    probe(`shr_${amt}`, 'shr', ['a', amt], w, false, (v) => v.a >> cl(v[amt]));
    probe(`sra_${amt}`, 'sra', ['a', amt], w, false, (v) => u(s(v.a, w) >> cl(v[amt]), w));
    probe(`sra_${amt}_s`, 'sra', ['as', amt], w, true, (v) => u(s(v.as, w) >> cl(v[amt]), w));
  }
  const slices = new Set<string>([`0:${w}`, `0:1`, `${w - 1}:1`, `${Math.floor(w / 3)}:${Math.max(1, Math.ceil(w / 2))}`]);
  if (w >= 2) slices.add(`1:${w - 1}`);
  if (w > 33) (slices.add('1:32'), slices.add(`${w - 33}:33`), slices.add('0:32'), slices.add(`${w - 32}:32`));
  if (w > 40) slices.add('3:37');
  for (const sl of slices) {
    const [lo, len] = sl.split(':').map(Number);
    if (lo + len > w) continue;
    probe(`slice${lo}_${len}`, 'slice', ['a'], len, false, (v) => (v.a >> BigInt(lo)) & mask(len), { lo });
    probe(`slice${lo}_${len}_s`, 'slice', ['as'], len, true, (v) => (v.as >> BigInt(lo)) & mask(len), { lo });
  }
  probe('cat_ab', 'concat', ['a', 'b'], 2 * w, false, (v) => (v.a << W) | v.b);
  probe('cat_1a5', 'concat', ['x1', 'a', 'x5'], w + 6, false, (v) => (v.x1 << (W + 5n)) | (v.a << 5n) | v.x5);
  probe('cat_a', 'concat', ['a'], w, false, (v) => v.a);
  probe('cat_s', 'concat', ['as', 'x1'], w + 1, true, (v) => (v.as << 1n) | v.x1);
  const exts = [...new Set([w + 1, w + 7, 32, 33, 64, w + 40].filter((x) => x > w))];
  for (const to of exts) {
    probe(`zext${to}`, 'zext', ['a'], to, false, (v) => v.a);
    probe(`sext${to}`, 'sext', ['a'], to, false, (v) => u(s(v.a, w), to));
    probe(`sext${to}_s`, 'sext', ['as'], to, true, (v) => u(s(v.as, w), to));
  }
  const arm = (v: Vals, arms: string[], sel: bigint): bigint => v[arms[sel < BigInt(arms.length) ? Number(sel) : arms.length - 1]];
  probe('mux2', 'mux', ['sel1', 'a', 'b'], w, false, (v) => arm(v, ['a', 'b'], v.sel1));
  probe('mux3', 'mux', ['sel2', 'a', 'b', 'c'], w, false, (v) => arm(v, ['a', 'b', 'c'], v.sel2));
  probe('mux1', 'mux', ['sel2', 'c'], w, false, (v) => v.c);
  probe('mux6', 'mux', ['sel3', 'a', 'b', 'c', 'as', 'bs', 'a'], w, false, (v) => arm(v, ['a', 'b', 'c', 'as', 'bs', 'a'], v.sel3));
  probe('muxw', 'mux', ['selw', 'a', 'b', 'c'], w, false, (v) => arm(v, ['a', 'b', 'c'], v.selw));
  probe('mux_s', 'mux', ['sel2', 'as', 'bs'], w, true, (v) => arm(v, ['as', 'bs'], v.sel2));
  probe('redand', 'redand', ['a'], 1, false, (v) => bool(v.a === mask(w)));
  probe('redor', 'redor', ['a'], 1, false, (v) => bool(v.a !== 0n));
  probe('redxor', 'redxor', ['a'], 1, false, (v) => parity(v.a));
  probe('redxor_c', 'redxor', ['c'], 1, false, (v) => parity(v.c));
  return { probes, m };
}

function vectors(w: number, rng: Rng): Vals[] {
  const out: Vals[] = [];
  const cs = corners(w);
  const pickAmt = (width: number): bigint => {
    const choices = [0n, 1n, BigInt(w - 1), BigInt(w), BigInt(w + 1), rng.bits(width)].filter((x) => x <= mask(width));
    return rng.pick(choices);
  };
  const fill = (a: bigint, b: bigint): Vals => ({
    a,
    b,
    c: rng.bits(w),
    as: rng.int(3) === 0 ? a : rng.bits(w),
    bs: rng.int(3) === 0 ? b : rng.pick([...cs, rng.bits(w)]),
    x1: rng.bits(1),
    x5: rng.bits(5),
    sel1: rng.bits(1),
    sel2: rng.bits(2),
    sel3: rng.bits(3),
    selw: rng.pick([0n, 1n, 2n, 3n, rng.bits(40)]),
    amt1: rng.bits(1),
    amt8: pickAmt(8),
    amt40: rng.pick([pickAmt(40), rng.bits(40), 1n << 39n]),
  });
  for (const a of cs) for (const b of cs) out.push(fill(a, b));
  for (let i = 0; i < 40; i++) out.push(fill(rng.bits(w), rng.bits(w)));
  return out;
}

const WIDTHS = Array.from({ length: 130 }, (_, i) => i + 1);

function checkWidth(w: number, chunkSize?: number): void {
  const rng = new Rng(0x5eed + w);
  // The constant: the sign bit set (a negative int32 literal at 32 bits), or random.
  const { probes, m } = buildWidth(w, w % 3 === 0 ? rng.bits(w) : mask(w) - BigInt(w % 5));
  const sim = createBuiltinSimulator(design(`ops${w}`, m.build()), { chunkSize });
  const signedInputs = new Set(INPUTS(w).filter(([, , sg]) => sg).map(([n]) => n));
  let checked = 0;
  vectors(w, rng).forEach((v, k) => {
    for (const [name, width] of INPUTS(w)) {
      // Signed inputs are poked as negative values where they are, and every
      // other vector goes in as numbers, to exercise every accepted form.
      const value = signedInputs.has(name) ? s(v[name], width) : v[name];
      sim.poke(name, k % 2 === 1 && width <= 53 ? Number(value) : value);
    }
    for (const p of probes) {
      const want = read(p.ref(v), p.width, p.signed);
      const got = sim.peek(p.name);
      if (got !== want) {
        expect.fail(`width ${w}, probe ${p.name}: got ${got}, want ${want}; inputs ${JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x))}`);
      }
      checked++;
    }
  });
  expect(checked).toBeGreaterThan(probes.length * 40);
}

describe('builtin simulator: every op at every width', () => {
  it.each(WIDTHS)('width %i', (w) => checkWidth(w));
  // Tiny generated functions: every net crosses a function boundary through its slot.
  it.each([1, 31, 32, 33, 64, 97])('width %i, two nodes per generated function', (w) => checkWidth(w, 2));
});
