// One neuron specification for every integer neuron the library models. The
// published designs disagree on each knob that bit-exactness depends on, so
// every one is explicit here; the golden model (golden.ts) and the hardware
// builder (hardware.ts) both read this one object. docs/ip/neuron.md gives
// the update equations step by step.

export type NeuronKind = 'if' | 'lif' | 'cuba' | 'alif';
/** What an add does when its exact result leaves the target's range. */
export type Overflow = 'wrap' | 'saturate';
/** How a right shift (or the shift after a multiply) drops bits: toward -inf or toward 0. */
export type Rounding = 'floor' | 'zero';
/**
 * Where the threshold test sits in a step that both integrates and leaks:
 * - 'leak-integrate-fire': v = fit(leak(v) + drive); test v (Loihi, Spiker+, snnTorch)
 * - 'integrate-leak-fire': v = leak(fit(v + drive)); test v (RANC)
 * - 'integrate-fire-leak': v = fit(v + drive); test v; then v = leak(v) (ReckOn)
 */
export type UpdateOrder = 'leak-integrate-fire' | 'integrate-leak-fire' | 'integrate-fire-leak';

/** A decay toward zero, used for the membrane leak, the CUBA current and the adaptive threshold. */
export type DecaySpec =
  | { kind: 'none' }
  /** x - (x >> shift): beta = 1 - 2^-shift. */
  | { kind: 'shift'; shift: number; rounding: Rounding }
  /** (x * factor) >> fracBits: factor is a Q-format fraction, 0 <= factor <= 2^fracBits. Rounding 'zero' is sgn(x)*((|x|*factor) >> fracBits). */
  | { kind: 'multiply'; factor: number; fracBits: number; rounding: Rounding };

export type LeakSpec =
  | DecaySpec
  /** Move toward 0 by `amount`, stopping at 0 (tinyODIN, ODIN). */
  | { kind: 'towardZero'; amount: number }
  /** Add a signed constant, then wrap or saturate (TrueNorth / RANC). */
  | { kind: 'add'; amount: number; overflow: Overflow };

export type ResetSpec =
  | { kind: 'zero' }
  | { kind: 'none' }
  | { kind: 'value'; value: number }
  /** v - threshold (the threshold in effect at the start of the step that applies the reset). */
  | { kind: 'subtract'; overflow: Overflow };

/** Applied on steps that do not fire, when v < bound (strict). */
export type FloorSpec =
  | { bound: number; action: 'clamp' }
  | { bound: number; action: 'set'; value: number }
  | { bound: number; action: 'subtract'; overflow: Overflow };

/** Second state variable of a current-based (CUBA) neuron. */
export interface CubaSpec {
  /** Width of the signed synaptic current u. */
  width: number;
  /** Decay of u each step (Loihi: multiply by 4096 - du, rounding toward zero). */
  decay: DecaySpec;
  /** u = fit(decay(u) + (input << inputShift)). */
  overflow: Overflow;
  /** The v update adds the u of this step ('new', Loihi) or of the previous one ('previous'). */
  vUses: 'new' | 'previous';
}

/** Adaptive threshold: thr = base + a, a decays each step and grows by `increment` on a spike. */
export interface AdaptationSpec {
  /** Added to the threshold on every spike (the threshold saturates at the membrane maximum). */
  increment: number;
  /** Decay of the adaptation a = thr - base each step. */
  decay: DecaySpec;
}

export interface NeuronSpec {
  kind: NeuronKind;
  /** Membrane (v) width in bits. */
  width: number;
  /** Membrane signedness (ODIN's membrane is unsigned). */
  signed: boolean;
  /** Width of the signed input: the weighted input sum of one step. */
  inputWidth: number;
  /** The input is shifted left by this before it is added (ReckOn FP_LOC, Loihi's 6-bit MSB alignment). */
  inputShift: number;
  /** Constant added to v with the input on every integrating step (Loihi bias_mant << bias_exp). */
  bias: number;
  /** Overflow of the integrating add v + input + bias (computed exactly, then fitted once). */
  overflow: Overflow;
  leak: LeakSpec;
  /**
   * 'step': every step leaks and integrates. 'timeRef': a step with the time
   * reference set leaks and ignores its input; any other step only integrates
   * (tinyODIN, ODIN: the time reference is an event of its own).
   */
  leakOn: 'step' | 'timeRef';
  order: UpdateOrder;
  /** Firing threshold (the base threshold for 'alif'), in membrane units. */
  threshold: number;
  compare: '>' | '>=';
  /** Optional floor at a negative bound (RANC's negative threshold, Loihi's symmetric clip). */
  floor?: FloorSpec;
  reset: ResetSpec;
  /**
   * 'same': the reset is in the state written by the step that fires.
   * 'next': the step that fires writes v unreset and the reset lands in the
   * next step (snnTorch: reset = H(mem[t-1] - thr)); needs 'leak-integrate-fire'.
   */
  resetTiming: 'same' | 'next';
  /** With resetTiming 'next': the step that applies the reset does not also leak (Spiker+). */
  resetSkipsLeak: boolean;
  /** Steps after a spike during which v holds (no leak, no input, no spike); u still integrates. */
  refractory: number;
  /** Required for kind 'cuba'. */
  cuba?: CubaSpec;
  /** Required for kind 'alif'. */
  adaptation?: AdaptationSpec;
}

