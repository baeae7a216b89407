// Seeded random designs, built with the hdl front end like a user would.
//
// A block (`randomBlock(seed)`) is a design with a few inputs of random types
// (1..130 bits, signed and unsigned) and a cloud of random logic:
// - every operator of the language: grown and wrapping and saturating
//   arithmetic, multiplication, negation, bitwise and reduction operators,
//   signed and unsigned compares, static and dynamic shifts (amounts past the
//   width too), slices, concatenation, repetition, extension, truncation,
//   reinterpretation, fixed-point narrowing with both roundings and both
//   overflow rules, select, index (fewer arms than the selector reaches),
//   priority and choose;
// - registers with synchronous or asynchronous resets (the module reset, an
//   input pin, another register; active high or low), initial values, and
//   enables, assigned in when/elseWhen/otherwise chains and switches;
// - wires assigned in when chains and switches;
// - memories (depths that are not powers of two, so addresses run past the
//   end) with synchronous (optionally enabled) and asynchronous read ports,
//   several write ports with enables, some inside when blocks;
// - a parameterised submodule instantiated several times, twice with the
//   same parameters and once with others, itself possibly instantiating one.
// Outputs show every register, every memory read, the newest values and a
// checksum of many others, so that most of the logic is observable.
//
// Everything is decided by the seed: the same seed gives the same design, so
// a seed is enough to reproduce a failure while the generator is unchanged.
import {
  Bool,
  choose,
  design,
  Fixed,
  priority,
  SInt,
  UInt,
  type Design,
  type HwType,
  type InputPort,
  type ModuleBuilder,
  type OutputPort,
  type RegOptions,
  type Signal,
} from '../../hdl/index.ts';
import { addrWidth } from '../../hdl/ir.ts';
import { mixSeed, Rng } from './rng.ts';

/** Bumped whenever the same seed would give a different design. */
export const GENERATOR_VERSION = 2;

export interface GeneratorOptions {
  /** Operations per block (default 30); submodules get a third of it. */
  ops?: number;
  /** Widest signal (default 130). */
  maxWidth?: number;
  /** Reset polarity of the module reset (a batch needs one polarity for all its blocks). */
  resetActiveLow?: boolean;
  /** Submodule nesting depth (default 2). */
  depth?: number;
}

/** What a block's body returns: its input and output ports by name. */
export interface BlockIo {
  ins: Record<string, InputPort>;
  outs: Record<string, OutputPort>;
}

interface Ctx {
  m: ModuleBuilder;
  rng: Rng;
  /** Every value so far, integers only (fixed-point lives inside single operations). */
  pool: Signal[];
  /** 1-bit registers, candidates for asynchronous resets of other registers. */
  bitRegs: Signal[];
  inputs: InputPort[];
  regs: { reg: ReturnType<ModuleBuilder['reg']>; type: HwType }[];
  memReads: Signal[];
  pendingWrites: (() => void)[];
  maxWidth: number;
  resetLow: boolean;
  depth: number;
  maxDepth: number;
  ops: number;
  name: string;
  seed: number;
  counter: number;
}

const fresh = (c: Ctx, prefix: string): string => `${prefix}${c.counter++}`;

function randWidth(rng: Rng, max: number): number {
  const w = rng.weighted<[number, number]>([
    [[1, 1], 12],
    [[2, 8], 30],
    [[9, 16], 14],
    [[17, 33], 14],
    [[34, 64], 14],
    [[65, 130], 16],
  ]);
  return Math.min(max, rng.int(w[0], Math.min(w[1], max)));
}

function randType(rng: Rng, max: number): HwType {
  const w = randWidth(rng, max);
  return rng.bool(0.4) ? SInt(w) : UInt(w);
}

/** The same value as `t`: resized by its own signedness (or truncated), then reinterpreted. */
function fit(s: Signal, t: HwType): Signal {
  let x = s;
  if (x.width !== t.width) x = x.resize(t.width);
  if (x.signed !== t.signed || x.frac !== t.frac) x = x.as(t);
  return x;
}

