// The neuron in hardware: `neuronUpdate` builds the combinational datapath
// of one update from the spec (the neurosynaptic core and dense layers reuse
// it over their own state memories), and `Neuron` wraps it with state
// registers as a standalone design. The equations are those of
// docs/ip/neuron.md; golden.ts implements the same text independently.
import { Bool, design, SInt, UInt, type HwType, type InputPort, type ModuleBuilder, type OutputPort, type Reg, type Signal } from '../../hdl/index.ts';
import { paramLoc } from '../param-errors.ts';
import { defaultNeuronSpec, rangeOf, refractoryWidth, validateNeuronSpec, type DecaySpec, type LeakSpec, type NeuronSpec, type Overflow, type Rounding } from './spec.ts';

// Cells keep this file's lines (useful in the Verilog of a core that reuses
// the datapath); a bad parameter is reported at the user's line instead: the
// elaborate() or instance() call that chose it.

/** The state of one neuron; which members exist depends on the spec (see neuronStateTypes). */
export interface NeuronSignals {
  v: Signal;
  /** Synaptic current (kind 'cuba'). */
  u?: Signal;
  /** Adaptive threshold (kind 'alif'). */
  thr?: Signal;
  /** Refractory steps left (refractory > 0). */
  refr?: Signal;
  /** Spike of the previous step whose reset is still due (resetTiming 'next'). */
  pending?: Signal;
}

export interface NeuronStateTypes {
  v: HwType;
  u?: HwType;
  thr?: HwType;
  refr?: HwType;
  pending?: HwType;
}

/** The hardware type of each state member the spec needs. */
export function neuronStateTypes(spec: NeuronSpec): NeuronStateTypes {
  const t: NeuronStateTypes = { v: membraneType(spec) };
  if (spec.kind === 'cuba') t.u = SInt(spec.cuba!.width);
  if (spec.kind === 'alif') t.thr = membraneType(spec);
  if (spec.refractory > 0) t.refr = UInt(refractoryWidth(spec));
  if (spec.resetTiming === 'next') t.pending = Bool();
  return t;
}

/** Power-up (reset) value of each state member. */
export function neuronInitialState(spec: NeuronSpec): { v: bigint; u?: bigint; thr?: bigint; refr?: bigint; pending?: bigint } {
  const s: { v: bigint; u?: bigint; thr?: bigint; refr?: bigint; pending?: bigint } = { v: 0n };
  if (spec.kind === 'cuba') s.u = 0n;
  if (spec.kind === 'alif') s.thr = BigInt(spec.threshold);
  if (spec.refractory > 0) s.refr = 0n;
  if (spec.resetTiming === 'next') s.pending = 0n;
  return s;
}

function membraneType(spec: NeuronSpec): HwType {
  return spec.signed ? SInt(spec.width) : UInt(spec.width);
}

/** x / 2^k, rounded toward -infinity or toward zero, same type as x. */
function shiftRightRounded(x: Signal, k: number, rounding: Rounding): Signal {
  if (k === 0) return x;
  if (rounding === 'floor' || !x.signed) return x.shr(k);
  // Toward zero: a negative value is biased by 2^k - 1 before the floor shift.
  const t = SInt(x.width + 1);
  const bias = x.msb().select(x.lit((1n << BigInt(k)) - 1n, t), x.lit(0, t));
  return x.sext(x.width + 1).addWrap(bias).shr(k).truncate(x.width);
}

/** One decay step, same type as x (a decay never grows a value). */
function decay(x: Signal, d: DecaySpec): Signal {
  switch (d.kind) {
    case 'none':
      return x;
    case 'shift':
      return x.sub(shiftRightRounded(x, d.shift, d.rounding)).truncate(x.width);
    case 'multiply': {
      let p = x.mul(d.factor);
      if (p.width < d.fracBits + 2) p = p.resize(d.fracBits + 2);
      return shiftRightRounded(p, d.fracBits, d.rounding).truncate(x.width);
    }
  }
}

/**
 * Builds one neuron update (combinational). `state` holds the current state
 * (types from neuronStateTypes), `input` the step's weighted input sum
 * (signed, inputWidth bits), `timeRef` the time-reference flag when the spec
 * leaks on time references. Returns the next state and whether the neuron
 * fires; the caller decides when the next state is written.
 */
