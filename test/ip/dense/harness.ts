// Drives a DenseLayer or DenseNetwork on a simulator: sends each step's input
// indices and step marker (with random idle gaps), applies random
// back-pressure to a layer's output stream, and records at every
// `spikes_valid` the spike vector and neuron state of each monitored layer.
import type { NeuronSpec } from '../../../ip/neuron/index.ts';
import type { Simulator } from '../../../testbenches/simulator.ts';
import type { Random } from '../../hdl/random.ts';

export interface StepStimulus {
  active: number[];
  timeRef?: boolean;
}

export interface ObservedStep {
  spikes: boolean[];
  v: bigint[];
  u?: bigint[];
  thr?: bigint[];
}

export interface StreamItem {
  step: boolean;
  index: number;
  timeRef: boolean;
}

export interface MonitoredLayer {
  /** Hierarchical prefix of the layer's signals: '' for a DenseLayer top, 'layer0.' in a network. */
  prefix: string;
  neurons: number;
  spec: NeuronSpec;
}

export interface DriveOptions {
  rng: Random;
  /** Chance of an idle cycle before each input item. */
  gapRate: number;
  /** DenseLayer top only: chance that out_ready is high in a cycle (the output stream is recorded). */
  outReadyRate?: number;
  layers: MonitoredLayer[];
}

export interface DriveResult {
  observed: ObservedStep[][];
  stream: StreamItem[];
  cycles: number;
}

export function driveDense(sim: Simulator, stimuli: readonly StepStimulus[], o: DriveOptions): DriveResult {
  const observed: ObservedStep[][] = o.layers.map(() => []);
  const stream: StreamItem[] = [];
  const start = sim.cycle;
  const tick = (): void => {
    if (o.outReadyRate !== undefined) {
      const ready = o.rng.next() < o.outReadyRate;
      sim.poke('out_ready', ready ? 1 : 0);
      if (ready && sim.peek('out_valid') === 1n) {
        stream.push({ step: sim.peek('out_step') === 1n, index: Number(sim.peek('out_index')), timeRef: sim.peek('out_time_ref') === 1n });
      }
    }
    o.layers.forEach((l, k) => {
      if (sim.peek(`${l.prefix}spikes_valid`) !== 1n) return;
      const vec = sim.peek(`${l.prefix}spikes`);
      const read = (name: string): bigint[] => Array.from({ length: l.neurons }, (_, j) => sim.peek(`${l.prefix}n${j}_${name}`));
      const s: ObservedStep = { spikes: Array.from({ length: l.neurons }, (_, j) => ((vec >> BigInt(j)) & 1n) === 1n), v: read('v') };
      if (l.spec.kind === 'cuba') s.u = read('u');
      if (l.spec.kind === 'alif') s.thr = read('thr');
      observed[k]!.push(s);
    });
    sim.step(1);
  };
  const send = (step: boolean, index: number, timeRef: boolean): void => {
    while (o.rng.next() < o.gapRate) tick();
    sim.poke('in_valid', 1);
    sim.poke('in_step', step ? 1 : 0);
    sim.poke('in_index', index);
    sim.poke('in_time_ref', timeRef ? 1 : 0);
    for (let guard = 0; sim.peek('in_ready') !== 1n; guard++) {
      if (guard > 100_000) throw new Error('in_ready never rose');
      tick();
    }
    tick();
    sim.poke('in_valid', 0);
  };
  for (const s of stimuli) {
    for (const i of s.active) send(false, i, false);
    send(true, 0, s.timeRef === true);
  }
  for (let guard = 0; observed.some((x) => x.length < stimuli.length); guard++) {
    if (guard > 100_000) throw new Error('the last steps never completed');
    tick();
  }
  if (o.outReadyRate !== undefined) {
    // Let the output stream finish its last step.
    for (let guard = 0; stream.filter((x) => x.step).length < stimuli.length; guard++) {
      if (guard > 100_000) throw new Error('the output stream never finished');
      tick();
    }
  }
  return { observed, stream, cycles: sim.cycle - start };
}

/** Splits a stream into the index lists of each step, and the time-reference flag of each marker. */
export function streamSteps(stream: readonly StreamItem[]): { indices: number[]; timeRef: boolean }[] {
  const out: { indices: number[]; timeRef: boolean }[] = [];
  let cur: number[] = [];
  for (const x of stream) {
    if (x.step) {
      out.push({ indices: cur, timeRef: x.timeRef });
      cur = [];
    } else cur.push(x.index);
  }
  return out;
}

/** Random weights of `width` bits, leaning positive so that neurons fire. */
export function randomWeights(rng: Random, inputs: number, neurons: number, width: number): number[][] {
  const hi = 2 ** (width - 1) - 1;
  const lo = -(2 ** (width - 1));
  return Array.from({ length: inputs }, () => Array.from({ length: neurons }, () => rng.int(Math.max(lo, Math.floor(lo / 2)), hi)));
}

export function randomActive(rng: Random, inputs: number, rate: number): number[] {
  return Array.from({ length: inputs }, (_, i) => i).filter(() => rng.next() < rate);
}
