// Activity LEDs: a one-cycle pulse lights its LED for a visible time (the
// stretch restarts on every pulse), and a heartbeat blinks while the clock runs.
//
// Visible times are millions of clocks. Counting them in one wide counter
// puts a long carry chain and a wide compare in front of its own flops, and
// on a slow device that was the critical path of the whole board top (the
// 21-bit count-down of a 50 ms stretch at 24 MHz: 33 logic levels, 38 ns, on
// the UP5K). So a shared prescaler makes a registered strobe every 2^k clocks
// and the LED counters count strobes, in at most LED_COUNTER_BITS bits; the
// times are then whole numbers of strobe periods (k = 13 at 24 MHz: 0.34 ms).
import { Bool, UInt, type Signal } from '../../hdl/index.ts';
import type { ClockDomain } from './domain.ts';

/** Bits of the counter that holds 0..n. */
function widthFor(n: number): number {
  let w = 1;
  while (2 ** w <= n) w++;
  return w;
}

/** Widest LED counter; longer times are counted in prescaler strobes. */
export const LED_COUNTER_BITS = 8;

/** The shared time base of the LEDs: one strobe every `period` clocks (a power of two). */
export interface LedTimeBase {
  /** High for one cycle every `period` clocks (constant 1 when period is 1). */
  strobe: Signal;
  period: number;
}

/** A time base for counting up to `shortest` clocks (the shortest time to count) in LED_COUNTER_BITS bits. */
export function ledTimeBase(d: ClockDomain, name: string, shortest: number): LedTimeBase {
  const bits = Math.max(0, widthFor(Math.max(1, Math.round(shortest))) - LED_COUNTER_BITS);
  if (bits === 0) return { strobe: d.m.constantSignal(1n, Bool()), period: 1 };
  const count = d.reg(`${name}_count`, UInt(bits), { reset: 0, init: 0 });
  const strobe = d.reg(`${name}_strobe`, Bool(), { reset: 0, init: 0 });
  count.set(count.addWrap(1));
  // Registered: the strobe's fan-out to every LED counter starts at a flop.
  strobe.set(count.andR());
  return { strobe, period: 2 ** bits };
}

/**
 * High for about `cycles` clocks after each pulse (to within one strobe
 * period), from the cycle after the pulse: the pulse is registered first, so
 * whatever logic makes it (the bridge's error checks) ends at a flop.
 */
export function stretchPulse(d: ClockDomain, name: string, pulse: Signal, cycles: number, base: LedTimeBase): Signal {
  const n = Math.max(1, Math.round(cycles / base.period));
  const seen = d.reg(`${name}_pulse`, Bool(), { reset: 0, init: 0 });
  seen.set(pulse);
  const count = d.reg(`${name}_count`, UInt(widthFor(n)), { reset: 0, init: 0 });
  // lit is always (count != 0), kept in a flop of its own: no wide compare behind the counter.
  const lit = d.reg(name, Bool(), { reset: 0, init: 0 });
  d.m.when(seen, () => {
    count.set(n);
    lit.set(1);
  }).elseWhen(base.strobe.and(lit), () => {
    count.set(count.subWrap(1));
    d.m.when(count.eq(1), () => lit.set(0));
  });
  return lit;
}

/** Toggles every `halfPeriod` clocks (to within one strobe period). */
export function heartbeat(d: ClockDomain, name: string, halfPeriod: number, base: LedTimeBase): Signal {
  const n = Math.max(1, Math.round(halfPeriod / base.period));
  const count = d.reg(`${name}_count`, UInt(widthFor(n)), { reset: 0, init: 0 });
  const level = d.reg(name, Bool(), { reset: 0, init: 0 });
  const wrap = count.eq(n - 1);
  d.m.when(base.strobe, () => {
    count.set(wrap.select(count.lit(0, count.type), count.addWrap(1)));
    d.m.when(wrap, () => level.set(level.not()));
  });
  return level;
}