/** A plain 16-bit LIF: shift leak (beta = 15/16, floor), saturating integration, v >= 1000 fires, reset to zero. */
export const defaultNeuronSpec: NeuronSpec = {
  kind: 'lif',
  width: 16,
  signed: true,
  inputWidth: 16,
  inputShift: 0,
  bias: 0,
  overflow: 'saturate',
  leak: { kind: 'shift', shift: 4, rounding: 'floor' },
  leakOn: 'step',
  order: 'leak-integrate-fire',
  threshold: 1000,
  compare: '>=',
  floor: undefined,
  reset: { kind: 'zero' },
  resetTiming: 'same',
  resetSkipsLeak: false,
  refractory: 0,
  cuba: undefined,
  adaptation: undefined,
};

/** Smallest and largest value of a `width`-bit integer. */
export function rangeOf(width: number, signed: boolean): [bigint, bigint] {
  const w = BigInt(width);
  return signed ? [-(1n << (w - 1n)), (1n << (w - 1n)) - 1n] : [0n, (1n << w) - 1n];
}

/** Bits of the refractory down-counter (0 when there is no refractory period). */
export function refractoryWidth(spec: NeuronSpec): number {
  return spec.refractory > 0 ? Math.max(1, Math.ceil(Math.log2(spec.refractory + 1))) : 0;
}

// ---- validation ---------------------------------------------------------------

const MAX_WIDTH = 128;

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x);
}

/**
 * Every reason the spec cannot describe a neuron, each naming the parameter
 * (e.g. "threshold: 5000 is outside the membrane range -2048..2047").
 * An empty list means the spec is valid.
 */
