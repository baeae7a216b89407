// Named neuron presets: each reproduces one published design's integer
// semantics with the knobs of spec.ts. Each builder takes that design's own
// parameters (in its own units) and documents where the equations come from.
// docs/ip/neuron.md lists the order of operations per preset.
import { assertValidNeuronSpec, type DecaySpec, type NeuronSpec, type Overflow, type Rounding } from './spec.ts';

function checked(spec: NeuronSpec): NeuronSpec {
  assertValidNeuronSpec(spec);
  return spec;
}

function param(name: string, value: number, lo: number, hi: number): number {
  if (!Number.isSafeInteger(value) || value < lo || value > hi) {
    throw new RangeError(`${name}: must be an integer between ${lo} and ${hi}, got ${value}`);
  }
  return value;
}

/**
 * tinyODIN LIF (C. Frenkel, github.com/ChFrenkel/tinyODIN, lif_neuron.v).
 * 12-bit signed membrane. A synaptic event adds the sign-extended 4-bit
 * weight with saturation to -2048..2047; a time-reference event leaks by
 * `leakStrength` (7-bit) toward 0 and stops at 0. Every event tests
 * `v >= 0 && v >= thr` (the same as v >= thr for thr >= 0) and resets to 0
 * in the same update.
 */
export function tinyOdinLif(p: { threshold?: number; leakStrength?: number } = {}): NeuronSpec {
  return checked({
    kind: 'lif',
    width: 12,
    signed: true,
    inputWidth: 4,
    inputShift: 0,
    bias: 0,
    overflow: 'saturate',
    leak: { kind: 'towardZero', amount: param('leakStrength', p.leakStrength ?? 10, 0, 127) },
    leakOn: 'timeRef',
    order: 'leak-integrate-fire',
    // param_thr is 12 bits, but the spike also needs v >= 0, so only 0..2047 can fire.
    threshold: param('threshold', p.threshold ?? 200, 0, 2047),
    compare: '>=',
    reset: { kind: 'zero' },
    resetTiming: 'same',
    resetSkipsLeak: false,
    refractory: 0,
  });
}

/**
 * ODIN LIF (C. Frenkel, github.com/ChFrenkel/ODIN, LIF_neuron_blocks/lif_neuron_state.v).
 * 8-bit unsigned membrane. A 3-bit weight with a per-source sign bit: the
 * input is +w (excitatory, min(v + w, 255)) or -w (inhibitory, max(v - w, 0)),
 * i.e. a saturating add onto 0..255. A time-reference event leaks
 * max(v - leak, 0) when leakage is enabled; every event tests v >= thr and
 * resets to 0 in the same update.
 */
export function odinLif(p: { threshold?: number; leakStrength?: number; leakEnabled?: boolean } = {}): NeuronSpec {
  const leak = param('leakStrength', p.leakStrength ?? 3, 0, 127);
  return checked({
    kind: (p.leakEnabled ?? true) ? 'lif' : 'if',
    width: 8,
    signed: false,
    inputWidth: 4,
    inputShift: 0,
    bias: 0,
    overflow: 'saturate',
    leak: (p.leakEnabled ?? true) ? { kind: 'towardZero', amount: leak } : { kind: 'none' },
    leakOn: 'timeRef',
    order: 'leak-integrate-fire',
    threshold: param('threshold', p.threshold ?? 100, 0, 255),
    compare: '>=',
    reset: { kind: 'zero' },
    resetTiming: 'same',
    resetSkipsLeak: false,
    refractory: 0,
  });
}

/**
 * ReckOn hidden neuron (C. Frenkel and G. Indiveri, ISSCC 2022,
 * github.com/ChFrenkel/ReckOn, srnn.v), without noise and stochastic rounding.
 * 16-bit signed membrane. Each input event adds `sext(w8) << fpLoc` with
 * saturation. At the time step the spike is `u >= thr`, tested on the
 * integrated value BEFORE the leak; the leak is `(u * alpha)[30:15]`
 * (alpha Q1.15, floor); the reset is 0 (RST_MODE 1) or `leaked - thr`
 * (RST_MODE 0, 16-bit wrap). One step here is one ReckOn tick: integrate
 * the tick's (pre-summed) input, then the time step.
 */
