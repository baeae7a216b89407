// Shared helpers for the neuron tests: run a sequence of steps on the golden
// model and on the hardware `Neuron` in the built-in simulator, step by step.
import { elaborate } from '../../../hdl/index.ts';
import { Neuron, NeuronModel, type NeuronSpec } from '../../../ip/neuron/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';

export interface StepIn {
  /** Weighted input sum of the step. */
  x: number | bigint;
  /** Time reference (specs with leakOn 'timeRef'). */
  t?: boolean;
  /** Apply an update this cycle (default true); a cycle without one must hold the state. */
  step?: boolean;
}

export interface StepOut {
  spike: boolean;
  v: bigint;
  u?: bigint;
  thr?: bigint;
}

/** Runs the golden model; cycles with step false repeat the previous state and never spike. */
export function runGolden(spec: NeuronSpec, steps: readonly StepIn[]): StepOut[] {
  const g = new NeuronModel(spec);
  let last: StepOut = { spike: false, v: 0n, ...(spec.kind === 'cuba' ? { u: 0n } : {}), ...(spec.kind === 'alif' ? { thr: BigInt(spec.threshold) } : {}) };
  return steps.map((s) => {
    if (s.step === false) {
      last = { ...last, spike: false };
      return last;
    }
    last = g.step(BigInt(s.x), { timeRef: s.t === true });
    return last;
  });
}

/** Runs the hardware design: pokes each step, reads the combinational spike, clocks, reads the state. */
export function runHardware(spec: NeuronSpec, steps: readonly StepIn[]): StepOut[] {
  const sim = createBuiltinSimulator(elaborate(Neuron, spec));
  try {
    sim.reset(1);
    return steps.map((s) => {
      sim.poke('step', s.step === false ? 0 : 1);
      sim.poke('input', BigInt(s.x));
      if (spec.leakOn === 'timeRef') sim.poke('time_ref', s.t ? 1 : 0);
      const spike = sim.peek('spike') === 1n;
      sim.step(1);
      const out: StepOut = { spike, v: sim.peek('v') };
      if (spec.kind === 'cuba') out.u = sim.peek('u');
      if (spec.kind === 'alif') out.thr = sim.peek('thr');
      return out;
    });
  } finally {
    sim.close();
  }
}

/** Readable text of one step's result, for failure messages. */
export function show(o: StepOut): string {
  return `spike=${o.spike ? 1 : 0} v=${o.v}${o.u !== undefined ? ` u=${o.u}` : ''}${o.thr !== undefined ? ` thr=${o.thr}` : ''}`;
}
