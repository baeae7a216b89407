// The parameters of the dense spiking layer and of a network of them: one
// type each, taken by the hardware builders and the golden models alike.
import { validateNeuronSpec, defaultNeuronSpec, type NeuronSpec } from '../neuron/index.ts';
import { isPositiveInt } from '../param-errors.ts';

/** One layer of a network: everything but its input count (the previous layer's neurons). */
export interface DenseLayerSpec {
  /** Neurons M, all updated in parallel at the end of a time step. */
  neurons: number;
  /** Bits of each signed weight (two's complement), 1..32. */
  weightWidth: number;
  /** weights[i][j]: from input i to neuron j; N rows of M integers that fit weightWidth. */
  weights: number[][];
  /** Every neuron of the layer follows this spec (ip/neuron). */
  neuron: NeuronSpec;
  /**
   * Weights per memory word: the layer's weights sit in ceil(M / k) memories
   * of N words, word i holding the weights of input i to k neighbouring
   * neurons (neuron b*k + g in bits g*W ..). 0 picks floor(32 / W) (32-bit
   * words: block-RAM friendly and fast in the built-in simulator).
   */
  neuronsPerWord: number;
}

export interface DenseLayerParams extends DenseLayerSpec {
  /** Inputs N (input indices 0..N-1). */
  inputs: number;
}

export interface DenseNetworkParams {
  /** Inputs of the first layer. */
  inputs: number;
  /** Layers in order; layer k+1 takes layer k's spikes as its inputs. */
  layers: DenseLayerSpec[];
  /** Bits of each output spike counter (per neuron of the last layer: per class); counters saturate. */
  countWidth: number;
}

const exampleNeuron: NeuronSpec = { ...defaultNeuronSpec, threshold: 100 };

export const defaultDenseLayerParams: DenseLayerParams = {
  inputs: 4,
  neurons: 3,
  weightWidth: 8,
  weights: [
    [60, -20, 10],
    [50, 70, -5],
    [-30, 40, 90],
    [20, 20, 20],
  ],
  neuron: exampleNeuron,
  neuronsPerWord: 0,
};

export const defaultDenseNetworkParams: DenseNetworkParams = {
  inputs: 4,
  layers: [
    { neurons: 3, weightWidth: 8, weights: defaultDenseLayerParams.weights, neuron: exampleNeuron, neuronsPerWord: 0 },
    { neurons: 2, weightWidth: 8, weights: [[80, -40], [-10, 90], [70, 70]], neuron: exampleNeuron, neuronsPerWord: 0 },
  ],
  countWidth: 8,
};

const MAX_INPUTS = 1 << 16;
const MAX_NEURONS = 4096;

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x);
}

/** Bits of the per-neuron accumulator: any sum of N weights fits exactly. */
export function accumulatorWidth(p: Pick<DenseLayerParams, 'inputs' | 'weightWidth'>): number {
  return p.weightWidth + Math.ceil(Math.log2(p.inputs + 1));
}

/** Weights per memory word after resolving 0 (auto). */
export function wordNeurons(p: Pick<DenseLayerParams, 'neurons' | 'weightWidth' | 'neuronsPerWord'>): number {
  const k = p.neuronsPerWord === 0 ? Math.max(1, Math.floor(32 / p.weightWidth)) : p.neuronsPerWord;
  return Math.min(k, p.neurons);
}

