// Clock generation of the board top, behind one interface per device family:
// plan the system clock from the board oscillator (a PLL configuration, or
// none when the oscillator already runs at the requested frequency), then
// instantiate the vendor primitive. Only iCE40 instantiates a PLL today;
// other families name the primitive they need and stop.
import type { ModuleBuilder, Signal } from '../../hdl/index.ts';
import { defaultClock, type BoardDef, type DeviceFamily } from '../board.ts';
import { BoardError } from '../errors.ts';
import { computeIce40Pll, ice40PllParams, SB_PLL40_CORE, SB_PLL40_PAD, type Ice40PllConfig } from './ice40-pll.ts';

/** How the system clock is made. */
export type PllMode =
  /** A PLL when the requested frequency differs from the oscillator (the default). */
  | 'auto'
  /**
   * Never a PLL: the system runs on the oscillator. For simulation (a PLL is a
   * vendor black box no simulator runs), and for boards without a supported PLL.
   */
  | 'none';

/**
 * Which iCE40 primitive: SB_PLL40_CORE takes its reference from the fabric
 * (any clock pin); SB_PLL40_PAD from the PLL's own input pad. 'auto' (the
 * default) picks PAD when the board clock is on such a pad (there the pad's IO
 * and a CORE PLL would share one site, which nextpnr refuses), else CORE.
 */
export type Ice40PllPrimitive = 'auto' | 'core' | 'pad';

/**
 * Package pins that are an iCE40 PLL's dedicated input pad, by
 * '<device>/<package>' as the board definitions name them. Checked with
 * nextpnr-ice40: on the iCEBreaker (up5k/sg48) the 12 MHz clock on pin 35 can
 * only feed SB_PLL40_PAD; on the HX8K breakout (hx8k/ct256) the clock on J3
 * is not a PLL pad and feeds SB_PLL40_CORE.
 */
export const ICE40_PLL_PAD_PINS: Readonly<Record<string, readonly string[]>> = {
  'up5k/sg48': ['35'],
};

export interface ClockPlan {
  /** The board oscillator, MHz. */
  boardMHz: number;
  /** The frequency asked for, MHz. */
  requestedMHz: number;
  /** The frequency the system clock really has, MHz (the oscillator's, or the PLL's output). */
  systemMHz: number;
  /** The PLL configuration, or null when the oscillator clocks the system directly. */
  pll: { family: 'ice40'; primitive: 'SB_PLL40_CORE' | 'SB_PLL40_PAD'; config: Ice40PllConfig } | null;
}

/** The vendor primitive each family would need (documented; only iCE40 is instantiated). */
export const PLL_PRIMITIVES: Record<DeviceFamily, string> = {
  ice40: 'SB_PLL40_CORE / SB_PLL40_PAD',
  ecp5: 'EHXPLLL',
  xilinx7: 'MMCME2_BASE or PLLE2_BASE',
  zynq7: 'MMCME2_BASE or PLLE2_BASE',
  cyclonev: 'altera_pll',
};

export interface PlanClockOptions {
  mode?: PllMode;
  /** Accepted deviation of the PLL output from the request, percent (default 1). */
  tolerancePercent?: number;
  ice40Primitive?: Ice40PllPrimitive;
}

/** Decides how to make `requestedMHz` from the board's default oscillator. Throws a BoardError naming the frequency when it cannot. */
export function planClock(board: BoardDef, requestedMHz: number, opts: PlanClockOptions = {}): ClockPlan {
  const osc = defaultClock(board);
  const boardMHz = osc.frequencyMHz;
  const family = board.device.family;
  const plan: ClockPlan = { boardMHz, requestedMHz, systemMHz: boardMHz, pll: null };
  if (requestedMHz === boardMHz) return plan;
  if ((opts.mode ?? 'auto') === 'none') {
    throw new BoardError('pll-frequency', `${requestedMHz} MHz asked for with pll 'none': without a PLL the system runs at the ${boardMHz} MHz of the board oscillator`, [
      `ask for ${boardMHz} MHz, or let the wrapper add a PLL (pll: 'auto')`,
    ]);
  }
  if (family !== 'ice40') {
    throw new BoardError('pll-unsupported', `${requestedMHz} MHz needs a PLL, and the board wrapper instantiates PLLs for iCE40 only; ${family} needs ${PLL_PRIMITIVES[family]}`, [
      `build at the oscillator's ${boardMHz} MHz (pll: 'none' or freqMHz: ${boardMHz})`,
    ]);
  }
  const config = computeIce40Pll(boardMHz, requestedMHz, opts.tolerancePercent !== undefined ? { tolerancePercent: opts.tolerancePercent } : {});
  plan.systemMHz = config.achievedMHz;
  const onPad = (ICE40_PLL_PAD_PINS[`${board.device.device}/${board.device.package}`] ?? []).includes(osc.pin);
  const choice = opts.ice40Primitive ?? 'auto';
  const pad = choice === 'pad' || (choice === 'auto' && onPad);
  plan.pll = { family: 'ice40', primitive: pad ? 'SB_PLL40_PAD' : 'SB_PLL40_CORE', config };
  return plan;
}

/** The clock the system runs on, and a lock signal (constant 1 without a PLL). */
export interface SystemClock {
  clock: Signal;
  locked: Signal;
}

/** Instantiates the plan's PLL in `m` on the board clock `boardClock`; without one, the board clock is the system clock. */
export function instantiateClock(m: ModuleBuilder, boardClock: Signal, plan: ClockPlan): SystemClock {
  if (!plan.pll) return { clock: boardClock, locked: m.constantSignal(1n, boardClock.type) };
  const params = ice40PllParams(plan.pll.config);
  if (plan.pll.primitive === 'SB_PLL40_PAD') {
    const pll = m.instance('pll', SB_PLL40_PAD, params);
    pll.PACKAGEPIN.set(boardClock);
    pll.RESETB.set(1);
    pll.BYPASS.set(0);
    return { clock: m.let('sys_clk', pll.PLLOUTGLOBAL), locked: m.let('pll_locked', pll.LOCK) };
  }
  const pll = m.instance('pll', SB_PLL40_CORE, params);
  pll.REFERENCECLK.set(boardClock);
  pll.RESETB.set(1);
  pll.BYPASS.set(0);
  return { clock: m.let('sys_clk', pll.PLLOUTGLOBAL), locked: m.let('pll_locked', pll.LOCK) };
}
