// A free-running counter with enable and synchronous clear.
import { Bool, design, UInt } from '../hdl/index.ts';

export interface CounterParams {
  /** Counter width in bits. */
  width: number;
}

/** Counts up by one on every enabled clock; wraps at 2^width. */
export const Counter = design(
  'Counter',
  { width: 8 } as CounterParams,
  (m, p) => {
    const en = m.input('en', Bool());
    const clear = m.input('clear', Bool());
    const count = m.output('count', UInt(p.width));
    const value = m.reg('value', UInt(p.width), { reset: 0 });
    m.when(clear, () => value.set(0)).elseWhen(en, () => value.set(value.addWrap(1)));
    count.set(value);
    return { en, clear, count };
  },
  { doc: 'Counts up by one on every enabled clock; wraps at 2^width.' },
);
