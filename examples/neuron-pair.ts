// Two levels of hierarchy: one parameterised neuron design instantiated twice
// with different parameters, plus a counter of output spikes.
import { Bool, design, SInt, UInt } from '../hdl/index.ts';
import { Counter } from './counter.ts';
import { LifNeuron } from './lif-neuron.ts';

export interface NeuronPairParams {
  /** Threshold of the fast neuron (the slow one has twice this). */
  threshold: number;
}

/** A fast and a slow LIF neuron on the same input; counts the spikes of the fast one. */
export const NeuronPair = design(
  'NeuronPair',
  { threshold: 500 } as NeuronPairParams,
  (m, p) => {
    const step = m.input('step', Bool());
    const current = m.input('current', SInt(16));
    const spikes = m.output('spikes', UInt(2));
    const fastCount = m.output('fast_count', UInt(8));

    const fast = m.instance('fast', LifNeuron, { threshold: p.threshold, leakShift: 3 });
    const slow = m.instance('slow', LifNeuron, { threshold: p.threshold * 2 });
    for (const n of [fast, slow]) {
      n.step.set(step);
      n.current.set(current);
    }
    const counter = m.instance('spike_counter', Counter, {});
    counter.en.set(fast.spike);
    counter.clear.set(0);
    spikes.set(slow.spike.cat(fast.spike));
    fastCount.set(counter.count);
    return { step, current, spikes, fastCount };
  },
  { doc: 'Two LIF neurons with different parameters and a spike counter.' },
);
