// Training of the float network: softmax cross-entropy, mini-batch Adam,
// He-normal initialisation and per-epoch shuffles from one seed. Everything
// runs on one core; inputs and ReLU outputs are mostly zero, so the forward
// and backward passes skip zero rows. Same seed and data give the same
// weights, bit for bit.
import type { FloatNetwork } from './ann.ts';
import { forward } from './ann.ts';
import type { MnistSet } from './dataset.ts';
import { SeededRandom } from './random.ts';

export interface TrainOptions {
  /** Hidden layer sizes; default [128]. */
  hidden?: number[];
  /** Outputs (classes); default 10. */
  outputs?: number;
  /** Passes over the training set; default 12. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Adam step size at the start; default 2e-3. It follows a cosine from there to 0 over the run. */
  learningRate?: number;
  /** L2 penalty on the weights (decoupled, AdamW style); default 0. */
  weightDecay?: number;
  /** Train biases too; default false (the dense SNN has no per-neuron bias). */
  bias?: boolean;
  /** Seed of initialisation and shuffles; default 1. */
  seed?: number;
  /**
   * Augmentation: each time a sample is drawn it is translated by a random
   * (dx, dy) with |dx|, |dy| <= shift pixels (zero fill); default 0 (none).
   */
  shift?: number;
  /** Train on the first `limit` samples only. */
  limit?: number;
  /** Called after each epoch with its mean loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

export interface TrainResult {
  network: FloatNetwork;
  /** Mean cross-entropy per epoch. */
  losses: number[];
}

const ADAM_B1 = 0.9;
const ADAM_B2 = 0.999;
const ADAM_EPS = 1e-8;

/** A fresh network with He-normal weights (std sqrt(2 / fan-in)) and zero biases. */
export function initNetwork(sizes: number[], seed: number, bias: boolean): FloatNetwork {
  const rng = new SeededRandom(seed);
  const weights = sizes.slice(0, -1).map((nIn, k) => {
    const w = new Float32Array(nIn * sizes[k + 1]!);
    const std = Math.sqrt(2 / nIn);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * std;
    return w;
  });
  const net: FloatNetwork = { sizes: sizes.slice(), weights };
  if (bias) net.biases = sizes.slice(1).map((n) => new Float32Array(n));
  return net;
}

