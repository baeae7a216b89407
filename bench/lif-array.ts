// A synthetic benchmark design: N parallel 16-bit LIF neurons in one module,
// each with its own threshold, sharing the input current and step.
import { Bool, design, SInt, UInt, type Signal } from '../hdl/index.ts';

export const LifArray = design('LifArray', { neurons: 256 }, (m, p) => {
  const step = m.input('step', Bool());
  const current = m.input('current', SInt(16));
  const spikes = m.output('spikes', UInt(p.neurons));
  const fired: Signal[] = [];
  for (let i = 0; i < p.neurons; i++) {
    const v = m.reg(`v${i}`, SInt(16), { reset: 0 });
    const next = v.subWrap(v.shr(4)).addSat(current);
    const fire = step.and(next.ge(1000 + (i % 512)));
    m.when(step, () => v.set(fire.select(0, next)));
    fired.push(fire);
  }
  // Spike i in bit i.
  spikes.set(fired.length === 1 ? fired[0]! : fired[fired.length - 1]!.cat(...fired.slice(0, -1).reverse()));
  return { step, current, spikes };
});