/** A random pool value, usually a recent one so that logic gets deep. */
function pick(c: Ctx): Signal {
  const n = c.pool.length;
  if (c.rng.bool(0.55)) return c.pool[Math.max(0, n - 1 - c.rng.int(0, 7))]!;
  return c.pool[c.rng.int(0, n - 1)]!;
}

function pickBool(c: Ctx): Signal {
  const s = pick(c);
  if (s.width === 1) return s.signed ? s.asUInt() : s;
  switch (c.rng.int(0, 4)) {
    case 0:
      return s.orR();
    case 1:
      return s.bit(c.rng.int(0, s.width - 1));
    case 2:
      return s.xorR();
    case 3:
      return s.msb();
    default: {
      const t = pick(c);
      return s.lt(fit(t, s.type));
    }
  }
}

/** Keeps a value within the width limit. */
function clamp(c: Ctx, s: Signal): Signal {
  return s.width > c.maxWidth ? s.truncate(c.rng.int(1, c.maxWidth)) : s;
}

/** A literal that fits `t` (as the type reads it). */
function literal(c: Ctx, t: HwType): bigint {
  return c.rng.interesting(t.width, t.signed);
}

/** A literal for the non-exact operand rule: non-negative for unsigned values, small or wide. */
function looseLiteral(c: Ctx, signed: boolean): bigint {
  const w = c.rng.bool(0.7) ? c.rng.int(1, 12) : c.rng.int(13, 70);
  const v = c.rng.interesting(w, signed);
  return v;
}

function add(c: Ctx, s: Signal): Signal {
  const v = clamp(c, s);
  if (c.rng.bool(0.3)) {
    const named = c.m.let(fresh(c, 'n'), v);
    c.pool.push(named);
    return named;
  }
  c.pool.push(v);
  return v;
}

// ---- operations --------------------------------------------------------------

type Op = (c: Ctx) => Signal;

const binarySame = (f: (a: Signal, b: Signal) => Signal): Op => (c) => {
  const a = pick(c);
  return f(a, fit(pick(c), a.type));
};

const sameSign = (a: Signal, b: Signal): Signal => (b.signed === a.signed ? b : b.as({ width: b.width, signed: a.signed, frac: 0 }));

