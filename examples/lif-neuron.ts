// A leaky integrate-and-fire neuron: 16-bit signed membrane, shift leak,
// saturating integration, threshold compare and reset to zero.
import { Bool, design, SInt } from '../hdl/index.ts';

export interface LifParams {
  /** Membrane and input width in bits. */
  width: number;
  /** Leak shift k: each step the membrane loses v >>> k (floor). */
  leakShift: number;
  /** Firing threshold: a spike when the new membrane is >= threshold. */
  threshold: number;
}

/**
 * On every `step`: v' = sat(v - (v >>> leakShift) + current); spike when
 * v' >= threshold, and the membrane then resets to 0.
 */
export const LifNeuron = design(
  'LifNeuron',
  { width: 16, leakShift: 4, threshold: 1000 } as LifParams,
  (m, p) => {
    const step = m.input('step', Bool());
    const current = m.input('current', SInt(p.width));
    const spike = m.output('spike', Bool());
    const membrane = m.output('membrane', SInt(p.width));

    const v = m.reg('v', SInt(p.width), { reset: 0 });
    const leaked = v.subWrap(v.shr(p.leakShift));
    const integrated = m.let('integrated', leaked.addSat(current));
    const fire = m.let('fire', step.and(integrated.ge(p.threshold)));
    m.when(step, () => {
      v.set(integrated);
      m.when(fire, () => v.set(0));
    });
    spike.set(fire);
    membrane.set(v);
    return { step, current, spike, membrane };
  },
  { doc: 'Leaky integrate-and-fire neuron with shift leak, saturating integration and reset to zero.' },
);
