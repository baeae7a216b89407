// The golden model of the neuron, written from the specification's equations
// (docs/ip/neuron.md) in plain BigInt arithmetic: every value is exact until
// an add is fitted to its width by the spec's overflow rule, so a width the
// hardware gets wrong shows up as a mismatch instead of being hidden.
import { assertValidNeuronSpec, rangeOf, type DecaySpec, type LeakSpec, type NeuronSpec, type Overflow, type Rounding } from './spec.ts';

export interface NeuronStepResult {
  /** The neuron fired in this step. */
  spike: boolean;
  /** Membrane after the step (with resetTiming 'next', before the pending reset). */
  v: bigint;
  /** Current after the step (kind 'cuba'). */
  u?: bigint;
  /** Threshold in effect for the next step (kind 'alif'). */
  thr?: bigint;
}

export interface NeuronModelState {
  v: bigint;
  u: bigint;
  thr: bigint;
  /** Refractory steps left. */
  refr: number;
  /** A spike whose reset lands in the next step (resetTiming 'next'). */
  pending: boolean;
}

/** Fits an exact integer into `width` bits by wrapping or saturating. */
export function fitTo(x: bigint, width: number, signed: boolean, overflow: Overflow): bigint {
  if (overflow === 'wrap') return signed ? BigInt.asIntN(width, x) : BigInt.asUintN(width, x);
  const [lo, hi] = rangeOf(width, signed);
  return x < lo ? lo : x > hi ? hi : x;
}

/** x / 2^k rounded toward -infinity ('floor') or toward zero ('zero'). */
export function shiftRightRounded(x: bigint, k: number, rounding: Rounding): bigint {
  const kk = BigInt(k);
  if (rounding === 'floor' || x >= 0n) return x >> kk; // BigInt >> floors
  return -(-x >> kk);
}

/** One decay step of a value (membrane leak, current decay, threshold adaptation). */
export function decayValue(x: bigint, d: DecaySpec): bigint {
  switch (d.kind) {
    case 'none':
      return x;
    case 'shift':
      return x - shiftRightRounded(x, d.shift, d.rounding);
    case 'multiply':
      return shiftRightRounded(x * BigInt(d.factor), d.fracBits, d.rounding);
  }
}

export class NeuronModel {
  readonly spec: NeuronSpec;
  private v = 0n;
  private u = 0n;
  private thr = 0n;
  private refr = 0;
  private pending = false;

  constructor(spec: NeuronSpec) {
    assertValidNeuronSpec(spec);
    this.spec = spec;
    this.reset();
  }

  /** Back to the power-up state: v = u = 0, threshold at its base, not refractory. */
  reset(): void {
    this.v = 0n;
    this.u = 0n;
    this.thr = BigInt(this.spec.threshold);
    this.refr = 0;
    this.pending = false;
  }

  get state(): NeuronModelState {
    return { v: this.v, u: this.u, thr: this.thr, refr: this.refr, pending: this.pending };
  }