const OPS: [string, Op, number][] = [
  ['add', (c) => { const a = pick(c); return a.add(sameSign(a, pick(c))); }, 4],
  ['sub', (c) => { const a = pick(c); return a.sub(sameSign(a, pick(c))); }, 4],
  ['addLit', (c) => { const a = pick(c); return c.rng.bool() ? a.add(looseLiteral(c, a.signed)) : a.sub(looseLiteral(c, a.signed)); }, 2],
  ['addWrap', binarySame((a, b) => a.addWrap(b)), 3],
  ['subWrap', binarySame((a, b) => a.subWrap(b)), 3],
  ['addSat', binarySame((a, b) => a.addSat(b)), 3],
  ['subSat', binarySame((a, b) => a.subSat(b)), 3],
  ['mul', (c) => {
    let a = pick(c);
    let b = sameSign(a, pick(c));
    if (a.width + b.width > c.maxWidth) {
      a = a.truncate(Math.max(1, Math.min(a.width, c.rng.int(1, c.maxWidth >> 1))));
      b = b.truncate(Math.max(1, Math.min(b.width, c.maxWidth - a.width)));
      if (a.signed !== b.signed) b = sameSign(a, b);
    }
    return a.mul(b);
  }, 3],
  ['mulLit', (c) => { const a = pick(c); const small = a.width > 100 ? a.truncate(100) : a; return small.mul(BigInt(c.rng.int(a.signed ? -9 : 0, 9))); }, 1],
  ['neg', (c) => { const a = pick(c); return (a.signed ? a : a.asSInt()).neg(); }, 2],
  ['and', binarySame((a, b) => a.and(b)), 2],
  ['or', binarySame((a, b) => a.or(b)), 2],
  ['xor', binarySame((a, b) => a.xor(b)), 3],
  ['bitLit', (c) => { const a = pick(c); const l = literal(c, a.type); return c.rng.pick([() => a.and(l), () => a.or(l), () => a.xor(l), () => a.addWrap(l)])(); }, 2],
  ['not', (c) => pick(c).not(), 2],
  ['reduce', (c) => { const a = pick(c); return c.rng.pick([() => a.andR(), () => a.orR(), () => a.xorR()])(); }, 2],
  ['compare', (c) => {
    const a = pick(c);
    const b = sameSign(a, pick(c));
    return c.rng.pick([() => a.eq(b), () => a.ne(b), () => a.lt(b), () => a.le(b), () => a.gt(b), () => a.ge(b)])();
  }, 4],
  ['compareLit', (c) => {
    const a = pick(c);
    const l = looseLiteral(c, a.signed);
    return c.rng.pick([() => a.eq(l), () => a.ne(l), () => a.lt(l), () => a.le(l), () => a.gt(l), () => a.ge(l)])();
  }, 2],
  ['shiftStatic', (c) => {
    const a = pick(c);
    const k = c.rng.bool(0.8) ? c.rng.int(0, a.width) : c.rng.int(a.width, a.width + 5);
    return c.rng.pick([() => a.shl(k), () => a.shr(k), () => a.shrLogical(k)])();
  }, 3],
  ['shiftDynamic', (c) => {
    const a = pick(c);
    let k = pick(c);
    if (k.width > 40 && c.rng.bool(0.7)) k = k.truncate(c.rng.int(1, 8));
    if (k.signed) k = k.asUInt();
    return c.rng.pick([() => a.shl(k), () => a.shr(k), () => a.shrLogical(k)])();
  }, 3],
  ['slice', (c) => {
    const a = pick(c);
    const lo = c.rng.int(0, a.width - 1);
    const hi = c.rng.int(lo, a.width - 1);
    return c.rng.pick([() => a.slice(hi, lo), () => a.bit(lo), () => a.msb()])();
  }, 3],
  ['cat', (c) => {
    const parts: Signal[] = [];
    let total = 0;
    const n = c.rng.int(2, 4);
    for (let i = 0; i < n; i++) {
      let p = pick(c);
      if (total + p.width > c.maxWidth) p = p.truncate(Math.max(1, Math.min(p.width, c.maxWidth - total)));
      if (total + p.width > c.maxWidth) break;
      parts.push(p);
      total += p.width;
    }
    return parts.length === 1 ? parts[0]!.asUInt() : parts[0]!.cat(...parts.slice(1));
  }, 3],
  ['repeat', (c) => {
    const a = pick(c);
    const n = c.rng.int(1, Math.max(1, Math.min(6, Math.floor(c.maxWidth / a.width))));
    return a.repeat(n);
  }, 1],
  ['extend', (c) => {
    const a = pick(c);
    const w = c.rng.int(a.width, Math.min(c.maxWidth, a.width + 40));
    return c.rng.pick([() => a.zext(w), () => a.sext(w), () => a.resize(w)])();
  }, 2],
  ['narrowWidth', (c) => { const a = pick(c); return c.rng.bool() ? a.truncate(c.rng.int(1, a.width)) : a.resize(c.rng.int(1, a.width)); }, 2],
  ['reinterpret', (c) => { const a = pick(c); return c.rng.pick([() => a.asUInt(), () => a.asSInt(), () => a.as(a.signed ? UInt(a.width) : SInt(a.width))])(); }, 2],
  ['fixed', (c) => {
    // Two values read as fixed-point, combined, narrowed to another format, read back as an integer.
    const a = pick(c);
    const signed = a.signed;
    const fa = c.rng.int(0, a.width - 1);
    const ta = Fixed(a.width - fa, fa, signed);
    const x = a.as(ta);
    const b = sameSign(a, pick(c));
    const fb = c.rng.int(0, b.width - 1);
    const y = b.as(Fixed(b.width - fb, fb, signed));
    let r: Signal = c.rng.pick([() => x.add(y), () => x.sub(y), () => (x.width + y.width <= c.maxWidth ? x.mul(y) : x.add(y)), () => x])();
    if (r.width > c.maxWidth) r = r.truncate(c.maxWidth);
    const tw = c.rng.int(1, Math.min(c.maxWidth, r.width + 8));
    const tf = tw >= 2 ? c.rng.int(0, Math.min(tw - 1, r.frac + 4)) : 0;
    const target = Fixed(tw - tf, tf, signed);
    const n = r.narrow(target, { round: c.rng.pick(['floor', 'zero'] as const), overflow: c.rng.pick(['wrap', 'saturate'] as const) });
    return n.as({ width: n.width, signed, frac: 0 });
  }, 3],
  ['select', (c) => {
    const cond = pickBool(c);
    const a = pick(c);
    return cond.select(a, c.rng.bool(0.2) ? literal(c, a.type) : fit(pick(c), a.type));
  }, 3],
  ['index', (c) => {
    const sw = c.rng.int(1, 3);
    const sel = fit(pick(c), UInt(sw));
    const t = pick(c).type;
    const n = c.rng.int(1, 1 << sw);
    const arms: (Signal | bigint)[] = Array.from({ length: n }, () => (c.rng.bool(0.2) ? literal(c, t) : fit(pick(c), t)));
    if (!arms.some((x) => typeof x !== 'bigint')) arms[0] = fit(pick(c), t);
    return sel.index(arms);
  }, 2],
  ['priority', (c) => {
    const t = pick(c).type;
    const cases = Array.from({ length: c.rng.int(1, 4) }, () => [pickBool(c), fit(pick(c), t)] as [Signal, Signal]);
    return priority(cases, c.rng.bool(0.3) ? literal(c, t) : fit(pick(c), t));
  }, 2],
  ['choose', (c) => {
    const kw = c.rng.int(1, 4);
    const key = fit(pick(c), UInt(kw));
    const t = pick(c).type;
    const n = c.rng.int(1, Math.min(6, 1 << kw));
    const keys = new Set<number>();
    if (c.rng.bool(0.3)) for (let i = 0; i < Math.min(n, 1 << kw); i++) keys.add(i);
    while (keys.size < n) keys.add(c.rng.int(0, (1 << kw) - 1));
    const cases = [...keys].sort((x, y) => x - y).map((k) => [k, fit(pick(c), t)] as [number, Signal]);
    return choose(key, cases, fit(pick(c), t));
  }, 2],
];