export function reckonLif(p: { threshold?: number; alpha?: number; fpLoc?: number; reset?: 'zero' | 'subtract' } = {}): NeuronSpec {
  return checked({
    kind: 'lif',
    width: 16,
    signed: true,
    inputWidth: 8,
    inputShift: param('fpLoc', p.fpLoc ?? 3, 0, 7),
    bias: 0,
    overflow: 'saturate',
    // The chip's alpha spans 0x7000..0x8FFF; only alpha <= 1.0 (0x8000) is a leak.
    leak: { kind: 'multiply', factor: param('alpha', p.alpha ?? 0x7c00, 0x7000, 0x8000), fracBits: 15, rounding: 'floor' },
    leakOn: 'step',
    order: 'integrate-fire-leak',
    threshold: param('threshold', p.threshold ?? 1000, -32768, 32767),
    compare: '>=',
    reset: (p.reset ?? 'zero') === 'zero' ? { kind: 'zero' } : { kind: 'subtract', overflow: 'wrap' },
    resetTiming: 'same',
    resetSkipsLeak: false,
    refractory: 0,
  });
}

/**
 * Spiker+ LIF datapath (A. Carpegna, A. Savino, S. Di Carlo, "Spiker+",
 * github.com/smilies-polito/Spiker, lif_neuron_dp.py / lif_neuron_cu.py).
 * n-bit signed membrane, saturating adder. At the start of each time step
 * the control unit tests the stored v > v_th (strict): on a spike v becomes
 * v_reset ('fixed') or v - v_th ('subtractive', saturating) and does NOT
 * leak that step; otherwise v -= v >>> shift (arithmetic, floor). Then the
 * step's weights are added. Seen per step, the spike belongs to the step
 * whose integration crossed the threshold and the reset lands one step later.
 */
export function spikerPlusLif(
  p: { width?: number; inputWidth?: number; shift?: number; threshold?: number; reset?: 'fixed' | 'subtractive'; resetValue?: number } = {},
): NeuronSpec {
  const width = param('width', p.width ?? 16, 2, 64);
  return checked({
    kind: 'lif',
    width,
    signed: true,
    inputWidth: param('inputWidth', p.inputWidth ?? width, 2, width),
    inputShift: 0,
    bias: 0,
    overflow: 'saturate',
    leak: { kind: 'shift', shift: param('shift', p.shift ?? 4, 1, width - 1), rounding: 'floor' },
    leakOn: 'step',
    order: 'leak-integrate-fire',
    threshold: p.threshold ?? 3000,
    compare: '>',
    reset: (p.reset ?? 'fixed') === 'fixed' ? { kind: 'value', value: p.resetValue ?? 0 } : { kind: 'subtract', overflow: 'saturate' },
    resetTiming: 'next',
    resetSkipsLeak: true,
    refractory: 0,
  });
}

/**
 * Loihi CUBA-LIF, bit-accurate as Lava's PyLifModelBitAcc
 * (github.com/lava-nc/lava, src/lava/proc/lif/models.py):
 *   u = sgn(u)*((|u| * (4096 - (du + dsOffset))) >> 12) + (a_in << 6), 24-bit wrap
 *   v = sgn(v)*((|v| * (4096 - dv)) >> 12) + u + (bias_mant << bias_exp), clipped to ±(2^23 - 1)
 *   spike = v > vth << 6, then v = 0.
 * Lava adds ds_offset = 1 to du (Loihi 1's 1-bit offset register, so the
 * current decay can reach 4096) and dm_offset = 0 to dv; `dsOffset` is that
 * register (pass 0 for the plain `4096 - du` form).
 * Lava's wrap keeps u = +2^23 where a 24-bit register reads -2^23; that one
 * value is the only difference from real 24-bit hardware.
 */