  /** One update with this step's weighted input sum (a signed `inputWidth`-bit value). */
  step(input: bigint | number, opts: { timeRef?: boolean } = {}): NeuronStepResult {
    const s = this.spec;
    const x = BigInt(input);
    const [ilo, ihi] = rangeOf(s.inputWidth, true);
    if (x < ilo || x > ihi) throw new RangeError(`input ${x} does not fit the signed ${s.inputWidth}-bit input (${ilo}..${ihi})`);

    const timeRef = opts.timeRef === true;
    const leakNow = s.leak.kind !== 'none' && (s.leakOn === 'step' || timeRef);
    const integrateNow = s.leakOn === 'step' || !timeRef;
    const thrNow = s.kind === 'alif' ? this.thr : BigInt(s.threshold);
    const shifted = x << BigInt(s.inputShift);

    // Current (CUBA): decays and integrates on every step, refractory or not.
    let u = this.u;
    if (s.kind === 'cuba') {
      const c = s.cuba!;
      u = fitTo(decayValue(this.u, c.decay) + shifted, c.width, true, c.overflow);
    }
    const drive = (s.kind === 'cuba' ? (s.cuba!.vUses === 'new' ? u : this.u) : shifted) + BigInt(s.bias);

    const fit = (y: bigint): bigint => fitTo(y, s.width, s.signed, s.overflow);
    const integrate = (y: bigint): bigint => (integrateNow ? fit(y + drive) : y);
    const leak = (y: bigint): bigint => (leakNow ? this.leakOf(y, s.leak) : y);
    const fires = (y: bigint): boolean => (s.compare === '>' ? y > thrNow : y >= thrNow);
    const resetOf = (y: bigint): bigint => {
      switch (s.reset.kind) {
        case 'zero':
          return 0n;
        case 'none':
          return y;
        case 'value':
          return BigInt(s.reset.value);
        case 'subtract':
          return fitTo(y - thrNow, s.width, s.signed, s.reset.overflow);
      }
    };
    const floorOf = (y: bigint): bigint => {
      const f = s.floor;
      if (!f || y >= BigInt(f.bound)) return y;
      if (f.action === 'clamp') return BigInt(f.bound);
      if (f.action === 'set') return BigInt(f.value);
      return fitTo(y - BigInt(f.bound), s.width, s.signed, f.overflow);
    };

    let v = this.v;
    let spike = false;
    if (this.refr > 0) {
      // Refractory: v holds (no leak, no input, no spike), except that a pending reset lands.
      if (s.resetTiming === 'next' && this.pending) v = resetOf(v);
      this.refr -= 1;
    } else if (s.resetTiming === 'next') {
      // The previous step's spike resets now: after the leak, or instead of it.
      let a = this.pending && s.resetSkipsLeak ? v : leak(v);
      if (this.pending) a = resetOf(a);
      const b = integrate(a);
      spike = fires(b);
      v = spike ? b : floorOf(b);
    } else {
      let c: bigint;
      if (s.order === 'leak-integrate-fire') {
        c = integrate(leak(v));
        spike = fires(c);
      } else if (s.order === 'integrate-leak-fire') {
        c = leak(integrate(v));
        spike = fires(c);
      } else {
        const a = integrate(v);
        spike = fires(a);
        c = leak(a);
      }
      v = spike ? resetOf(c) : floorOf(c);
    }
    if (spike && s.refractory > 0) this.refr = s.refractory;
    this.pending = s.resetTiming === 'next' && spike;

    if (s.kind === 'alif') {
      const a = s.adaptation!;
      const base = BigInt(s.threshold);
      const [, hi] = rangeOf(s.width, s.signed);
      const next = base + decayValue(this.thr - base, a.decay) + (spike ? BigInt(a.increment) : 0n);
      this.thr = next > hi ? hi : next;
    }
    this.v = v;
    this.u = u;

    const out: NeuronStepResult = { spike, v };
    if (s.kind === 'cuba') out.u = u;
    if (s.kind === 'alif') out.thr = this.thr;
    return out;
  }

  private leakOf(y: bigint, l: LeakSpec): bigint {
    switch (l.kind) {
      case 'towardZero': {
        const a = BigInt(l.amount);
        if (y > 0n) return y > a ? y - a : 0n;
        if (y < 0n) return y < -a ? y + a : 0n;
        return 0n;
      }
      case 'add':
        return fitTo(y + BigInt(l.amount), this.spec.width, this.spec.signed, l.overflow);
      default:
        return decayValue(y, l);
    }
  }
}

export interface NeuronArrayStepResult {
  spikes: boolean[];
  v: bigint[];
  u?: bigint[];
  thr?: bigint[];
}

/** n independent neurons of one spec, stepped together (the time reference is shared). */
export class NeuronArrayModel {
  readonly neurons: NeuronModel[];

  constructor(
    readonly n: number,
    readonly spec: NeuronSpec,
  ) {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`NeuronArrayModel: n must be a positive integer, got ${n}`);
    this.neurons = Array.from({ length: n }, () => new NeuronModel(spec));
  }

  reset(): void {
    for (const x of this.neurons) x.reset();
  }

  step(inputs: readonly (bigint | number)[], opts: { timeRef?: boolean } = {}): NeuronArrayStepResult {
    if (inputs.length !== this.n) throw new RangeError(`NeuronArrayModel: ${inputs.length} inputs for ${this.n} neurons`);
    const rs = this.neurons.map((x, i) => x.step(inputs[i]!, opts));
    const out: NeuronArrayStepResult = { spikes: rs.map((r) => r.spike), v: rs.map((r) => r.v) };
    if (this.spec.kind === 'cuba') out.u = rs.map((r) => r.u!);
    if (this.spec.kind === 'alif') out.thr = rs.map((r) => r.thr!);
    return out;
  }
}
