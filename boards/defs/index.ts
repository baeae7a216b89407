// Every board spikeforge knows, by command-line id.
import type { BoardDef } from '../board.ts';
import { artyA735 } from './arty-a7-35.ts';
import { de10Nano } from './de10-nano.ts';
import { ice40Hx8k } from './ice40-hx8k.ts';
import { icebreaker } from './icebreaker.ts';
import { pynqZ2 } from './pynq-z2.ts';
import { ulx3s } from './ulx3s.ts';

export { artyA735, de10Nano, ice40Hx8k, icebreaker, pynqZ2, ulx3s };

export const BOARDS: readonly BoardDef[] = [icebreaker, ice40Hx8k, ulx3s, artyA735, pynqZ2, de10Nano];

/** The board with this id, or undefined. Ids are matched without regard to case. */
export function findBoard(id: string): BoardDef | undefined {
  const want = id.toLowerCase();
  return BOARDS.find((b) => b.id === want);
}
