// Activity probes of ip/core's NeurosynapticCore, from the hardware's own
// signals: stage 1 (`s1_valid`, with `s1_tick` telling a tick from an event)
// handles L neurons per cycle, L the width of `spike_mask`. An event's stage-1
// cycle makes L synaptic operations; neuron updates are stage-1 cycles of any
// transaction in event mode (tinyODIN, ODIN: leakOn 'timeRef') and of ticks
// only in step mode. The memories and their enables come from the IR.
import type { IrDesign } from '../../hdl/ir.ts';
import { memoryProbes, type ActivityProbes } from './activity-counter.ts';

export function coreProbes(design: IrDesign, mode: 'event' | 'step'): ActivityProbes {
  const top = design.modules.find((m) => m.name === design.top)!;
  const mask = top.nets.find((n) => n.name === 'spike_mask' && n.named);
  if (!mask) throw new Error(`${design.top} has no spike_mask net: not a NeurosynapticCore`);
  const L = mask.width;
  return {
    synapticOps: [{ signal: 's1_valid', unless: 's1_tick', per: L }],
    neuronUpdates: [mode === 'event' ? { signal: 's1_valid', per: L } : { signal: 's1_valid', when: 's1_tick', per: L }],
    memories: memoryProbes(design),
  };
}
