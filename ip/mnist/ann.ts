// A float multilayer perceptron: ReLU hidden layers, a linear output layer
// (softmax only in the loss). weights[k][i * out + j] connects input i of
// layer k to its neuron j, the same orientation as the dense layer's
// weights[i][j], so conversion copies rows.
import { createHash } from 'node:crypto';
import type { MnistSet } from './dataset.ts';

export interface FloatNetwork {
  /** Units per layer, inputs first: e.g. [784, 128, 10]. */
  sizes: number[];
  /** Layer k: sizes[k] x sizes[k+1], row-major (row i: input i's weights to every neuron). */
  weights: Float32Array[];
  /** Per-layer biases (sizes[k+1] each); absent or undefined for bias-free layers. */
  biases?: (Float32Array | undefined)[];
}

/** Checks that the arrays match the sizes; throws naming the layer. */
export function checkFloatNetwork(net: FloatNetwork): void {
  if (!Array.isArray(net.sizes) || net.sizes.length < 2) throw new RangeError('a network needs at least an input size and one layer');
  if (net.weights.length !== net.sizes.length - 1) throw new RangeError(`${net.sizes.length - 1} layers in sizes but ${net.weights.length} weight matrices`);
  net.weights.forEach((w, k) => {
    const want = net.sizes[k]! * net.sizes[k + 1]!;
    if (w.length !== want) throw new RangeError(`layer ${k}: weight has ${w.length} values, expected ${net.sizes[k]} x ${net.sizes[k + 1]} = ${want}`);
    const b = net.biases?.[k];
    if (b && b.length !== net.sizes[k + 1]) throw new RangeError(`layer ${k}: bias has ${b.length} values, expected ${net.sizes[k + 1]}`);
  });
}

/**
 * The activations of every layer for one input: acts[0] is the input, acts[k]
 * the output of layer k (ReLU for hidden layers, raw scores for the last).
 * `into` reuses buffers between calls.
 */
export function forward(net: FloatNetwork, x: Float32Array, into?: Float64Array[]): Float64Array[] {
  const L = net.weights.length;
  const acts = into ?? net.sizes.map((n) => new Float64Array(n));
  const a0 = acts[0]!;
  for (let i = 0; i < x.length; i++) a0[i] = x[i]!;
  for (let k = 0; k < L; k++) {
    const inp = acts[k]!;
    const out = acts[k + 1]!;
    const nOut = net.sizes[k + 1]!;
    const W = net.weights[k]!;
    const b = net.biases?.[k];
    if (b) for (let j = 0; j < nOut; j++) out[j] = b[j]!;
    else out.fill(0);
    for (let i = 0; i < inp.length; i++) {
      const xi = inp[i]!;
      if (xi === 0) continue; // inputs and ReLU outputs are mostly zero
      const row = i * nOut;
      for (let j = 0; j < nOut; j++) out[j] += xi * W[row + j]!;
    }
    if (k < L - 1) for (let j = 0; j < nOut; j++) if (out[j]! < 0) out[j] = 0;
  }
  return acts;
}

/** Index of the largest value; the lowest index among equals. */
export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < xs.length; j++) if (xs[j]! > xs[best]!) best = j;
  return best;
}

/** Fraction of the set the network classifies correctly (argmax of the output scores). */
export function floatAccuracy(net: FloatNetwork, set: MnistSet): number {
  if (set.features !== net.sizes[0]) throw new RangeError(`the network takes ${net.sizes[0]} inputs, the set has ${set.features} features per image`);
  const bufs = net.sizes.map((n) => new Float64Array(n));
  let ok = 0;
  for (let n = 0; n < set.count; n++) {
    const acts = forward(net, set.images.subarray(n * set.features, (n + 1) * set.features), bufs);
    if (argmax(acts[acts.length - 1]!) === set.labels[n]) ok++;
  }
  return ok / set.count;
}

/** SHA-256 (hex) of the sizes, weights and biases as float32 little-endian bytes: equal hashes, equal networks. */
export function networkHash(net: FloatNetwork): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(net.sizes));
  net.weights.forEach((w, k) => {
    h.update(new Uint8Array(Float32Array.from(w).buffer));
    const b = net.biases?.[k];
    h.update(b ? new Uint8Array(Float32Array.from(b).buffer) : new Uint8Array(0));
  });
  return h.digest('hex');
}