function randomOp(c: Ctx): void {
  const op = c.rng.weighted(OPS.map(([, f, w]) => [f, w] as const));
  add(c, op(c));
}

// ---- state: registers, memories, wires -------------------------------------------

function declareReg(c: Ctx): void {
  const t = randType(c.rng, c.maxWidth);
  const kind = c.rng.weighted([['reset', 5], ['init', 2], ['both', 2]] as const);
  const opts: RegOptions = {};
  if (kind !== 'init') {
    opts.reset = literal(c, t);
    const source = c.rng.weighted([['module', 6], ['pin', 2], ['reg', 1], ['logic', 1]] as const);
    const bitInputs = c.inputs.filter((i) => i.width === 1);
    if (source === 'pin' && bitInputs.length > 0) {
      opts.resetSignal = c.rng.pick(bitInputs);
      opts.asyncReset = c.rng.bool(0.5);
      opts.resetActiveLow = c.rng.bool();
    } else if (source === 'reg' && c.bitRegs.length > 0) {
      opts.resetSignal = c.rng.pick(c.bitRegs);
      opts.asyncReset = c.rng.bool(0.5);
      opts.resetActiveLow = c.rng.bool();
    } else if (source === 'logic') {
      // Logic can glitch, so it only ever resets synchronously.
      opts.resetSignal = pickBool(c);
      opts.asyncReset = false;
      opts.resetActiveLow = c.rng.bool();
    } else {
      opts.asyncReset = c.rng.bool(0.35);
    }
  }
  // A register reset by anything but the module reset needs a power-up value: the harness only
  // pulses the module reset, and before its own reset such a register is undefined (x in Icarus).
  if (kind !== 'reset' || opts.resetSignal !== undefined) opts.init = literal(c, t);
  if (c.rng.bool(0.35)) opts.enable = pickBool(c);
  const reg = c.m.reg(fresh(c, 'r'), t, opts);
  c.regs.push({ reg, type: t });
  if (t.width === 1 && !t.signed) c.bitRegs.push(reg);
  c.pool.push(reg);
}