export function loihiCubaLif(
  p: { du?: number; dv?: number; vth?: number; biasMant?: number; biasExp?: number; dsOffset?: 0 | 1; refractory?: number } = {},
): NeuronSpec {
  const du = param('du', p.du ?? 410, 0, 4095);
  const dv = param('dv', p.dv ?? 205, 0, 4095);
  const dsOffset = param('dsOffset', p.dsOffset ?? 1, 0, 1);
  const vth = param('vth', p.vth ?? 1000, 0, 131071);
  const bias = param('biasMant', p.biasMant ?? 0, -4096, 4095) * 2 ** param('biasExp', p.biasExp ?? 0, 0, 7);
  const max = 2 ** 23 - 1;
  return checked({
    kind: 'cuba',
    width: 24,
    signed: true,
    inputWidth: 16,
    inputShift: 6,
    bias,
    overflow: 'saturate',
    leak: { kind: 'multiply', factor: 4096 - dv, fracBits: 12, rounding: 'zero' },
    leakOn: 'step',
    order: 'leak-integrate-fire',
    threshold: vth * 64,
    compare: '>',
    // np.clip(v, -(2^23 - 1), 2^23 - 1): saturation plus a floor one above the two's-complement minimum.
    floor: { bound: -max, action: 'clamp' },
    reset: { kind: 'zero' },
    resetTiming: 'same',
    resetSkipsLeak: false,
    refractory: param('refractory', p.refractory ?? 0, 0, 65535),
    cuba: { width: 24, decay: { kind: 'multiply', factor: 4096 - (du + dsOffset), fracBits: 12, rounding: 'zero' }, overflow: 'wrap', vUses: 'new' },
  });
}

/**
 * RANC neuron block (TrueNorth-like; University of Arizona RCL,
 * NeuronBlock.v / ThresholdResetUnit.v). 9-bit signed potential, every add
 * wraps. All axon weights of the tick are integrated, then `v += leak`; the
 * spike is `v >= positive_threshold`; a spike resets to `reset_potential`
 * (hard) or `v - positive_threshold` (linear); otherwise v below
 * `negative_threshold` (strict) becomes `-reset_potential` (hard) or
 * `v - negative_threshold` (linear). Wrapping adds commute, so the tick's
 * pre-summed (wrapped) input gives the same result as adding weights one by one.
 */
export function rancNeuron(
  p: { threshold?: number; negativeThreshold?: number; leak?: number; resetPotential?: number; resetMode?: 'hard' | 'linear' } = {},
): NeuronSpec {
  const thr = param('threshold', p.threshold ?? 64, -256, 255);
  const neg = param('negativeThreshold', p.negativeThreshold ?? -64, -256, 255);
  const leak = param('leak', p.leak ?? -1, -256, 255);
  const rp = param('resetPotential', p.resetPotential ?? 0, -255, 255);
  const hard = (p.resetMode ?? 'hard') === 'hard';
  return checked({
    kind: leak === 0 ? 'if' : 'lif',
    width: 9,
    signed: true,
    inputWidth: 9,
    inputShift: 0,
    bias: 0,
    overflow: 'wrap',
    leak: leak === 0 ? { kind: 'none' } : { kind: 'add', amount: leak, overflow: 'wrap' },
    leakOn: 'step',
    order: 'integrate-leak-fire',
    threshold: thr,
    compare: '>=',
    floor: hard ? { bound: neg, action: 'set', value: -rp } : { bound: neg, action: 'subtract', overflow: 'wrap' },
    reset: hard ? { kind: 'value', value: rp } : { kind: 'subtract', overflow: 'wrap' },
    resetTiming: 'same',
    resetSkipsLeak: false,
    refractory: 0,
  });
}