export function validateNeuronSpec(spec: NeuronSpec): string[] {
  const errs: string[] = [];
  const err = (param: string, msg: string): void => {
    errs.push(`${param}: ${msg}`);
  };
  const s = spec as Partial<NeuronSpec>;
  const kinds: NeuronKind[] = ['if', 'lif', 'cuba', 'alif'];
  if (!kinds.includes(s.kind as NeuronKind)) err('kind', `must be one of ${kinds.join(', ')}, got ${String(s.kind)}`);

  const widthOk = (param: string, w: unknown): w is number => {
    if (!isInt(w) || w < 1 || w > MAX_WIDTH) {
      err(param, `must be an integer between 1 and ${MAX_WIDTH}, got ${String(w)}`);
      return false;
    }
    return true;
  };
  const wOk = widthOk('width', s.width);
  const iwOk = widthOk('inputWidth', s.inputWidth);
  if (typeof s.signed !== 'boolean') err('signed', `must be true or false, got ${String(s.signed)}`);
  const signed = s.signed === true;
  if (iwOk && s.inputWidth! < 2) err('inputWidth', `a signed input needs at least 2 bits, got ${s.inputWidth}`);
  if (!isInt(s.inputShift) || s.inputShift < 0) err('inputShift', `must be a non-negative integer, got ${String(s.inputShift)}`);
  if (!['wrap', 'saturate'].includes(s.overflow as string)) err('overflow', `must be 'wrap' or 'saturate', got ${String(s.overflow)}`);
  if (!['leak-integrate-fire', 'integrate-leak-fire', 'integrate-fire-leak'].includes(s.order as string)) {
    err('order', `must be 'leak-integrate-fire', 'integrate-leak-fire' or 'integrate-fire-leak', got ${String(s.order)}`);
  }
  if (!['>', '>='].includes(s.compare as string)) err('compare', `must be '>' or '>=', got ${String(s.compare)}`);
  if (!['step', 'timeRef'].includes(s.leakOn as string)) err('leakOn', `must be 'step' or 'timeRef', got ${String(s.leakOn)}`);
  if (!['same', 'next'].includes(s.resetTiming as string)) err('resetTiming', `must be 'same' or 'next', got ${String(s.resetTiming)}`);
  if (typeof s.resetSkipsLeak !== 'boolean') err('resetSkipsLeak', `must be true or false, got ${String(s.resetSkipsLeak)}`);
  if (!isInt(s.refractory) || s.refractory < 0 || s.refractory > 65535) err('refractory', `must be an integer between 0 and 65535 steps, got ${String(s.refractory)}`);

  const [lo, hi] = wOk ? rangeOf(s.width!, signed) : [0n, 0n];
  const rangeText = `${lo}..${hi}`;
  /** A value that must be representable as a membrane value. */
  const inRange = (param: string, x: unknown): boolean => {
    if (!isInt(x)) {
      err(param, `must be a safe integer, got ${String(x)}`);
      return false;
    }
    if (wOk && (BigInt(x) < lo || BigInt(x) > hi)) {
      err(param, `${x} is outside the membrane range ${rangeText} (width ${s.width}, ${signed ? 'signed' : 'unsigned'})`);
      return false;
    }
    return true;
  };

  // The (shifted) input must be representable as a membrane value, or as a current for CUBA.
  const target = s.kind === 'cuba' && s.cuba && isInt(s.cuba.width) ? s.cuba.width : s.width;
  const targetName = s.kind === 'cuba' ? 'cuba.width' : 'width';
  if (iwOk && isInt(target) && isInt(s.inputShift) && s.inputShift >= 0) {
    if (s.inputWidth! + s.inputShift > target) {
      const what = s.inputShift ? `inputWidth + inputShift (${s.inputWidth} + ${s.inputShift})` : `${s.inputWidth} bits`;
      err('inputWidth', `the input (${what}) is wider than the ${s.kind === 'cuba' ? 'current' : 'membrane'} (${targetName} ${target})`);
    }
  }

  inRange('threshold', s.threshold);
  inRange('bias', s.bias);

  validateLeak(s.leak, 'leak', s.width, wOk, lo, hi, err, true);
  if (s.kind === 'if' && s.leak && s.leak.kind !== 'none') err('leak', `kind 'if' has no leak; use kind 'lif' or leak { kind: 'none' }`);
  if (s.kind === 'lif' && s.leak && s.leak.kind === 'none') err('leak', `kind 'lif' needs a leak; use kind 'if' for a neuron without one`);

  // Floor.
  if (s.floor !== undefined && s.floor !== null) {
    const f = s.floor;
    if (!signed) err('floor', 'a floor at a negative bound needs a signed membrane');
    if (inRange('floor.bound', f.bound) && isInt(s.threshold) && f.bound >= s.threshold) {
      err('floor.bound', `${f.bound} must be below the threshold ${s.threshold}`);
    }
    if (f.action === 'set') inRange('floor.value', f.value);
    else if (f.action === 'subtract') {
      if (!['wrap', 'saturate'].includes(f.overflow)) err('floor.overflow', `must be 'wrap' or 'saturate', got ${String(f.overflow)}`);
    } else if (f.action !== 'clamp') err('floor.action', `must be 'clamp', 'set' or 'subtract', got ${String((f as { action: unknown }).action)}`);
  }

  // Reset.
  const r = s.reset;
  if (!r || typeof r !== 'object') err('reset', 'must be an object { kind: ... }');
  else if (r.kind === 'value') inRange('reset.value', r.value);
  else if (r.kind === 'subtract') {
    if (!['wrap', 'saturate'].includes(r.overflow)) err('reset.overflow', `must be 'wrap' or 'saturate', got ${String(r.overflow)}`);
  } else if (r.kind !== 'zero' && r.kind !== 'none') err('reset.kind', `must be 'zero', 'none', 'value' or 'subtract', got ${String((r as { kind: unknown }).kind)}`);
  if (s.resetTiming === 'next' && s.order !== 'leak-integrate-fire') {
    err('resetTiming', `'next' is defined for order 'leak-integrate-fire' only, got order '${s.order}'`);
  }
  if (s.resetTiming === 'same' && s.resetSkipsLeak === true) err('resetSkipsLeak', "applies to resetTiming 'next' only");

  // Kind-specific state.
  if (s.kind === 'cuba') {
    const c = s.cuba;
    if (!c) err('cuba', "kind 'cuba' needs cuba: { width, decay, overflow, vUses }");
    else {
      const cwOk = widthOk('cuba.width', c.width);
      validateLeak(c.decay, 'cuba.decay', c.width, cwOk, 0n, 0n, err, false);
      if (!['wrap', 'saturate'].includes(c.overflow)) err('cuba.overflow', `must be 'wrap' or 'saturate', got ${String(c.overflow)}`);
      if (!['new', 'previous'].includes(c.vUses)) err('cuba.vUses', `must be 'new' or 'previous', got ${String(c.vUses)}`);
    }
    if (!signed) err('signed', "kind 'cuba' needs a signed membrane");
    if (s.leakOn === 'timeRef') err('leakOn', "'timeRef' is defined for kinds if, lif and alif, not 'cuba'");
  } else if (s.cuba !== undefined && s.cuba !== null) err('cuba', `only kind 'cuba' has a current; kind is '${s.kind}'`);

  if (s.kind === 'alif') {
    const a = s.adaptation;
    if (!a) err('adaptation', "kind 'alif' needs adaptation: { increment, decay }");
    else {
      if (!isInt(a.increment) || a.increment < 0) err('adaptation.increment', `must be a non-negative integer, got ${String(a.increment)}`);
      else if (wOk && BigInt(a.increment) > hi) err('adaptation.increment', `${a.increment} is above the membrane maximum ${hi}`);
      validateLeak(a.decay, 'adaptation.decay', s.width, wOk, lo, hi, err, false);
    }
  } else if (s.adaptation !== undefined && s.adaptation !== null) err('adaptation', `only kind 'alif' adapts its threshold; kind is '${s.kind}'`);

  return errs;
}