function declareMemory(c: Ctx): void {
  const type = c.rng.bool(0.8) ? randType(c.rng, Math.min(c.maxWidth, 70)) : randType(c.rng, c.maxWidth);
  const depth = c.rng.weighted([[1, 1], [c.rng.int(2, 8), 4], [c.rng.int(9, 40), 3]] as const);
  const init = c.rng.bool(0.4) ? Array.from({ length: c.rng.int(1, depth) }, () => literal(c, type)) : undefined;
  const mem = c.m.memory(fresh(c, 'mem'), { type, depth, ...(init ? { init } : {}) });
  const aw = addrWidth(depth);
  const address = (): Signal => fit(pick(c), UInt(aw));
  const reads = c.rng.int(1, 3);
  for (let i = 0; i < reads; i++) {
    const sync = c.rng.bool(0.5);
    const q = sync ? mem.read(address(), { sync: true, ...(c.rng.bool(0.4) ? { enable: pickBool(c) } : {}) }) : mem.read(address(), { sync: false });
    c.memReads.push(q);
    c.pool.push(q);
  }
  const writes = c.rng.int(0, 3);
  for (let i = 0; i < writes; i++) {
    // Writes are placed at the end, so their data may come from anything.
    c.pendingWrites.push(() => {
      const addr = address();
      const data = fit(pick(c), type);
      if (c.rng.bool(0.3)) {
        const cond = pickBool(c);
        c.m.when(cond, () => mem.write(addr, data, c.rng.bool() ? pickBool(c) : undefined));
      } else {
        mem.write(addr, data, c.rng.bool(0.8) ? pickBool(c) : undefined);
      }
    });
  }
}

/** A wire driven by a when chain or a switch over earlier values. */
function conditionalWire(c: Ctx): void {
  const t = randType(c.rng, c.maxWidth);
  const w = c.m.wire(fresh(c, 'w'), t);
  const value = () => (c.rng.bool(0.15) ? literal(c, t) : fit(pick(c), t));
  if (c.rng.bool(0.6)) {
    const withDefault = c.rng.bool(0.5);
    if (withDefault) w.set(value());
    let chain = c.m.when(pickBool(c), () => w.set(value()));
    for (let i = c.rng.int(0, 2); i > 0; i--) chain = chain.elseWhen(pickBool(c), () => w.set(value()));
    if (!withDefault) chain.otherwise(() => w.set(value()));
  } else {
    const kw = c.rng.int(1, 3);
    const key = fit(pick(c), UInt(kw));
    let sw = c.m.switch(key);
    const used = new Set<number>();
    for (let i = c.rng.int(1, 3); i > 0; i--) {
      const k = c.rng.int(0, (1 << kw) - 1);
      if (used.has(k)) continue;
      used.add(k);
      sw = sw.is(k, () => w.set(value()));
    }
    sw.default(() => w.set(value()));
  }
  c.pool.push(w);
}

/** Drives every register: directly, through when chains (unassigned paths hold), nested whens or a switch. */
function assignRegs(c: Ctx): void {
  for (const { reg, type } of c.regs) {
    const value = () => fit(pick(c), type);
    switch (c.rng.int(0, 4)) {
      case 0:
        reg.set(value());
        break;
      case 1: {
        let chain = c.m.when(pickBool(c), () => reg.set(value()));
        if (c.rng.bool()) chain = chain.elseWhen(pickBool(c), () => reg.set(value()));
        if (c.rng.bool()) chain.otherwise(() => reg.set(value()));
        break;
      }
      case 2:
        c.m.when(pickBool(c), () => {
          reg.set(value());
          c.m.when(pickBool(c), () => reg.set(value()));
        });
        break;
      case 3: {
        reg.set(value());
        c.m.when(pickBool(c), () => reg.set(value()));
        break;
      }
      default: {
        const key = fit(pick(c), UInt(2));
        c.m.switch(key).is(0, () => reg.set(value())).is([1, 2], () => reg.set(value())).default(() => {});
      }
    }
  }
}

