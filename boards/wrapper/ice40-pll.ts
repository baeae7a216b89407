// The iCE40 PLL (SB_PLL40_CORE / SB_PLL40_PAD, SIMPLE feedback): the divider
// search of icestorm's `icepll`, so a configuration chosen here is the one
// `icepll -i <in> -o <out>` prints, and the primitive as a black box.
//
//   f_PFD = f_in / (DIVR + 1)        10 .. 133 MHz
//   f_VCO = f_PFD * (DIVF + 1)       533 .. 1066 MHz   (SIMPLE feedback)
//   f_out = f_VCO / 2^DIVQ           DIVQ 1 .. 6
//
// Search order: DIVR 0..15, DIVF 0..127, DIVQ 1..6; a candidate replaces the
// best one only when strictly closer to the target, so ties keep the first.
// FILTER_RANGE follows from f_PFD (1: < 17, 2: < 26, 3: < 44, 4: < 66,
// 5: < 101, else 6 MHz), as icepll sets it.
import { Bool, primitive } from '../../hdl/index.ts';
import { BoardError } from '../errors.ts';

export const ICE40_PLL_LIMITS = {
  /** Reference (input) clock, MHz. */
  in: { min: 10, max: 133 },
  /** Phase detector frequency f_in / (DIVR + 1), MHz. */
  pfd: { min: 10, max: 133 },
  /** VCO frequency, MHz. */
  vco: { min: 533, max: 1066 },
  /** Output clock, MHz. */
  out: { min: 16, max: 275 },
} as const;

/** Default tolerance of the achieved output frequency, in percent of the request. */
export const DEFAULT_PLL_TOLERANCE_PERCENT = 1;

export interface Ice40PllConfig {
  divr: number;
  divf: number;
  divq: number;
  filterRange: number;
  /** The output frequency these dividers give, MHz. */
  achievedMHz: number;
  pfdMHz: number;
  vcoMHz: number;
  inMHz: number;
  requestedMHz: number;
}

export interface Ice40PllOptions {
  /** Largest accepted |achieved - requested| / requested, in percent (default 1). */
  tolerancePercent?: number;
}

/**
 * The iCE40 PLL dividers for `outMHz` from a `inMHz` reference, chosen as
 * icepll chooses them (SIMPLE feedback). Throws a BoardError naming the
 * frequency when the input or output is outside the PLL's range, or when the
 * closest achievable output is further than the tolerance from the request.
 */
export function computeIce40Pll(inMHz: number, outMHz: number, opts: Ice40PllOptions = {}): Ice40PllConfig {
  const L = ICE40_PLL_LIMITS;
  const tol = opts.tolerancePercent ?? DEFAULT_PLL_TOLERANCE_PERCENT;
  if (!(inMHz >= L.in.min && inMHz <= L.in.max)) {
    throw new BoardError('pll-frequency', `the iCE40 PLL cannot take a ${inMHz} MHz reference clock: its input range is ${L.in.min} to ${L.in.max} MHz`);
  }
  if (!(outMHz >= L.out.min && outMHz <= L.out.max)) {
    throw new BoardError('pll-frequency', `the iCE40 PLL cannot make ${outMHz} MHz: its output range is ${L.out.min} to ${L.out.max} MHz`, [
      `from ${inMHz} MHz, run at ${inMHz} MHz without a PLL, or pick an output between ${L.out.min} and ${L.out.max} MHz`,
    ]);
  }
  let best: { divr: number; divf: number; divq: number; fout: number } | null = null;
  for (let divr = 0; divr <= 15; divr++) {
    const pfd = inMHz / (divr + 1);
    if (pfd < L.pfd.min || pfd > L.pfd.max) continue;
    for (let divf = 0; divf <= 127; divf++) {
      const vco = pfd * (divf + 1);
      if (vco < L.vco.min || vco > L.vco.max) continue;
      for (let divq = 1; divq <= 6; divq++) {
        const fout = vco * 2 ** -divq;
        if (best === null || Math.abs(fout - outMHz) < Math.abs(best.fout - outMHz)) best = { divr, divf, divq, fout };
      }
    }
  }
  if (best === null) throw new BoardError('pll-frequency', `the iCE40 PLL has no configuration at all from a ${inMHz} MHz reference`);
  const pfdMHz = inMHz / (best.divr + 1);
  const errPercent = (Math.abs(best.fout - outMHz) / outMHz) * 100;
  if (errPercent > tol) {
    throw new BoardError('pll-frequency', `the iCE40 PLL cannot make ${outMHz} MHz from ${inMHz} MHz within ${tol} %: the closest is ${best.fout.toFixed(3)} MHz (${errPercent.toFixed(2)} % off)`, [
      `ask for ${best.fout.toFixed(3)} MHz, or raise the tolerance`,
    ]);
  }
  const filterRange = pfdMHz < 17 ? 1 : pfdMHz < 26 ? 2 : pfdMHz < 44 ? 3 : pfdMHz < 66 ? 4 : pfdMHz < 101 ? 5 : 6;
  return { divr: best.divr, divf: best.divf, divq: best.divq, filterRange, achievedMHz: best.fout, pfdMHz, vcoMHz: pfdMHz * (best.divf + 1), inMHz, requestedMHz: outMHz };
}

/** Parameters of the SB_PLL40 primitives as the instance sets them. */
export interface Ice40PllParams extends Record<string, number | string> {
  FEEDBACK_PATH: string;
  DIVR: number;
  DIVF: number;
  DIVQ: number;
  FILTER_RANGE: number;
}

const PLL_DEFAULTS: Ice40PllParams = { FEEDBACK_PATH: 'SIMPLE', DIVR: 0, DIVF: 0, DIVQ: 1, FILTER_RANGE: 1 };

/** The SB_PLL40_CORE primitive: the reference comes from the fabric (any clock pin). Only the ports the wrapper uses. */
export const SB_PLL40_CORE = primitive('SB_PLL40_CORE', PLL_DEFAULTS, (m) => ({
  REFERENCECLK: m.input('REFERENCECLK', Bool()),
  RESETB: m.input('RESETB', Bool()),
  BYPASS: m.input('BYPASS', Bool()),
  PLLOUTGLOBAL: m.output('PLLOUTGLOBAL', Bool(), { role: 'clock' }),
  LOCK: m.output('LOCK', Bool()),
}), { doc: 'iCE40 PLL, reference clock from the fabric.' });

/** The SB_PLL40_PAD primitive: the reference is the PLL's dedicated input pad (its pin must be that pad). */
export const SB_PLL40_PAD = primitive('SB_PLL40_PAD', PLL_DEFAULTS, (m) => ({
  PACKAGEPIN: m.input('PACKAGEPIN', Bool()),
  RESETB: m.input('RESETB', Bool()),
  BYPASS: m.input('BYPASS', Bool()),
  PLLOUTGLOBAL: m.output('PLLOUTGLOBAL', Bool(), { role: 'clock' }),
  LOCK: m.output('LOCK', Bool()),
}), { doc: 'iCE40 PLL, reference clock from its dedicated pad.' });

export function ice40PllParams(c: Ice40PllConfig): Ice40PllParams {
  return { FEEDBACK_PATH: 'SIMPLE', DIVR: c.divr, DIVF: c.divf, DIVQ: c.divq, FILTER_RANGE: c.filterRange };
}