function validateLeak(
  leak: LeakSpec | undefined,
  param: string,
  width: number | undefined,
  widthOk: boolean,
  lo: bigint,
  hi: bigint,
  err: (param: string, msg: string) => void,
  membrane: boolean,
): void {
  if (!leak || typeof leak !== 'object') {
    err(param, "must be an object { kind: 'none' | 'shift' | 'multiply' ... }");
    return;
  }
  const rounding = (r: unknown): void => {
    if (r !== 'floor' && r !== 'zero') err(`${param}.rounding`, `must be 'floor' or 'zero', got ${String(r)}`);
  };
  switch (leak.kind) {
    case 'none':
      return;
    case 'shift':
      if (!isInt(leak.shift) || leak.shift < 1 || (widthOk && leak.shift >= width!)) {
        err(`${param}.shift`, `must be an integer between 1 and ${widthOk ? width! - 1 : 'width - 1'} (shift >= width removes everything), got ${String(leak.shift)}`);
      }
      rounding(leak.rounding);
      return;
    case 'multiply':
      // factor <= 2^fracBits must stay a safe integer.
      if (!isInt(leak.fracBits) || leak.fracBits < 1 || leak.fracBits > 52) {
        err(`${param}.fracBits`, `must be an integer between 1 and 52, got ${String(leak.fracBits)}`);
      } else if (!isInt(leak.factor) || leak.factor < 0 || leak.factor > 2 ** leak.fracBits) {
        err(`${param}.factor`, `must be an integer between 0 and 2^fracBits = ${2 ** leak.fracBits} (a decay of at most 1.0), got ${String(leak.factor)}`);
      }
      rounding(leak.rounding);
      return;
    case 'towardZero':
      if (!membrane) break;
      if (!isInt(leak.amount) || leak.amount < 0) err(`${param}.amount`, `must be a non-negative integer, got ${String(leak.amount)}`);
      else if (widthOk && BigInt(leak.amount) > hi) err(`${param}.amount`, `${leak.amount} is above the membrane maximum ${hi}`);
      return;
    case 'add':
      if (!membrane) break;
      if (!isInt(leak.amount)) err(`${param}.amount`, `must be a safe integer, got ${String(leak.amount)}`);
      else if (widthOk && (BigInt(leak.amount) < lo || BigInt(leak.amount) > hi)) {
        err(`${param}.amount`, `${leak.amount} is outside the membrane range ${lo}..${hi}`);
      }
      if (leak.overflow !== 'wrap' && leak.overflow !== 'saturate') err(`${param}.overflow`, `must be 'wrap' or 'saturate', got ${String(leak.overflow)}`);
      return;
    default:
      break;
  }
  const kinds = membrane ? "'none', 'shift', 'multiply', 'towardZero' or 'add'" : "'none', 'shift' or 'multiply'";
  err(`${param}.kind`, `must be ${kinds}, got ${String((leak as { kind: unknown }).kind)}`);
}

/** Throws a RangeError listing every problem of an invalid spec. */
export function assertValidNeuronSpec(spec: NeuronSpec): void {
  const errs = validateNeuronSpec(spec);
  if (errs.length > 0) throw new RangeError(`invalid neuron spec:\n  ${errs.join('\n  ')}`);
}
