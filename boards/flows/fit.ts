// Does a design fit its device, and if not, which known board's device would.
// Comparisons across families are rough (a 6-input LUT holds about 1.6
// four-input LUTs of logic; RAM is compared in bits), and are worded so.
import type { BoardDef, DeviceCapacity } from '../board.ts';
import { BOARDS } from '../defs/index.ts';
import { BoardError } from '../errors.ts';
import { useLines, type Utilisation } from './utilisation.ts';

/** LUT4-equivalents of a device's logic. */
function lut4Capacity(cap: DeviceCapacity): number {
  return cap.lutInputs >= 6 ? Math.round(cap.logic * 1.6) : cap.logic;
}

function lut4Need(u: Utilisation, cap: DeviceCapacity): number {
  return cap.lutInputs >= 6 ? Math.round(u.logic * 1.6) : u.logic;
}

function ramBits(cap: DeviceCapacity): number {
  return cap.blockRams * cap.blockRamBits + cap.spram * 262144;
}

/** Boards (other than `board`) whose device has room for the design, by a rough cross-family comparison. */
export function boardsThatFit(u: Utilisation, board: BoardDef): BoardDef[] {
  const cap = board.device.capacity;
  const logic = lut4Need(u, cap);
  const bits = u.blockRams * cap.blockRamBits + u.spram * 262144;
  return BOARDS.filter((b) => b.id !== board.id).filter((b) => {
    const c = b.device.capacity;
    return lut4Capacity(c) >= logic && c.flipFlops >= u.flipFlops && ramBits(c) >= bits && (u.dsp === 0 || c.dsp > 0 || c.lutInputs >= 6);
  });
}

/** The resources used beyond the device's capacity (empty when it fits). */
export function overflows(u: Utilisation, cap: DeviceCapacity): string[] {
  return useLines(u, cap)
    .filter((l) => l.used > l.available)
    .map((l) => `${l.what}: needs ${l.used}, the device has ${l.available}`);
}

/** Throws a 'does-not-fit' BoardError naming what overflows and which boards would fit. */
export function assertFits(u: Utilisation, board: BoardDef, stage: string): void {
  const over = overflows(u, board.device.capacity);
  if (!over.length) return;
  const fits = boardsThatFit(u, board);
  const details = [...over];
  details.push(
    fits.length
      ? `devices with enough room (rough cross-family estimate): ${fits.map((b) => `${b.device.part} (--board ${b.id})`).join(', ')}`
      : 'none of the known boards has enough room: make the design smaller (fewer neurons or axons, narrower weights)',
  );
  throw new BoardError('does-not-fit', `the design does not fit the ${board.device.part} on board '${board.id}' (${stage})`, details);
}
