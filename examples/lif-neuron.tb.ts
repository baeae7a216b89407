// Co-simulation testbench of the LIF neuron (examples/lif-neuron.ts) against a
// golden model written from the equations in its documentation:
//
//   on every step: v' = sat(v - floor(v / 2^leakShift) + current);
//   a spike when v' >= threshold, and then the membrane resets to 0.
//
// Run it with: spikeforge sim examples/lif-neuron.tb.ts [--backend all] [--vcd lif.vcd] [--wave lif.svg]
import { testbench, type GoldenModel, type SignalValues } from '../testbenches/cosim/index.ts';
import { LifNeuron, type LifParams } from './lif-neuron.ts';

export const params: LifParams = { width: 16, leakShift: 3, threshold: 900 };

/** The neuron's cycle behaviour in plain integer arithmetic. */
export class LifModel implements GoldenModel {
  private v = 0;
  private readonly lo: number;
  private readonly hi: number;

  constructor(private readonly p: LifParams = params) {
    this.lo = -(2 ** (p.width - 1));
    this.hi = 2 ** (p.width - 1) - 1;
  }

  reset(): void {
    this.v = 0;
  }

  /** v - floor(v / 2^k) + current, saturated to the membrane width. */
  integrate(v: number, current: number): number {
    return Math.min(this.hi, Math.max(this.lo, v - Math.floor(v / 2 ** this.p.leakShift) + current));
  }

  step(inputs: SignalValues): { spike: boolean; membrane: number } {
    const step = inputs.step !== 0n;
    const current = Number(inputs.current);
    if (step) {
      const next = this.integrate(this.v, current);
      this.v = next >= this.p.threshold ? 0 : next;
    }
    // Outputs after the edge, with this cycle's inputs still applied: `membrane`
    // is the register; `spike` is combinational, so it already looks at the new
    // membrane (see docs/simulation.md, "Timing").
    return { membrane: this.v, spike: step && this.integrate(this.v, current) >= this.p.threshold };
  }
}

/** A small seeded generator, so every run sees the same stimulus. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0) / 2 ** 32;
  };
}

/** Mostly moderate currents with occasional large positive and negative ones (saturation), and pauses. */
export function lifStimulus(seed = 1): (cycle: number) => { step: number; current: number } {
  const rand = xorshift(seed);
  const table: { step: number; current: number }[] = [];
  return (cycle) => {
    while (table.length <= cycle) {
      const r = rand();
      const current = r < 0.05 ? 32767 : r < 0.1 ? -32768 : r < 0.2 ? -Math.floor(rand() * 400) : Math.floor(rand() * 300);
      table.push({ step: rand() < 0.9 ? 1 : 0, current });
    }
    return table[cycle]!;
  };
}

export const tb = testbench({
  name: 'lif-neuron',
  design: LifNeuron,
  params: { ...params },
  model: () => new LifModel(params),
  stimulus: lifStimulus(1),
  cycles: 5000,
});