// ---- hierarchy ----------------------------------------------------------------------

interface SubParams {
  w: number;
  s: boolean;
  v: number;
  rl: boolean;
}

function subDesign(name: string, seed: number, c: Ctx): Design<SubParams, BlockIo> {
  return design(name, { w: 8, s: false, v: 0, rl: false } as SubParams, (m, p) => {
    const rng = new Rng(mixSeed(seed, p.w, p.s ? 1 : 0, p.v));
    return cloud(m, rng, {
      name,
      seed,
      ops: Math.max(6, Math.floor(c.ops / 3)),
      maxWidth: c.maxWidth,
      resetLow: p.rl,
      depth: c.depth + 1,
      maxDepth: c.maxDepth,
      inputTypes: Array.from({ length: rng.int(1, 3) }, () => (p.s ? SInt(p.w) : UInt(p.w))),
    });
  });
}

function instantiate(c: Ctx): void {
  const sub = subDesign(`${c.name}_sub${c.counter++}`, mixSeed(c.seed, c.counter), c);
  const base: SubParams = { w: c.rng.int(1, 40), s: c.rng.bool(), v: c.rng.int(0, 3), rl: c.resetLow };
  const other: SubParams = { ...base, w: c.rng.int(1, 40), v: (base.v + 1) % 4 };
  const sets = [base, base, ...(c.rng.bool(0.8) ? [other] : [])];
  for (const params of sets) {
    const io = c.m.instance(fresh(c, 'u'), sub, params);
    for (const inp of Object.values(io.ins)) inp.set(fit(pick(c), inp.type));
    for (const out of Object.values(io.outs)) c.pool.push(out);
  }
}

// ---- a whole module -------------------------------------------------------------------

interface CloudConfig {
  name: string;
  seed: number;
  ops: number;
  maxWidth: number;
  resetLow: boolean;
  depth: number;
  maxDepth: number;
  inputTypes?: HwType[];
}

function cloud(m: ModuleBuilder, rng: Rng, cfg: CloudConfig): BlockIo {
  m.setResetStyle({ name: 'rst', async: rng.bool(0.3), activeLow: cfg.resetLow });
  const c: Ctx = {
    m,
    rng,
    pool: [],
    bitRegs: [],
    inputs: [],
    regs: [],
    memReads: [],
    pendingWrites: [],
    maxWidth: cfg.maxWidth,
    resetLow: cfg.resetLow,
    depth: cfg.depth,
    maxDepth: cfg.maxDepth,
    ops: cfg.ops,
    name: cfg.name,
    seed: cfg.seed,
    counter: 0,
  };
  const ins: Record<string, InputPort> = {};
  const types = cfg.inputTypes ?? Array.from({ length: rng.int(2, 5) }, (_, i) => (i === 0 ? Bool() : randType(rng, cfg.maxWidth)));
  types.forEach((t, i) => {
    const p = m.input(`in${i}`, t);
    ins[`in${i}`] = p;
    c.inputs.push(p);
    c.pool.push(p);
  });
  // A second 1-bit input, so pin resets and enables have something to use.
  if (!cfg.inputTypes && rng.bool(0.6)) {
    const p = m.input(`in${types.length}`, Bool());
    ins[`in${types.length}`] = p;
    c.inputs.push(p);
    c.pool.push(p);
  }

  const instanceAt = cfg.depth < cfg.maxDepth && rng.bool(cfg.depth === 0 ? 0.5 : 0.25) ? rng.int(0, cfg.ops - 1) : -1;
  for (let i = 0; i < cfg.ops; i++) {
    if (i === instanceAt) instantiate(c);
    const what = rng.weighted([['op', 20], ['reg', 3], ['mem', cfg.depth === 0 ? 1 : 0.4], ['wire', 2]] as const);
    if (what === 'reg') declareReg(c);
    else if (what === 'mem') declareMemory(c);
    else if (what === 'wire') conditionalWire(c);
    else randomOp(c);
  }
  assignRegs(c);
  for (const w of c.pendingWrites) w();

  // Outputs: every register and memory read, the newest values, and a checksum of others.
  const shown = new Set<Signal>();
  const outs: Record<string, OutputPort> = {};
  const show = (s: Signal, viaWhen: boolean): void => {
    if (shown.has(s)) return;
    shown.add(s);
    const name = `o${Object.keys(outs).length}`;
    const o = m.output(name, s.type);
    if (viaWhen) {
      m.when(pickBool(c), () => o.set(s)).otherwise(() => o.set(fit(pick(c), s.type)));
    } else o.set(s);
    outs[name] = o;
  };
  for (const { reg } of c.regs) show(reg, false);
  for (const q of c.memReads) show(q, false);
  const tail = c.pool.slice(-5);
  for (const s of tail) show(s, rng.bool(0.2));
  const rest = c.pool.filter((s) => !shown.has(s));
  if (rest.length > 0) {
    let chk: Signal = fit(rest[0]!, UInt(64));
    for (const s of rest.slice(1, 40)) chk = chk.xor(fit(s, UInt(64))).addWrap(fit(s.orR(), UInt(64)));
    show(m.let('chk', chk), false);
  }
  return { ins, outs };
}

