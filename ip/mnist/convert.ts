// Conversion of a trained ReLU network into a dense spiking network with
// integer weights (Diehl et al. 2015; Rueckauer et al. 2017):
//
// 1. Per layer, symmetric quantisation to `weightBits` signed bits:
//    s_k = max|W_k| / (2^(bits-1) - 1), Q_k = round(W_k / s_k).
// 2. Integrate-and-fire neurons (no leak) with reset by subtraction, so a
//    neuron's spike rate tracks its ReLU activation divided by its threshold.
// 3. Data-based threshold balancing: with the quantised weights, the ANN's
//    activations over calibration images are a_1 = relu(x Q_1) (x: the input
//    spike rates of the coding), r_1 = min(1, a_1 / theta_1), a_2 = relu(r_1 Q_2),
//    ...; theta_k is `percentile` of the positive a_k, times `thresholdScale`.
// 4. Widths from the weights: each neuron's input is the step's weight sum,
//    whose range follows from the column sums of Q; the membrane holds that
//    plus the threshold, and (without a floor) T steps of the most negative sum.
//
// The result is a DenseNetworkParams (ip/dense) plus the number of steps T
// and the input coding; classification is the output neuron with the most
// spikes, the lowest index among equals.
import type { DenseLayerSpec, DenseNetworkParams } from '../dense/index.ts';
import type { NeuronSpec } from '../neuron/index.ts';
import { checkFloatNetwork, type FloatNetwork } from './ann.ts';
import { codedRate, validateInputCoding, type InputCoding } from './coding.ts';

export interface ConvertOptions {
  /** Signed bits per weight; default 8. */
  weightBits?: number;
  /** Time steps per image T; default 16. Sets the membrane width (no floor) and the counter width. */
  steps?: number;
  /** Input coding; default the integrate coding (255 levels, phase 128). */
  coding?: InputCoding;
  /** Percentile (0 < p <= 100) of the positive activations that sets each threshold; default 99.9. */
  percentile?: number;
  /** Multiplies each layer's threshold (one number for all layers, or one per layer); default 1. */
  thresholdScale?: number | number[];
  /** Spike test; default '>='. */
  compare?: '>' | '>=';
  /**
   * A floor under the membrane, in thresholds: -1 clamps v at -theta on
   * steps that do not fire. Default none (the membrane goes as negative as
   * its input drives it).
   */
  floor?: number;
  /** Non-zero biases have no place in the dense layer: 'error' (default) rejects them, 'drop' ignores them. */
  biases?: 'error' | 'drop';
}

/** How the conversion chose each layer's numbers (for reports; not needed to run the network). */
export interface ConversionInfo {
  weightBits: number;
  percentile: number;
  /** Float weight per integer unit, per layer (W ~ Q * scale). */
  weightScales: number[];
  /** The percentile activation per layer, in integer units, before thresholdScale. */
  activations: number[];
  thresholds: number[];
  thresholdScales: number[];
  floor: number | null;
}

/** A converted network: what the golden models and the hardware take, how to code its input, for how long. */
export interface SpikingNetwork {
  network: DenseNetworkParams;
  /** Time steps per image T. */
  steps: number;
  coding: InputCoding;
  conversion: ConversionInfo;
}

/** Calibration images: count images of `features` intensities in [0, 1], one after another. */
export interface CalibrationSet {
  count: number;
  features: number;
  images: Float32Array;
}

/** Bits of a signed integer holding every value in lo..hi (at least 2). */
export function signedBitsFor(lo: number, hi: number): number {
  let w = 2;
  while (-(2 ** (w - 1)) > lo || 2 ** (w - 1) - 1 < hi) w++;
  return w;
}

/** Symmetric quantisation of one layer: Q = round(W / s), s = max|W| / (2^(bits-1) - 1). */
export function quantizeWeights(w: Float32Array, bits: number): { q: Int32Array; scale: number } {
  if (!Number.isInteger(bits) || bits < 2 || bits > 16) throw new RangeError(`weightBits must be an integer in 2..16, got ${bits}`);
  let max = 0;
  for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i]!));
  const top = 2 ** (bits - 1) - 1;
  const scale = max > 0 ? max / top : 1;
  const q = new Int32Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.max(-top, Math.min(top, Math.round(w[i]! / scale)));
  return { q, scale };
}

