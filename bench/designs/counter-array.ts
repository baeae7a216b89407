// Benchmark design (a): an array of counters, each with its own enable bit.
// Outputs fold every counter into a wrapping sum and an xor, so a run cannot
// skip any of them.
import { design, UInt, type Signal } from '../../hdl/index.ts';

export interface CounterArrayParams {
  counters: number;
  width: number;
  /** Added on every enabled cycle (the bench's one-line edit changes it). */
  increment: number;
}

export const CounterArray = design('CounterArray', { counters: 64, width: 32, increment: 1 } as CounterArrayParams, (m, p) => {
  const en = m.input('en', UInt(p.counters));
  const sum = m.output('sum', UInt(p.width));
  const mix = m.output('mix', UInt(p.width));
  let s: Signal | null = null;
  let x: Signal | null = null;
  for (let i = 0; i < p.counters; i++) {
    const c = m.reg(`c${i}`, UInt(p.width), { reset: 0 });
    m.when(en.bit(i), () => c.set(c.addWrap(p.increment)));
    s = s ? s.addWrap(c) : c;
    x = x ? x.xor(c) : c;
  }
  sum.set(s!);
  mix.set(x!);
  return { en, sum, mix };
});
