// The reset of the board top. The raw reset (the board's button, or nothing)
// goes through a two-flop synchroniser with asynchronous assertion and
// synchronous release; a power-on counter then holds the system in reset for
// a fixed number of cycles after configuration, after every button press,
// and while the PLL is not locked. The result is a registered, synchronous,
// active-high reset for the core and the bridge.
import { Bool, UInt, type ModuleBuilder, type Signal } from '../../hdl/index.ts';

/** Bits of a counter that reaches `n`. */
function widthFor(n: number): number {
  let w = 1;
  while (2 ** w <= n) w++;
  return w;
}

/**
 * Builds the reset logic in `m` on `clock`. `m.reset` is the raw reset input
 * (asynchronous, active high: the board shim inverts an active-low button).
 * Returns `rst_sys`, high from power-up until `cycles` clocks after the raw
 * reset is released and the PLL is locked.
 */
export function buildSystemReset(m: ModuleBuilder, clock: Signal, locked: Signal, cycles: number): Signal {
  // Asynchronous assertion, synchronous release: the reset leaves on a clock edge, two flops after the button.
  const meta = m.reg('rst_meta', Bool(), { reset: 1, init: 1, clock, asyncReset: true });
  const sync = m.reg('rst_sync', Bool(), { reset: 1, init: 1, clock, asyncReset: true });
  meta.set(0);
  sync.set(meta);
  const w = widthFor(cycles);
  const count = m.reg('por_count', UInt(w), { init: 0, clock });
  const done = m.let('por_done', count.eq(cycles));
  m.when(sync.or(locked.not()), () => count.set(0)).elseWhen(done.not(), () => count.set(count.addWrap(1)));
  const rst = m.reg('rst_sys', Bool(), { init: 1, clock });
  rst.set(done.not());
  return rst;
}
