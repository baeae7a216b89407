// Shared helpers for the core tests: seeded random weights and transactions,
// the stream driver (testbenches/core-stream.ts), golden spikes and states.
import { elaborate } from '../../../hdl/index.ts';
import { CoreModel, coreGeometry, neuronHome, NeurosynapticCore, stateMemoryName, unpackState, type CoreNeuronState, type CoreParams, type CoreTransaction, type WeightWordWrite } from '../../../ip/core/index.ts';
import { storedWeightRange, type SignMode } from '../../../ip/synapse/index.ts';
import type { Simulator } from '../../../testbenches/simulator.ts';
import { floatStream, randomInt } from '../../../testbenches/fuzz/rng.ts';
import { driveCore, type DriveOptions } from '../../../testbenches/core-stream.ts';

export { floatStream, randomInt } from '../../../testbenches/fuzz/rng.ts';
export { driveCore, type DriveOptions, type DriveResult } from '../../../testbenches/core-stream.ts';

export function randomWeights(rng: () => number, axons: number, neurons: number, width: number, mode: SignMode): number[][] {
  const [lo, hi] = storedWeightRange(width, mode);
  return Array.from({ length: axons }, () => Array.from({ length: neurons }, () => randomInt(rng, lo, hi)));
}

/** `count` transactions: a tick with probability `tickProb`, else an event on a random axon. */
export function randomTransactions(rng: () => number, count: number, axons: number, tickProb: number): CoreTransaction[] {
  return Array.from({ length: count }, (): CoreTransaction => (rng() < tickProb ? { kind: 'tick' } : { kind: 'event', axon: randomInt(rng, 0, axons - 1) }));
}

/** One transaction at a time: each is driven, then the core runs until it is idle; the spikes of each, in order. */
export function driveIsolated(sim: Simulator, txs: readonly CoreTransaction[], opts: DriveOptions = {}): number[][] {
  return txs.map((t) => driveCore(sim, [t], opts).spikes);
}

/** Runs the golden model: the spikes of each transaction. */
export function goldenSpikes(model: CoreModel, txs: readonly CoreTransaction[]): number[][] {
  return txs.map((t) => model.apply(t));
}

/** Every neuron's state as the hardware state memories hold it. */
export function hardwareStates(sim: Simulator, p: CoreParams): CoreNeuronState[] {
  const g = coreGeometry(p);
  return Array.from({ length: p.neurons }, (_, n) => {
    const h = neuronHome(p, n);
    return unpackState(g.state, sim.readMemory(stateMemoryName(h.lane), h.address));
  });
}

export function showState(s: CoreNeuronState): string {
  return Object.entries(s)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/**
 * Compares a streamed run with the golden model transaction by transaction:
 * the hardware's output stream is cut into the golden per-transaction counts,
 * and the first transaction that differs is described.
 */
export function firstMismatch(golden: number[][], hw: number[]): string | null {
  let at = 0;
  for (let k = 0; k < golden.length; k++) {
    const want = golden[k]!;
    const got = hw.slice(at, at + want.length);
    if (got.length !== want.length || got.some((x, j) => x !== want[j])) {
      return `transaction ${k}: golden [${want.join(',')}], hardware [${got.join(',')}]`;
    }
    at += want.length;
  }
  if (at !== hw.length) return `hardware sent ${hw.length - at} extra spikes: [${hw.slice(at, at + 10).join(',')}...]`;
  return null;
}

export function elaborateCore(p: CoreParams) {
  return elaborate(NeurosynapticCore, p);
}

/** Writes words through the `wload` port of a core with `weightLoad: 'runtime'`, one per cycle (in_valid held low). */
export function loadWeightWords(sim: Simulator, writes: readonly WeightWordWrite[]): void {
  sim.poke('in_valid', 0);
  sim.poke('out_ready', 1);
  for (const w of writes) {
    sim.poke('wload_valid', 1);
    sim.poke('wload_addr', w.addr);
    sim.poke('wload_data', w.data);
    sim.step(1);
  }
  sim.poke('wload_valid', 0);
}