export function trainNetwork(set: MnistSet, opts: TrainOptions = {}): TrainResult {
  const hidden = opts.hidden ?? [128];
  const outputs = opts.outputs ?? 10;
  const epochs = opts.epochs ?? 12;
  const batch = opts.batchSize ?? 32;
  const lr0 = opts.learningRate ?? 2e-3;
  const wd = opts.weightDecay ?? 0;
  const seed = opts.seed ?? 1;
  const count = Math.min(opts.limit ?? set.count, set.count);
  const shift = opts.shift ?? 0;
  if (!Number.isInteger(shift) || shift < 0 || shift >= set.side) throw new RangeError(`shift must be an integer in 0..${set.side - 1}, got ${shift}`);
  const sizes = [set.features, ...hidden, outputs];
  for (const [name, v] of [['epochs', epochs], ['batchSize', batch], ['samples', count]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
  for (let n = 0; n < count; n++) {
    if (set.labels[n]! >= outputs) throw new RangeError(`sample ${n} has label ${set.labels[n]}, the network has ${outputs} outputs`);
  }

  const net = initNetwork(sizes, seed, opts.bias === true);
  const L = net.weights.length;
  const rng = new SeededRandom(seed ^ 0x5bd1e995);
  // Parameters and their Adam state, weights then biases per layer.
  const params: Float32Array[] = [];
  for (let k = 0; k < L; k++) {
    params.push(net.weights[k]!);
    if (net.biases) params.push(net.biases[k]!);
  }
  const grads = params.map((p) => new Float64Array(p.length));
  const m1 = params.map((p) => new Float64Array(p.length));
  const m2 = params.map((p) => new Float64Array(p.length));
  const gradW = net.weights.map((_, k) => grads[net.biases ? 2 * k : k]!);
  const gradB = net.biases ? net.weights.map((_, k) => grads[2 * k + 1]!) : undefined;

  const acts = sizes.map((n) => new Float64Array(n));
  const moved = new Float32Array(set.features);
  const deltas = sizes.map((n) => new Float64Array(n));
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const batches = Math.ceil(count / batch);
  const totalSteps = epochs * batches;
  let stepNo = 0;
  const losses: number[] = [];

  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(order);
    let lossSum = 0;
    for (let b0 = 0; b0 < count; b0 += batch) {
      const b1 = Math.min(count, b0 + batch);
      for (const g of grads) g.fill(0);
      for (let s = b0; s < b1; s++) {
        const n = order[s]!;
        let x = set.images.subarray(n * set.features, (n + 1) * set.features);
        if (shift > 0) {
          const dx = rng.below(2 * shift + 1) - shift;
          const dy = rng.below(2 * shift + 1) - shift;
          translate(x, set.side, dx, dy, moved);
          x = moved;
        }
        forward(net, x, acts);
        // Softmax cross-entropy: delta = softmax(z) - onehot.
        const z = acts[L]!;
        const dOut = deltas[L]!;
        let zmax = -Infinity;
        for (let j = 0; j < outputs; j++) if (z[j]! > zmax) zmax = z[j]!;
        let sum = 0;
        for (let j = 0; j < outputs; j++) {
          const e = Math.exp(z[j]! - zmax);
          dOut[j] = e;
          sum += e;
        }
        const label = set.labels[n]!;
        lossSum -= Math.log(dOut[label]! / sum);
        for (let j = 0; j < outputs; j++) dOut[j] = dOut[j]! / sum - (j === label ? 1 : 0);
        backward(net, acts, deltas, gradW, gradB);
      }
      // Adam step with a cosine schedule; the mean over the batch.
      stepNo++;
      const lr = lr0 * 0.5 * (1 + Math.cos((Math.PI * (stepNo - 1)) / totalSteps));
      const c1 = 1 - ADAM_B1 ** stepNo;
      const c2 = 1 - ADAM_B2 ** stepNo;
      const scale = 1 / (b1 - b0);
      params.forEach((p, q) => {
        const isWeight = !net.biases || q % 2 === 0;
        adamStep(p, grads[q]!, m1[q]!, m2[q]!, lr, c1, c2, scale, isWeight ? 1 - lr * wd : 1);
      });
    }
    const loss = lossSum / count;
    losses.push(loss);
    opts.onEpoch?.(epoch, loss);
  }
  return { network: net, losses };
}

/** out = image moved by (dx, dy) pixels, zero where nothing moves in. */
export function translate(img: Float32Array, side: number, dx: number, dy: number, out: Float32Array): void {
  out.fill(0);
  for (let y = Math.max(0, dy); y < Math.min(side, side + dy); y++) {
    const src = (y - dy) * side;
    const dst = y * side;
    for (let x = Math.max(0, dx); x < Math.min(side, side + dx); x++) out[dst + x] = img[src + x - dx]!;
  }
}

/** Accumulates one sample's gradients, given its activations and the output delta in deltas[L]. */
function backward(net: FloatNetwork, acts: Float64Array[], deltas: Float64Array[], gradW: Float64Array[], gradB: Float64Array[] | undefined): void {
  const L = net.weights.length;
  for (let k = L - 1; k >= 0; k--) {
    const inp = acts[k]!;
    const d = deltas[k + 1]!;
    const nOut = net.sizes[k + 1]!;
    if (gradB) {
      const GB = gradB[k]!;
      for (let j = 0; j < nOut; j++) GB[j] += d[j]!;
    }
    if (k === 0) accumulateOuter(inp, d, nOut, gradW[0]!);
    else backLayer(inp, d, nOut, net.weights[k]!, gradW[k]!, deltas[k]!);
  }
}

/** G += x d^T over the non-zero x (the input layer needs no delta of its own). */
function accumulateOuter(x: Float64Array, d: Float64Array, nOut: number, G: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const row = i * nOut;
    for (let j = 0; j < nOut; j++) G[row + j] += xi * d[j]!;
  }
}

/** G += x d^T and dIn = W d where x > 0 (ReLU' is 1 exactly where the activation is non-zero), 0 elsewhere. */
function backLayer(x: Float64Array, d: Float64Array, nOut: number, W: Float32Array, G: Float64Array, dIn: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) {
      dIn[i] = 0;
      continue;
    }
    const row = i * nOut;
    let back = 0;
    for (let j = 0; j < nOut; j++) {
      G[row + j] += xi * d[j]!;
      back += W[row + j]! * d[j]!;
    }
    dIn[i] = back;
  }
}

function adamStep(p: Float32Array, g: Float64Array, a: Float64Array, v: Float64Array, lr: number, c1: number, c2: number, scale: number, decay: number): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]! * scale;
    a[i] = ADAM_B1 * a[i]! + (1 - ADAM_B1) * gi;
    v[i] = ADAM_B2 * v[i]! + (1 - ADAM_B2) * gi * gi;
    p[i] = p[i]! * decay - (lr * (a[i]! / c1)) / (Math.sqrt(v[i]! / c2) + ADAM_EPS);
  }
}
