// What every constraint writer takes: the board, the top module and its
// pin-level ports, and the clock to constrain.
import type { BoardDef } from '../board.ts';
import type { TopPort } from '../shim.ts';

export interface ConstraintInput {
  board: BoardDef;
  /** Top module name (the pin-level top). */
  top: string;
  ports: readonly TopPort[];
  /** The top-level clock port and the frequency the design must meet there. */
  clock?: { port: string; frequencyMHz: number };
}

/** A comment line naming what a pin carries. */
export function portComment(p: TopPort): string {
  const r = p.resource;
  return `${r.label ? `${r.label}, ` : ''}${p.carries}${p.inverted ? ' (active low, inverted in the top)' : ''}`;
}

/** Clock period in ns with three decimals, e.g. 83.333. */
export function periodNs(mhz: number): string {
  return (1000 / mhz).toFixed(3);
}

/** A frequency without a trailing '.0' but exact to the kHz: 12, 25.175. */
export function mhzText(mhz: number): string {
  return String(Math.round(mhz * 1000) / 1000);
}
