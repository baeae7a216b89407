// Streams transactions (events and ticks) into a NeurosynapticCore (ip/core)
// on any Simulator back end, through its valid/ready ports, with optional
// random gaps on the input and random back-pressure on the output, until the
// core is idle. Used by the core's tests and by bench/ip.
import type { CoreTransaction } from '../ip/core/index.ts';
import { floatStream } from './fuzz/rng.ts';
import type { Simulator } from './simulator.ts';

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
  const rng = opts.rng ?? floatStream(1);
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