/**
 * snnTorch `Leaky` (github.com/jeshraghian/snntorch, snntorch/_neurons/leaky.py),
 * quantised: beta as a power-of-two shift (beta = 1 - 2^-k, v - (v >> k)) or
 * as a Q-format factor. snnTorch computes reset = H(mem[t-1] - thr) before
 * the update, so a spike's reset lands in the next step:
 *   subtract: mem = beta*mem + x - reset*thr;  zero: mem = beta*(1 - reset)*mem + x
 *   spike = mem > thr (strict Heaviside).
 */
export function snnTorchLeaky(
  p: {
    width?: number;
    inputWidth?: number;
    beta?: { shift: number } | { factor: number; fracBits: number };
    rounding?: Rounding;
    threshold?: number;
    reset?: 'subtract' | 'zero';
    overflow?: Overflow;
  } = {},
): NeuronSpec {
  const width = param('width', p.width ?? 16, 2, 64);
  const rounding = p.rounding ?? 'floor';
  const beta = p.beta ?? { shift: 3 };
  const leak: DecaySpec = 'shift' in beta ? { kind: 'shift', shift: beta.shift, rounding } : { kind: 'multiply', factor: beta.factor, fracBits: beta.fracBits, rounding };
  const overflow = p.overflow ?? 'saturate';
  return checked({
    kind: 'lif',
    width,
    signed: true,
    inputWidth: param('inputWidth', p.inputWidth ?? Math.min(width, 12), 2, width),
    inputShift: 0,
    bias: 0,
    overflow,
    leak,
    leakOn: 'step',
    order: 'leak-integrate-fire',
    threshold: p.threshold ?? 1024,
    compare: '>',
    reset: (p.reset ?? 'subtract') === 'subtract' ? { kind: 'subtract', overflow } : { kind: 'zero' },
    resetTiming: 'next',
    resetSkipsLeak: false,
    refractory: 0,
  });
}

/**
 * Adaptive-threshold LIF after the LSNN of Bellec et al. (NeurIPS 2018),
 * quantised: the threshold is base + a, a decays as a - (a >> k) each step
 * and grows by `increment` on a spike; v leaks by a shift, reset subtracts
 * the threshold in effect. No bit-exact reference exists: this preset fixes
 * one integer reading of the equations for the 'alif' kind.
 */
export function lsnnAlif(
  p: { width?: number; threshold?: number; increment?: number; leakShift?: number; adaptShift?: number; refractory?: number } = {},
): NeuronSpec {
  const width = param('width', p.width ?? 16, 4, 64);
  return checked({
    kind: 'alif',
    width,
    signed: true,
    inputWidth: Math.min(width, 12),
    inputShift: 0,
    bias: 0,
    overflow: 'saturate',
    leak: { kind: 'shift', shift: p.leakShift ?? 4, rounding: 'floor' },
    leakOn: 'step',
    order: 'leak-integrate-fire',
    threshold: p.threshold ?? 1000,
    compare: '>=',
    reset: { kind: 'subtract', overflow: 'saturate' },
    resetTiming: 'same',
    resetSkipsLeak: false,
    refractory: param('refractory', p.refractory ?? 2, 0, 65535),
    adaptation: { increment: p.increment ?? 200, decay: { kind: 'shift', shift: p.adaptShift ?? 5, rounding: 'floor' } },
  });
}

export type NeuronPresetName = 'tinyOdin' | 'odin' | 'reckon' | 'spikerPlus' | 'loihiCubaLif' | 'ranc' | 'snnTorchLeaky' | 'lsnnAlif';

/** Each preset with its design's typical parameters; call the builder functions for others. */
export const neuronPresets: Readonly<Record<NeuronPresetName, NeuronSpec>> = Object.freeze({
  tinyOdin: tinyOdinLif(),
  odin: odinLif(),
  reckon: reckonLif(),
  spikerPlus: spikerPlusLif(),
  loihiCubaLif: loihiCubaLif(),
  ranc: rancNeuron(),
  snnTorchLeaky: snnTorchLeaky(),
  lsnnAlif: lsnnAlif(),
});