/** The p-th percentile (nearest rank) of the values, p in (0, 100]. */
export function percentileOf(values: Float64Array, p: number): number {
  if (values.length === 0) return 0;
  const sorted = values.slice().sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The spike-rate ANN of the quantised network: thresholds from the calibration images, layer by layer. */
export function balanceThresholds(
  sizes: number[],
  q: Int32Array[],
  calib: CalibrationSet,
  coding: InputCoding,
  percentile: number,
  scales: number[],
): { activations: number[]; thresholds: number[] } {
  const L = q.length;
  const activations: number[] = [];
  const thresholds: number[] = [];
  // Rates into the current layer for every calibration image.
  let rates = new Float64Array(calib.count * sizes[0]!);
  for (let i = 0; i < rates.length; i++) rates[i] = codedRate(calib.images[i]!, coding);
  for (let k = 0; k < L; k++) {
    const nIn = sizes[k]!;
    const nOut = sizes[k + 1]!;
    const Q = q[k]!;
    const act = new Float64Array(calib.count * nOut);
    for (let n = 0; n < calib.count; n++) {
      const out = n * nOut;
      for (let i = 0; i < nIn; i++) {
        const r = rates[n * nIn + i]!;
        if (r === 0) continue;
        const row = i * nOut;
        for (let j = 0; j < nOut; j++) act[out + j] += r * Q[row + j]!;
      }
    }
    let positives = 0;
    for (let i = 0; i < act.length; i++) if (act[i]! > 0) positives++;
    const pos = new Float64Array(positives);
    for (let i = 0, m = 0; i < act.length; i++) if (act[i]! > 0) pos[m++] = act[i]!;
    const lambda = percentileOf(pos, percentile);
    const theta = Math.max(1, Math.round(lambda * scales[k]!));
    activations.push(lambda);
    thresholds.push(theta);
    for (let i = 0; i < act.length; i++) act[i] = Math.min(1, Math.max(0, act[i]!) / theta);
    rates = act;
  }
  return { activations, thresholds };
}

/** The neuron of a converted layer: integrate-and-fire, reset by subtraction, widths from the weight sums. */
export function convertedNeuron(q: Int32Array, nIn: number, nOut: number, threshold: number, steps: number, compare: '>' | '>=', floorBound: number | null): NeuronSpec {
  let maxPos = 0;
  let maxNeg = 0;
  for (let j = 0; j < nOut; j++) {
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < nIn; i++) {
      const w = q[i * nOut + j]!;
      if (w > 0) pos += w;
      else neg += w;
    }
    maxPos = Math.max(maxPos, pos);
    maxNeg = Math.min(maxNeg, neg);
  }
  const inputWidth = signedBitsFor(maxNeg, maxPos);
  // Below the threshold before the input (>=: at most theta - 1), then one step's largest sum.
  const hi = threshold - (compare === '>=' ? 1 : 0) + maxPos;
  const lo = floorBound === null ? steps * maxNeg : Math.min(floorBound, floorBound + maxNeg);
  const width = Math.max(inputWidth, signedBitsFor(lo, hi));
  return {
    kind: 'if',
    width,
    signed: true,
    inputWidth,
    inputShift: 0,
    bias: 0,
    overflow: 'saturate',
    leak: { kind: 'none' },
    leakOn: 'step',
    order: 'leak-integrate-fire',
    threshold,
    compare,
    floor: floorBound === null ? undefined : { bound: floorBound, action: 'clamp' },
    reset: { kind: 'subtract', overflow: 'saturate' },
    resetTiming: 'same',
    resetSkipsLeak: false,
    refractory: 0,
    cuba: undefined,
    adaptation: undefined,
  };
}

export function convertNetwork(net: FloatNetwork, calib: CalibrationSet, opts: ConvertOptions = {}): SpikingNetwork {
  checkFloatNetwork(net);
  const bits = opts.weightBits ?? 8;
  const steps = opts.steps ?? 16;
  const coding = opts.coding ?? { kind: 'integrate', levels: 255, initial: 128 };
  const percentile = opts.percentile ?? 99.9;
  const compare = opts.compare ?? '>=';
  const L = net.weights.length;
  const scaleOpt = opts.thresholdScale ?? 1;
  const scales = typeof scaleOpt === 'number' ? new Array<number>(L).fill(scaleOpt) : scaleOpt.slice();
  const errs = validateInputCoding(coding);
  if (!Number.isInteger(steps) || steps < 1) errs.push(`steps: must be a positive integer, got ${steps}`);
  if (!(percentile > 0 && percentile <= 100)) errs.push(`percentile: must be in (0, 100], got ${percentile}`);
  if (scales.length !== L || scales.some((s) => !(s > 0))) errs.push(`thresholdScale: needs ${L} positive numbers (one per layer), got ${JSON.stringify(scaleOpt)}`);
  if (opts.floor !== undefined && !(opts.floor <= 0)) errs.push(`floor: must be a number of thresholds <= 0, got ${opts.floor}`);
  if (calib.features !== net.sizes[0]) errs.push(`calibration images have ${calib.features} features, the network takes ${net.sizes[0]} inputs`);
  if (calib.count < 1) errs.push('calibration: needs at least one image');
  if (opts.biases !== 'drop') {
    net.biases?.forEach((b, k) => {
      if (b && b.some((x) => x !== 0)) errs.push(`layer ${k}: has non-zero biases; a dense spiking layer has no per-neuron bias (retrain without biases, or pass biases: 'drop')`);
    });
  }
  if (errs.length) throw new RangeError(`cannot convert the network:\n  ${errs.join('\n  ')}`);

  const quant = net.weights.map((w) => quantizeWeights(w, bits));
  const q = quant.map((x) => x.q);
  const { activations, thresholds } = balanceThresholds(net.sizes, q, calib, coding, percentile, scales);
  const layers: DenseLayerSpec[] = q.map((Q, k) => {
    const nIn = net.sizes[k]!;
    const nOut = net.sizes[k + 1]!;
    const theta = thresholds[k]!;
    const floorBound = opts.floor === undefined ? null : Math.round(opts.floor * theta);
    const weights: number[][] = [];
    for (let i = 0; i < nIn; i++) weights.push(Array.from(Q.subarray(i * nOut, (i + 1) * nOut)));
    return { neurons: nOut, weightWidth: bits, weights, neuron: convertedNeuron(Q, nIn, nOut, theta, steps, compare, floorBound), neuronsPerWord: 0 };
  });
  const network: DenseNetworkParams = { inputs: net.sizes[0]!, layers, countWidth: Math.max(1, Math.ceil(Math.log2(steps + 1))) };
  return {
    network,
    steps,
    coding,
    conversion: {
      weightBits: bits,
      percentile,
      weightScales: quant.map((x) => x.scale),
      activations,
      thresholds,
      thresholdScales: scales,
      floor: opts.floor ?? null,
    },
  };
}
