// Activity LEDs: a one-cycle pulse lights its LED for a visible time (the
// stretch restarts on every pulse), and a heartbeat blinks while the clock runs.
import { Bool, UInt, type Signal } from '../../hdl/index.ts';
import type { ClockDomain } from './domain.ts';

function widthFor(n: number): number {
  let w = 1;
  while (2 ** w <= n) w++;
  return w;
}

/** High for `cycles` clocks after each pulse (registered). */
export function stretchPulse(d: ClockDomain, name: string, pulse: Signal, cycles: number): Signal {
  const n = Math.max(1, Math.round(cycles));
  const count = d.reg(`${name}_count`, UInt(widthFor(n)), { reset: 0, init: 0 });
  d.m.when(pulse, () => count.set(n)).elseWhen(count.ne(0), () => count.set(count.subWrap(1)));
  return d.m.let(name, count.ne(0));
}

/** Toggles every `halfPeriod` clocks. */
export function heartbeat(d: ClockDomain, name: string, halfPeriod: number): Signal {
  const n = Math.max(1, Math.round(halfPeriod));
  const count = d.reg(`${name}_count`, UInt(widthFor(n)), { reset: 0, init: 0 });
  const level = d.reg(name, Bool(), { reset: 0, init: 0 });
  const wrap = count.eq(n - 1);
  count.set(wrap.select(count.lit(0, count.type), count.addWrap(1)));
  d.m.when(wrap, () => level.set(level.not()));
  return level;
}
