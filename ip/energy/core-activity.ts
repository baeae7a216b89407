// Activity of the neurosynaptic core (ip/core) derived from its specification
// (docs/ip/core.md) and the golden model's transactions, independently of the
// hardware's signals. Per transaction every lane makes a pass over its M = N/L
// addresses:
// - an event reads M state words and M weight words per lane (and, in
//   'magnitude' sign mode, the axon's sign once per pass address) and writes
//   M state words back; every neuron receives its weight: N synaptic
//   operations, which in event mode are full neuron updates as well (tinyODIN:
//   every event updates and may fire every neuron);
// - a tick reads and writes M state words per lane, reads no weights, and
//   updates every neuron (N neuron updates);
// - each pass address with a spike in any lane pushes one entry into the
//   spike FIFO (a write); the FIFO's head is an asynchronous read (not counted).
// Run-time weight loading (host writes into the weight banks) is not counted here.
import { coreGeometry, stateMemoryName, weightMemoryName, type CoreParams } from '../core/index.ts';
import { emptyActivity, type ActivityCounts, type MemoryActivity } from './activity.ts';

/** The core's memories as the spec lays them out (names as in the hardware). */
export function coreMemories(p: CoreParams): Pick<MemoryActivity, 'name' | 'depth' | 'width'>[] {
  const g = coreGeometry(p);
  const out: Pick<MemoryActivity, 'name' | 'depth' | 'width'>[] = [];
  for (let l = 0; l < p.lanes; l++) {
    out.push({ name: stateMemoryName(l), depth: g.perLane, width: g.state.width });
    out.push({ name: weightMemoryName(l), depth: g.weights.depth, width: g.weights.wordWidth });
  }
  if (p.signMode === 'magnitude') out.push({ name: 'axon_sign', depth: p.axons, width: 1 });
  out.push({ name: 'spike_fifo', depth: p.outputFifoDepth, width: p.lanes + g.indexWidth });
  return out;
}

/** Counts a CoreModel run: give it each transaction and the spikes the model returned for it. */
export class CoreActivityTally {
  private acc: ActivityCounts;
  private readonly mode: 'event' | 'step';

  constructor(readonly params: CoreParams) {
    this.mode = coreGeometry(params).mode;
    this.acc = emptyActivity(coreMemories(params));
  }

  private mem(name: string): MemoryActivity {
    return this.acc.memories.find((m) => m.name === name)!;
  }

  private pass(weights: boolean, spikes: readonly number[]): void {
    const { lanes, neurons } = this.params;
    const M = neurons / lanes;
    for (let l = 0; l < lanes; l++) {
      this.mem(stateMemoryName(l)).reads += M;
      this.mem(stateMemoryName(l)).writes += M;
      if (weights) this.mem(weightMemoryName(l)).reads += M;
    }
    if (weights && this.params.signMode === 'magnitude') this.mem('axon_sign').reads += M;
    this.mem('spike_fifo').writes += new Set(spikes.map((n) => Math.floor(n / lanes))).size;
  }

  /** A synaptic event and the spike addresses `CoreModel.event` returned. */
  event(spikes: readonly number[]): void {
    this.acc.synapticOps += this.params.neurons;
    if (this.mode === 'event') this.acc.neuronUpdates += this.params.neurons;
    this.pass(true, spikes);
  }

  /** A time step and the spike addresses `CoreModel.tick` returned. */
  tick(spikes: readonly number[]): void {
    this.acc.neuronUpdates += this.params.neurons;
    this.pass(false, spikes);
  }

  endInference(): void {
    this.acc.inferences++;
  }

  get counts(): ActivityCounts {
    return { ...this.acc, memories: this.acc.memories.map((m) => ({ ...m })) };
  }
}
