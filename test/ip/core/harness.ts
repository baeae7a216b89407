// Shared helpers for the core tests: seeded random streams, and a driver that
// streams transactions into the hardware core on any Simulator back end,
// with random gaps on the input and random back-pressure on the output.
import { elaborate } from '../../../hdl/index.ts';
import { CoreModel, coreGeometry, neuronHome, NeurosynapticCore, stateMemoryName, unpackState, type CoreNeuronState, type CoreParams, type CoreTransaction, type WeightWordWrite } from '../../../ip/core/index.ts';
import { storedWeightRange, type SignMode } from '../../../ip/synapse/index.ts';
import type { Simulator } from '../../../testbenches/simulator.ts';
import { Rng } from '../../../testbenches/fuzz/rng.ts';

/** A seeded stream of uniform numbers in [0, 1) (mulberry32, testbenches/fuzz/rng.ts). */
export function makeRng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.float();
}

export function randomInt(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function randomWeights(rng: () => number, axons: number, neurons: number, width: number, mode: SignMode): number[][] {
  const [lo, hi] = storedWeightRange(width, mode);
  return Array.from({ length: axons }, () => Array.from({ length: neurons }, () => randomInt(rng, lo, hi)));
}

/** `count` transactions: a tick with probability `tickProb`, else an event on a random axon. */
export function randomTransactions(rng: () => number, count: number, axons: number, tickProb: number): CoreTransaction[] {
  return Array.from({ length: count }, (): CoreTransaction => (rng() < tickProb ? { kind: 'tick' } : { kind: 'event', axon: randomInt(rng, 0, axons - 1) }));
}

export interface DriveOptions {
  /** Probability that out_ready is high in a cycle (default 1). */
  readyProb?: number;
  /** Probability that the next transaction is offered in a cycle (default 1: no gaps). */
  validProb?: number;
  rng?: () => number;
  /** Safety stop (a hang is a failure, not an endless loop). */
  maxCycles?: number;
  /** Peek the internal `active` and `fifo_room` signals to count issue stalls. */
  watchIssue?: boolean;
}

export interface DriveResult {
  /** Output addresses in the order they left the core. */
  spikes: number[];
  /** Cycle (relative to the start) at which each transaction was accepted. */
  accepted: number[];
  /** Cycles until every transaction was processed and every spike delivered. */
  cycles: number;
  /** Cycles in which a spike was offered and the receiver was not ready. */
  refused: number;
  /** Cycles in which a pass was active but could not issue because the spike FIFO was full (peeked when `watchIssue`). */
  issueStalls: number;
}

export function driveCore(sim: Simulator, txs: readonly CoreTransaction[], opts: DriveOptions = {}): DriveResult {
  const rng = opts.rng ?? makeRng(1);
  const readyProb = opts.readyProb ?? 1;
  const validProb = opts.validProb ?? 1;
  const maxCycles = opts.maxCycles ?? 1_000_000;
  const spikes: number[] = [];
  const accepted: number[] = [];
  let i = 0;
  let cycles = 0;
  let refused = 0;
  let issueStalls = 0;
  let busy = sim.peek('busy') === 1n;
  while (i < txs.length || busy) {
    if (cycles >= maxCycles) throw new Error(`core did not finish within ${maxCycles} cycles (${i}/${txs.length} accepted)`);
    const offer = i < txs.length && (validProb >= 1 || rng() < validProb);
    sim.poke('in_valid', offer ? 1 : 0);
    if (offer) {
      const t = txs[i]!;
      sim.poke('in_tick', t.kind === 'tick' ? 1 : 0);
      sim.poke('in_axon', t.kind === 'event' ? t.axon : 0);
    }
    const ready = readyProb >= 1 || rng() < readyProb;
    sim.poke('out_ready', ready ? 1 : 0);
    if (sim.peek('out_valid') === 1n) {
      if (ready) spikes.push(Number(sim.peek('out_addr')));
      else refused++;
    }
    if (opts.watchIssue && sim.peek('active') === 1n && sim.peek('fifo_room') === 0n) issueStalls++;
    if (offer && sim.peek('in_ready') === 1n) {
      accepted.push(cycles);
      i++;
    }
    sim.step(1);
    cycles++;
    busy = sim.peek('busy') === 1n;
  }
  sim.poke('in_valid', 0);
  return { spikes, accepted, cycles, refused, issueStalls };
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
