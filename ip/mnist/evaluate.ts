// Accuracy and cost of a converted network on a set of images: each image is
// coded into T steps of input spikes, run from the power-up state, and
// classified by its output spike counts (the lowest index among equals).
import { DenseNetworkModel, type DenseNetworkParams } from '../dense/index.ts';
import { encodeImage } from './coding.ts';
import type { SpikingNetwork } from './convert.ts';
import type { MnistSet } from './dataset.ts';
import { FastDenseNetwork } from './simulate.ts';

export interface SpikingEvaluation {
  count: number;
  correct: number;
  accuracy: number;
  /** The class each image got. */
  predictions: Uint8Array;
  /** Images whose winning count was shared with another class (decided by the lower index). */
  ties: number;
  /** Per image, averaged: input spikes, spikes of each layer, weight-row additions (synaptic operations). */
  mean: { inputSpikes: number; layerSpikes: number[]; synapticOps: number };
}

export interface EvaluateOptions {
  /** 'fast' (default): FastDenseNetwork; 'golden': ip/dense's DenseNetworkModel (BigInt, slow). */
  engine?: 'fast' | 'golden';
  /** The first `limit` images only. */
  limit?: number;
  /** Called after each image with its output counts. */
  onImage?: (n: number, counts: number[]) => void;
}

export function evaluateSpiking(snn: SpikingNetwork, set: MnistSet, opts: EvaluateOptions = {}): SpikingEvaluation {
  if (set.features !== snn.network.inputs) throw new RangeError(`the network takes ${snn.network.inputs} inputs, the set has ${set.features} features per image`);
  const count = Math.min(opts.limit ?? set.count, set.count);
  const fast = opts.engine === 'golden' ? undefined : new FastDenseNetwork(snn.network);
  const golden = opts.engine === 'golden' ? new DenseNetworkModel(snn.network) : undefined;
  const predictions = new Uint8Array(count);
  const L = snn.network.layers.length;
  const sum = { inputSpikes: 0, layerSpikes: new Array<number>(L).fill(0), synapticOps: 0 };
  let correct = 0;
  let ties = 0;
  for (let n = 0; n < count; n++) {
    const steps = encodeImage(set.images.subarray(n * set.features, (n + 1) * set.features), set.ids[n]!, snn.steps, snn.coding);
    let counts: number[];
    let winner: number;
    if (fast) {
      fast.reset();
      for (const active of steps) fast.step(active);
      counts = fast.counts;
      winner = fast.winner();
      sum.inputSpikes += fast.stats.inputSpikes;
      fast.stats.layerSpikes.forEach((s, k) => (sum.layerSpikes[k] += s));
      sum.synapticOps += fast.stats.synapticOps;
    } else {
      const g = golden!;
      g.reset();
      for (const active of steps) {
        const r = g.step(active);
        sum.inputSpikes += active.length;
        let into = active.length;
        r.layers.forEach((lr, k) => {
          const fired = lr.spikes.filter(Boolean).length;
          sum.layerSpikes[k] += fired;
          sum.synapticOps += into * snn.network.layers[k]!.neurons;
          into = fired;
        });
      }
      counts = g.counts;
      winner = g.winner();
    }
    predictions[n] = winner;
    if (winner === set.labels[n]) correct++;
    if (counts.filter((c) => c === counts[winner]).length > 1) ties++;
    opts.onImage?.(n, counts);
  }
  return {
    count,
    correct,
    accuracy: correct / count,
    predictions,
    ties,
    mean: { inputSpikes: sum.inputSpikes / count, layerSpikes: sum.layerSpikes.map((s) => s / count), synapticOps: sum.synapticOps / count },
  };
}

/**
 * Accuracy of the integer network read as an ANN: ReLU(x Q_1), ..., the
 * largest output sum wins (lowest index among equals). It is the float
 * network with quantised weights (each layer's scale does not change an
 * argmax of a bias-free ReLU network), the target the spiking run approximates.
 */
export function quantizedAnnAccuracy(network: DenseNetworkParams, set: MnistSet, limit = set.count): number {
  if (set.features !== network.inputs) throw new RangeError(`the network takes ${network.inputs} inputs, the set has ${set.features} features per image`);
  const count = Math.min(limit, set.count);
  const layers = network.layers.map((l) => {
    const nIn = l.weights.length;
    const w = new Float64Array(nIn * l.neurons);
    l.weights.forEach((row, i) => w.set(row, i * l.neurons));
    return { nIn, nOut: l.neurons, w };
  });
  let correct = 0;
  for (let n = 0; n < count; n++) {
    let x: ArrayLike<number> = set.images.subarray(n * set.features, (n + 1) * set.features);
    layers.forEach((l, k) => {
      const out = new Float64Array(l.nOut);
      for (let i = 0; i < l.nIn; i++) {
        const xi = x[i]!;
        if (xi === 0) continue;
        for (let j = 0; j < l.nOut; j++) out[j] += xi * l.w[i * l.nOut + j]!;
      }
      if (k < layers.length - 1) for (let j = 0; j < l.nOut; j++) if (out[j]! < 0) out[j] = 0;
      x = out;
    });
    let best = 0;
    for (let j = 1; j < x.length; j++) if (x[j]! > x[best]!) best = j;
    if (best === set.labels[n]) correct++;
  }
  return correct / count;
}
