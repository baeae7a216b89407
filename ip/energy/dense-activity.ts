// Activity of a DenseNetwork (ip/dense) derived from its specification and
// the golden model's steps, independently of the hardware's signals:
// - a spike into layer k (an input index for layer 0, a fired neuron of layer
//   k-1 otherwise) reads one word of each of the layer's weight memories and
//   accumulates M_k weights: M_k synaptic operations;
// - every time step updates every neuron of every layer once.
// The weight memories are those of docs/ip/dense.md: layer k has ceil(M / k)
// memories `layer<k>.weights_<b>` of N words of (neurons in bank b) × W bits.
// Neuron state lives in registers, not memories; the output spike counters'
// increments are not counted (at most T × classes adds per image).
import { networkLayer, wordNeurons, type DenseNetworkParams, type DenseNetworkStepResult } from '../dense/index.ts';
import { emptyActivity, type ActivityCounts, type MemoryActivity } from './activity.ts';

/** The weight memories of each layer, as the spec lays them out (names as in the hardware). */
export function denseNetworkMemories(p: DenseNetworkParams): Pick<MemoryActivity, 'name' | 'depth' | 'width'>[][] {
  return p.layers.map((_, k) => {
    const lp = networkLayer(p, k);
    const per = wordNeurons(lp);
    const banks: Pick<MemoryActivity, 'name' | 'depth' | 'width'>[] = [];
    for (let first = 0, b = 0; first < lp.neurons; first += per, b++) {
      banks.push({ name: `layer${k}.weights_${b}`, depth: lp.inputs, width: Math.min(per, lp.neurons - first) * lp.weightWidth });
    }
    return banks;
  });
}

/** Counts a DenseNetworkModel run step by step: give it each step's input indices and the model's result. */
export class DenseActivityTally {
  private readonly banks: string[][];
  private acc: ActivityCounts;

  constructor(readonly params: DenseNetworkParams) {
    const mems = denseNetworkMemories(params);
    this.banks = mems.map((l) => l.map((m) => m.name));
    this.acc = emptyActivity(mems.flat());
  }

  /** One time step: `active` the input indices given to `DenseNetworkModel.step`, `result` what it returned. */
  step(active: ArrayLike<number>, result: DenseNetworkStepResult): void {
    const mem = new Map(this.acc.memories.map((m) => [m.name, m]));
    let into = active.length;
    this.params.layers.forEach((l, k) => {
      this.acc.synapticOps += into * l.neurons;
      this.acc.neuronUpdates += l.neurons;
      for (const name of this.banks[k]!) mem.get(name)!.reads += into;
      into = result.layers[k]!.spikes.filter(Boolean).length;
    });
  }

  /** Marks the end of an inference (an image). */
  endInference(): void {
    this.acc.inferences++;
  }

  get counts(): ActivityCounts {
    return { ...this.acc, memories: this.acc.memories.map((m) => ({ ...m })) };
  }

  reset(): void {
    this.acc = emptyActivity(this.acc.memories);
  }
}

/**
 * The same counts from spike totals, e.g. a fast simulator's statistics:
 * `spikesInto[k]` spikes into layer k (input indices for layer 0) and `steps`
 * time steps, both summed over `inferences` runs.
 */
export function denseActivityFromTotals(p: DenseNetworkParams, spikesInto: readonly number[], steps: number, inferences: number): ActivityCounts {
  if (spikesInto.length !== p.layers.length) throw new RangeError(`spikesInto: ${spikesInto.length} entries for ${p.layers.length} layers`);
  const mems = denseNetworkMemories(p);
  const c = emptyActivity(mems.flat());
  const byName = new Map(c.memories.map((m) => [m.name, m]));
  p.layers.forEach((l, k) => {
    c.synapticOps += spikesInto[k]! * l.neurons;
    c.neuronUpdates += steps * l.neurons;
    for (const m of mems[k]!) byName.get(m.name)!.reads += spikesInto[k]!;
  });
  c.inferences = inferences;
  return c;
}
