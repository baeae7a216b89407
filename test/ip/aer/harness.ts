// Drives the AER encoder, cycle by cycle, on the built-in simulator and on
// its golden model with the same spikes and back-pressure.
import { elaborate } from '../../../hdl/index.ts';
import { AerEncoder, AerEncoderModel, type AerEncoderCycleOut, type AerEncoderParams } from '../../../ip/aer/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';

export interface EncoderCycle {
  spikes: number[];
  ready: boolean;
}

export function vectorOf(lines: Iterable<number>): bigint {
  let x = 0n;
  for (const i of lines) x |= 1n << BigInt(i);
  return x;
}

/** The hardware's view of each cycle, shaped like the model's. */
export function runEncoderHardware(p: AerEncoderParams, cycles: readonly EncoderCycle[]): AerEncoderCycleOut[] {
  const sim = createBuiltinSimulator(elaborate(AerEncoder, p));
  try {
    sim.reset(1);
    return cycles.map((c) => {
      sim.poke('spikes', vectorOf(c.spikes));
      sim.poke('aer_ready', c.ready ? 1 : 0);
      const valid = sim.peek('aer_valid') === 1n;
      const addr = valid ? Number(sim.peek('aer_addr')) : 0;
      // `lost` is one bit; which lines lost a spike is read from the counters.
      const lost = sim.peek('lost') === 1n ? [-1] : [];
      sim.step(1);
      return { valid, addr, lost, transferred: valid && c.ready ? addr : null };
    });
  } finally {
    sim.close();
  }
}

export function runEncoderModel(p: AerEncoderParams, cycles: readonly EncoderCycle[]): AerEncoderCycleOut[] {
  const g = new AerEncoderModel(p);
  return cycles.map((c) => g.cycle(c));
}