export function neuronUpdate(
  m: ModuleBuilder,
  spec: NeuronSpec,
  state: NeuronSignals,
  input: Signal,
  timeRef?: Signal,
  opts: { name?: string } = {},
): { next: NeuronSignals; spike: Signal } {
  const errs = validateNeuronSpec(spec);
  if (errs.length > 0) {
    for (const e of errs) m.report('neuron-spec', `neuron spec ${e}`, paramLoc());
    return { next: state, spike: state.v.lit(0, Bool()) };
  }
  const p = opts.name ? `${opts.name}_` : '';
  const T = membraneType(spec);
  const w = spec.width;
  const v = state.v;
  const want = neuronStateTypes(spec);
  const check = (what: string, s: Signal | undefined, t: HwType | undefined): void => {
    if (!t) return;
    if (!s || s.width !== t.width || s.signed !== t.signed) {
      m.report('neuron-state', `neuronUpdate: state.${what} must be ${t.signed ? 's' : 'u'}${t.width}, got ${s ? `${s.signed ? 's' : 'u'}${s.width}` : 'nothing'}`, paramLoc());
    }
  };
  check('v', v, want.v);
  check('u', state.u, want.u);
  check('thr', state.thr, want.thr);
  check('refr', state.refr, want.refr);
  check('pending', state.pending, want.pending);
  if (input.width !== spec.inputWidth || !input.signed) {
    m.report('neuron-input', `neuronUpdate: input must be s${spec.inputWidth}, got ${input.signed ? 's' : 'u'}${input.width}`, paramLoc());
  }
  if (spec.leakOn === 'timeRef' && (!timeRef || timeRef.width !== 1)) {
    m.report('neuron-input', "neuronUpdate: leakOn 'timeRef' needs a 1-bit timeRef signal", paramLoc());
    return { next: state, spike: v.lit(0, Bool()) };
  }

  // Every exact intermediate fits W signed bits.
  const uWidth = spec.kind === 'cuba' ? spec.cuba!.width : 0;
  const W = Math.max(w + 1, spec.inputWidth + spec.inputShift, uWidth) + 2;
  const wide = (x: Signal): Signal => (x.signed ? x.sext(W) : x.zext(W).asSInt());
  /** An exact signed value fitted to `width` bits by the overflow rule. */
  const fit = (x: Signal, width: number, signed: boolean, overflow: Overflow): Signal => {
    const t: HwType = { width, signed, frac: 0 };
    const low = x.truncate(width).as(t);
    if (overflow === 'wrap') return low;
    const [lo, hi] = rangeOf(width, signed);
    return x.gt(hi).select(x.lit(hi, t), x.lt(lo).select(x.lit(lo, t), low));
  };
  const fitV = (x: Signal, overflow: Overflow): Signal => fit(x, w, spec.signed, overflow);

  const thrNow: Signal | number = spec.kind === 'alif' ? state.thr! : spec.threshold;
  const thrWide = typeof thrNow === 'number' ? thrNow : wide(thrNow);

  // The input, aligned, and the drive it puts on v (through u for CUBA).
  const shifted = input.sext(spec.inputWidth + spec.inputShift).shl(spec.inputShift);
  let uNext: Signal | undefined;
  let drive: Signal;
  if (spec.kind === 'cuba') {
    const c = spec.cuba!;
    uNext = m.let(`${p}u_next`, fit(wide(decay(state.u!, c.decay)).add(wide(shifted)), c.width, true, c.overflow));
    drive = c.vUses === 'new' ? uNext : state.u!;
  } else {
    drive = shifted;
  }
  drive = m.let(`${p}drive`, spec.bias !== 0 ? wide(drive).add(spec.bias) : wide(drive));

  // When the step leaks and when it integrates (true: always, false: never, else a signal).
  const leakNow: Signal | boolean = spec.leak.kind === 'none' ? false : spec.leakOn === 'step' ? true : timeRef!;
  const integrateNow: Signal | boolean = spec.leakOn === 'step' ? true : timeRef!.not();
  const when = (c: Signal | boolean, f: (x: Signal) => Signal, x: Signal): Signal => (c === true ? f(x) : c === false ? x : c.select(f(x), x));

  const leakOf = (x: Signal, l: LeakSpec): Signal => {
    switch (l.kind) {
      case 'towardZero': {
        const zero = x.lit(0, T);
        const down = x.gt(l.amount).select(x.sub(l.amount).truncate(w), zero);
        if (!spec.signed) return down;
        return x.lt(-l.amount).select(x.add(l.amount).truncate(w), down);
      }
      case 'add':
        return fitV(wide(x).add(l.amount), l.overflow);
      default:
        return decay(x, l);
    }
  };
  const leak = (x: Signal): Signal => when(leakNow, (y) => leakOf(y, spec.leak), x);
  const integrate = (x: Signal): Signal => when(integrateNow, (y) => fitV(wide(y).add(drive), spec.overflow), x);
  const fires = (x: Signal): Signal => (spec.compare === '>' ? x.gt(thrNow) : x.ge(thrNow));
  const resetOf = (x: Signal): Signal => {
    const r = spec.reset;
    switch (r.kind) {
      case 'zero':
        return x.lit(0, T);
      case 'none':
        return x;
      case 'value':
        return x.lit(r.value, T);
      case 'subtract':
        return fitV(wide(x).sub(thrWide), r.overflow);
    }
  };
  const floorOf = (x: Signal): Signal => {
    const f = spec.floor;
    if (!f) return x;
    const under = f.action === 'clamp' ? x.lit(f.bound, T) : f.action === 'set' ? x.lit(f.value, T) : fitV(wide(x).sub(f.bound), f.overflow);
    return x.lt(f.bound).select(under, x);
  };

  let fire: Signal;
  let vNormal: Signal;
  if (spec.resetTiming === 'next') {
    const pending = state.pending!;
    const leaked = leak(v);
    const before = spec.resetSkipsLeak ? pending.select(v, leaked) : leaked;
    const integrated = m.let(`${p}integrated`, integrate(pending.select(resetOf(before), before)));
    fire = fires(integrated);
    vNormal = fire.select(integrated, floorOf(integrated));
  } else {
    let c: Signal;
    if (spec.order === 'leak-integrate-fire') {
      c = m.let(`${p}integrated`, integrate(leak(v)));
      fire = fires(c);
    } else if (spec.order === 'integrate-leak-fire') {
      c = m.let(`${p}leaked`, leak(m.let(`${p}integrated`, integrate(v))));
      fire = fires(c);
    } else {
      const a = m.let(`${p}integrated`, integrate(v));
      fire = fires(a);
      c = m.let(`${p}leaked`, leak(a));
    }
    vNormal = fire.select(resetOf(c), floorOf(c));
  }

  const next: NeuronSignals = { v: vNormal };
  let spike = fire;
  if (spec.refractory > 0) {
    const refr = state.refr!;
    const inRefr = m.let(`${p}refractory`, refr.orR());
    const vHeld = spec.resetTiming === 'next' ? state.pending!.select(resetOf(v), v) : v;
    next.v = inRefr.select(vHeld, vNormal);
    spike = fire.and(inRefr.not());
    const rt = refr.type;
    next.refr = inRefr.select(refr.subWrap(1), spike.select(refr.lit(spec.refractory, rt), refr.lit(0, rt)));
  }
  spike = m.let(`${p}fire`, spike);
  next.v = m.let(`${p}v_next`, next.v);
  if (spec.resetTiming === 'next') next.pending = spike;
  if (uNext) next.u = uNext;

  if (spec.kind === 'alif') {
    const a = spec.adaptation!;
    const adapted = decay(wide(state.thr!).sub(spec.threshold), a.decay);
    const it = SInt(W);
    const bump = spike.select(v.lit(a.increment, it), v.lit(0, it));
    next.thr = m.let(`${p}thr_next`, fitV(adapted.add(spec.threshold).add(bump), 'saturate'));
  }
  return { next, spike };
}