/** The block design of a seed (a top-level design of its own; name `Fuzz_<seed in hex>`). */
export function randomBlock(seed: number, opts: GeneratorOptions = {}): Design<Record<string, never>, BlockIo> {
  const name = `Fuzz_${(seed >>> 0).toString(16).padStart(8, '0')}`;
  return design(name, {} as Record<string, never>, (m) => {
    const rng = new Rng(seed);
    return cloud(m, rng, {
      name,
      seed,
      ops: opts.ops ?? 30,
      maxWidth: opts.maxWidth ?? 130,
      resetLow: opts.resetActiveLow ?? false,
      depth: 0,
      maxDepth: opts.depth ?? 2,
    });
  });
}

/** The seed of design `index` of a campaign. */
export function designSeed(campaignSeed: number, index: number): number {
  return mixSeed(campaignSeed, index);
}

/**
 * Several blocks side by side in one top module (one Verilator build for all
 * of them). Block i is instance `u<i>`; its ports appear as `b<i>_<port>`;
 * all share clk and rst.
 */
export function batchDesign(
  name: string,
  blocks: readonly (Design<Record<string, never>, BlockIo> | readonly [number, Design<Record<string, never>, BlockIo>])[],
  resetActiveLow: boolean,
): Design<Record<string, never>, BlockIo> {
  return design(name, {} as Record<string, never>, (m) => {
    m.setResetStyle({ name: 'rst', async: false, activeLow: resetActiveLow });
    const ins: Record<string, InputPort> = {};
    const outs: Record<string, OutputPort> = {};
    blocks.forEach((entry, n) => {
      // A block may come with its number, so a batch with some blocks left out keeps the others' names.
      const [i, block] = Array.isArray(entry) ? (entry as readonly [number, Design<Record<string, never>, BlockIo>]) : [n, entry as Design<Record<string, never>, BlockIo>];
      // Instance u<i>: its connection nets are named u<i>_<port>, clear of the b<i>_<port> ports.
      const io = m.instance(`u${i}`, block, {});
      for (const [k, child] of Object.entries(io.ins)) {
        const p = m.input(`b${i}_${k}`, child.type);
        child.set(p);
        ins[`b${i}_${k}`] = p;
      }
      for (const [k, child] of Object.entries(io.outs)) {
        const o = m.output(`b${i}_${k}`, child.type);
        o.set(child);
        outs[`b${i}_${k}`] = o;
      }
    });
    return { ins, outs };
  });
}
