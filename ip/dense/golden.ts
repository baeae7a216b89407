// Golden models of the dense layer and network at time-step level, written
// from docs/ip/dense.md: per step, each input index received adds its weight
// row to the accumulators (saturating at the accumulator width, which N
// distinct inputs never reach), the sums are saturated to the neuron's input
// width, and every neuron takes one update (the neuron golden model of
// ip/neuron). Layer k+1 receives layer k's spikes of the same step, lowest
// index first.
import { NeuronModel } from '../neuron/index.ts';
import { assertNoParamErrors } from '../param-errors.ts';
import { accumulatorWidth, networkLayer, validateDenseLayerParams, validateDenseNetworkParams, type DenseLayerParams, type DenseNetworkParams } from './params.ts';

export interface DenseLayerStepResult {
  /** The step's weighted input sum per neuron, as the neuron receives it. */
  input: bigint[];
  spikes: boolean[];
  /** Membranes after the step. */
  v: bigint[];
  /** Currents after the step (neuron kind 'cuba'). */
  u?: bigint[];
  /** Thresholds after the step (neuron kind 'alif'). */
  thr?: bigint[];
}

function saturate(x: bigint, width: number): bigint {
  const hi = (1n << BigInt(width - 1)) - 1n;
  const lo = -(1n << BigInt(width - 1));
  return x > hi ? hi : x < lo ? lo : x;
}

export class DenseLayerModel {
  readonly params: DenseLayerParams;
  readonly neurons: NeuronModel[];

  constructor(params: DenseLayerParams) {
    assertNoParamErrors('DenseLayer', validateDenseLayerParams(params));
    this.params = params;
    this.neurons = Array.from({ length: params.neurons }, () => new NeuronModel(params.neuron));
  }

  /** Back to the power-up state (the weights are constant). */
  reset(): void {
    for (const n of this.neurons) n.reset();
  }

  /**
   * One time step. `active` lists the input indices received in the step, in
   * arrival order (an index listed twice adds its row twice). With `timeRef`
   * the step is a time-reference step (specs with leakOn 'timeRef').
   */
  step(active: Iterable<number>, opts: { timeRef?: boolean } = {}): DenseLayerStepResult {
    const { inputs, neurons, weights, neuron } = this.params;
    const A = accumulatorWidth(this.params);
    const acc = new Array<bigint>(neurons).fill(0n);
    for (const i of active) {
      if (!Number.isInteger(i) || i < 0 || i >= inputs) throw new RangeError(`input index ${i}: the layer has inputs 0..${inputs - 1}`);
      const row = weights[i]!;
      for (let j = 0; j < neurons; j++) acc[j] = saturate(acc[j]! + BigInt(row[j]!), A);
    }
    const input = acc.map((a) => saturate(a, neuron.inputWidth));
    const rs = this.neurons.map((n, j) => n.step(input[j]!, { timeRef: opts.timeRef === true }));
    const out: DenseLayerStepResult = { input, spikes: rs.map((r) => r.spike), v: rs.map((r) => r.v) };
    if (neuron.kind === 'cuba') out.u = rs.map((r) => r.u!);
    if (neuron.kind === 'alif') out.thr = rs.map((r) => r.thr!);
    return out;
  }
}

export interface DenseNetworkStepResult {
  /** Each layer's step, first layer first. */
  layers: DenseLayerStepResult[];
  /** The last layer's spikes. */
  spikes: boolean[];
  /** The output counters after the step. */
  counts: number[];
}

export class DenseNetworkModel {
  readonly params: DenseNetworkParams;
  readonly layers: DenseLayerModel[];
  private readonly counters: number[];

  constructor(params: DenseNetworkParams) {
    assertNoParamErrors('DenseNetwork', validateDenseNetworkParams(params));
    this.params = params;
    this.layers = params.layers.map((_, k) => new DenseLayerModel(networkLayer(params, k)));
    this.counters = new Array<number>(params.layers[params.layers.length - 1]!.neurons).fill(0);
  }

  reset(): void {
    for (const l of this.layers) l.reset();
    this.counters.fill(0);
  }

  /** Spike counts of the last layer's neurons (one per class), saturating at 2^countWidth - 1. */
  get counts(): number[] {
    return this.counters.slice();
  }

  /** The class with the most output spikes; the lowest index among equals. */
  winner(): number {
    let best = 0;
    for (let j = 1; j < this.counters.length; j++) if (this.counters[j]! > this.counters[best]!) best = j;
    return best;
  }

  step(active: Iterable<number>, opts: { timeRef?: boolean } = {}): DenseNetworkStepResult {
    const results: DenseLayerStepResult[] = [];
    let inputs: Iterable<number> = active;
    for (const l of this.layers) {
      const r = l.step(inputs, opts);
      results.push(r);
      inputs = r.spikes.flatMap((s, j) => (s ? [j] : []));
    }
    const last = results[results.length - 1]!;
    const max = 2 ** this.params.countWidth - 1;
    last.spikes.forEach((s, j) => {
      if (s && this.counters[j]! < max) this.counters[j]! += 1;
    });
    return { layers: results, spikes: last.spikes, counts: this.counts };
  }
}

/**
 * Cycles from the first input index of a step to `spikes_valid` of the last
 * layer, when the network is idle at the start, the indices arrive on
 * consecutive cycles followed by the step marker: E + 2 + sum over all
 * layers but the last of (spikes of that layer + 2).
 */
export function denseStepLatency(inputEvents: number, spikesPerHiddenLayer: readonly number[]): number {
  return inputEvents + 2 + spikesPerHiddenLayer.reduce((s, k) => s + k + 2, 0);
}