/** Every problem of a layer's parameters, each "param: message"; `prefix` qualifies the names (e.g. "layers[1]."). */
export function validateDenseLayerSpec(p: DenseLayerSpec, inputs: number, prefix = ''): string[] {
  const errs: string[] = [];
  const err = (param: string, msg: string): void => {
    errs.push(`${prefix}${param}: ${msg}`);
  };
  const mOk = isPositiveInt(p.neurons, MAX_NEURONS);
  if (!mOk) err('neurons', `must be an integer between 1 and ${MAX_NEURONS}, got ${String(p.neurons)}`);
  const wOk = isPositiveInt(p.weightWidth, 32);
  if (!wOk) err('weightWidth', `must be an integer between 1 and 32, got ${String(p.weightWidth)}`);
  if (!isInt(p.neuronsPerWord) || p.neuronsPerWord < 0 || (wOk && p.neuronsPerWord * p.weightWidth > 1024)) {
    err('neuronsPerWord', `must be 0 (auto) or a positive integer with neuronsPerWord * weightWidth <= 1024, got ${String(p.neuronsPerWord)}`);
  }
  if (!p.neuron || typeof p.neuron !== 'object') err('neuron', 'must be a neuron spec (ip/neuron)');
  else for (const e of validateNeuronSpec(p.neuron)) err(`neuron.${e.slice(0, e.indexOf(':'))}`, e.slice(e.indexOf(':') + 2));

  if (!Array.isArray(p.weights)) {
    err('weights', `must be an array of ${isPositiveInt(inputs) ? inputs : 'N'} rows (one per input), got ${typeof p.weights}`);
    return errs;
  }
  if (isPositiveInt(inputs) && p.weights.length !== inputs) {
    err('weights', `has ${p.weights.length} rows, the layer has ${inputs} inputs (weights[i][j]: input i to neuron j)`);
  }
  const lo = wOk ? -(2 ** (p.weightWidth - 1)) : -Infinity;
  const hi = wOk ? 2 ** (p.weightWidth - 1) - 1 : Infinity;
  let reported = 0;
  for (let i = 0; i < p.weights.length && reported < 4; i++) {
    const row = p.weights[i];
    if (!Array.isArray(row)) {
      err(`weights[${i}]`, 'must be an array of weights');
      reported++;
      continue;
    }
    if (mOk && row.length !== p.neurons) {
      err(`weights[${i}]`, `has ${row.length} weights, the layer has ${p.neurons} neurons`);
      reported++;
      continue;
    }
    for (let j = 0; j < row.length && reported < 4; j++) {
      const w = row[j];
      if (!isInt(w)) {
        err(`weights[${i}][${j}]`, `must be an integer, got ${String(w)}`);
        reported++;
      } else if (w < lo || w > hi) {
        err(`weights[${i}][${j}]`, `${w} does not fit weightWidth ${p.weightWidth} (signed, ${lo}..${hi})`);
        reported++;
      }
    }
  }
  return errs;
}

export function validateDenseLayerParams(p: DenseLayerParams): string[] {
  const errs: string[] = [];
  if (!isPositiveInt(p.inputs, MAX_INPUTS)) errs.push(`inputs: must be an integer between 1 and ${MAX_INPUTS}, got ${String(p.inputs)}`);
  return errs.concat(validateDenseLayerSpec(p, p.inputs));
}

export function validateDenseNetworkParams(p: DenseNetworkParams): string[] {
  const errs: string[] = [];
  if (!isPositiveInt(p.inputs, MAX_INPUTS)) errs.push(`inputs: must be an integer between 1 and ${MAX_INPUTS}, got ${String(p.inputs)}`);
  if (!isPositiveInt(p.countWidth, 32)) errs.push(`countWidth: must be an integer between 1 and 32, got ${String(p.countWidth)}`);
  if (!Array.isArray(p.layers) || p.layers.length === 0) {
    errs.push('layers: must list at least one layer');
    return errs;
  }
  let inputs = p.inputs;
  p.layers.forEach((l, k) => {
    if (!l || typeof l !== 'object') {
      errs.push(`layers[${k}]: must be a layer spec`);
      return;
    }
    errs.push(...validateDenseLayerSpec(l, inputs, `layers[${k}].`));
    inputs = l.neurons;
  });
  return errs;
}

/** The layer parameters of layer k of a network. */
export function networkLayer(p: DenseNetworkParams, k: number): DenseLayerParams {
  const l = p.layers[k]!;
  return { inputs: k === 0 ? p.inputs : p.layers[k - 1]!.neurons, neurons: l.neurons, weightWidth: l.weightWidth, weights: l.weights, neuron: l.neuron, neuronsPerWord: l.neuronsPerWord };
}