export interface NeuronPorts {
  step: InputPort;
  input: InputPort;
  time_ref?: InputPort;
  spike: OutputPort;
  v: OutputPort;
  u?: OutputPort;
  thr?: OutputPort;
}

/**
 * A standalone neuron: while `step` is high, each clock edge applies one
 * update with `input` (and `time_ref` when the spec leaks on time
 * references). `spike` shows, combinationally, whether this cycle's update
 * fires; `v` (and `u`, `thr`) show the state registers.
 */
export const Neuron = design(
  'Neuron',
  defaultNeuronSpec,
  (m, spec): NeuronPorts => {
    const errs = validateNeuronSpec(spec);
    for (const e of errs) m.report('neuron-spec', `neuron spec ${e}`, paramLoc());
    const T = membraneType({ ...spec, width: Number.isSafeInteger(spec.width) && spec.width > 0 ? spec.width : 1 });
    const step = m.input('step', Bool());
    const input = m.input('input', SInt(Number.isSafeInteger(spec.inputWidth) && spec.inputWidth > 1 ? spec.inputWidth : 2));
    const timeRef = errs.length === 0 && spec.leakOn === 'timeRef' ? m.input('time_ref', Bool()) : undefined;
    const spikeOut = m.output('spike', Bool());
    const vOut = m.output('v', T);
    const ports: NeuronPorts = { step, input, spike: spikeOut, v: vOut };
    if (timeRef) ports.time_ref = timeRef;
    if (errs.length > 0) {
      spikeOut.set(0);
      vOut.set(0);
      return ports;
    }

    const types = neuronStateTypes(spec);
    const init = neuronInitialState(spec);
    // Registers are named apart from the output ports that show them.
    const regs: { [K in keyof NeuronSignals]: Reg } = { v: m.reg('v_reg', types.v, { reset: init.v }) };
    for (const k of ['u', 'thr', 'refr', 'pending'] as const) {
      const t = types[k];
      if (t) regs[k] = m.reg(k === 'u' || k === 'thr' ? `${k}_reg` : k, t, { reset: init[k]! });
    }
    const state: NeuronSignals = { ...regs };

    const { next, spike } = neuronUpdate(m, spec, state, input, timeRef);
    m.when(step, () => {
      for (const k of ['v', 'u', 'thr', 'refr', 'pending'] as const) regs[k]?.set(next[k]!);
    });
    spikeOut.set(step.and(spike));
    vOut.set(state.v);
    if (state.u) {
      ports.u = m.output('u', state.u.type);
      ports.u.set(state.u);
    }
    if (state.thr) {
      ports.thr = m.output('thr', state.thr.type);
      ports.thr.set(state.thr);
    }
    return ports;
  },
  { doc: 'Integer neuron (IF, LIF, CUBA-LIF or adaptive LIF) with every fixed-point knob of ip/neuron/spec.ts; one update per cycle while step is high.' },
);
