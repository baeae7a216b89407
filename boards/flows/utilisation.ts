// Resource use of a design on a device, in the device's own units, from
// Yosys's cell counts (after technology mapping) or nextpnr's placement.
import type { DeviceCapacity, DeviceFamily } from '../board.ts';

export interface Utilisation {
  /** Logic cells in the device's unit (LC, LUT4, LUT6, ALM). */
  logic: number;
  logicUnit: string;
  flipFlops: number;
  /** Block RAMs in the device's block size (RAMB36 equivalents on Xilinx). */
  blockRams: number;
  spram: number;
  dsp: number;
  io: number;
  /** Where the numbers come from. */
  source: 'nextpnr placement' | 'yosys synthesis';
  /** Cells by type after technology mapping. */
  cells: Record<string, number>;
}

function count(cells: Record<string, number>, re: RegExp): number {
  return Object.entries(cells).reduce((s, [k, n]) => (re.test(k) ? s + n : s), 0);
}

/**
 * Utilisation from technology-mapped Yosys cells. Logic is an estimate before
 * packing: iCE40 LCs >= max(LUT4, DFF); ECP5 LUT4s count a CCU2C as two;
 * Cyclone V ALMs are taken as half the ALUTs (two per ALM).
 */
export function utilisationFromCells(family: DeviceFamily, cells: Record<string, number>, unit: string): Utilisation {
  const u: Utilisation = { logic: 0, logicUnit: unit, flipFlops: 0, blockRams: 0, spram: 0, dsp: 0, io: 0, source: 'yosys synthesis', cells: {} };
  // $scopeinfo cells only record the flattened hierarchy.
  for (const [k, n] of Object.entries(cells)) if (k !== '$scopeinfo') u.cells[k] = n;
  switch (family) {
    case 'ice40':
      u.flipFlops = count(cells, /^SB_DFF/);
      u.logic = Math.max(count(cells, /^SB_LUT4$/), u.flipFlops);
      u.blockRams = count(cells, /^SB_RAM40_4K/);
      u.spram = count(cells, /^SB_SPRAM256KA$/);
      u.dsp = count(cells, /^SB_MAC16$/);
      u.io = count(cells, /^SB_IO$/);
      break;
    case 'ecp5':
      u.flipFlops = count(cells, /^TRELLIS_FF$/);
      u.logic = count(cells, /^LUT4$/) + 2 * count(cells, /^CCU2C$/) + 4 * count(cells, /^TRELLIS_DPR16X4$/);
      u.blockRams = count(cells, /^(DP16KD|PDPW16KD)$/);
      u.dsp = count(cells, /^(MULT18X18D|ALU54B)$/);
      u.io = count(cells, /^(TRELLIS_IO|IB|OB|BB)$/);
      break;
    case 'xilinx7':
    case 'zynq7':
      u.flipFlops = count(cells, /^FD[CPRS]E?(_1)?$/);
      u.logic = count(cells, /^LUT[1-6]$/) + count(cells, /^(RAM\d+[XM]|SRL)/);
      u.blockRams = count(cells, /^RAMB36/) + count(cells, /^RAMB18/) / 2;
      u.dsp = count(cells, /^DSP48/);
      u.io = count(cells, /^(IBUF|OBUF|IOBUF)/);
      break;
    case 'cyclonev':
      u.flipFlops = count(cells, /^MISTRAL_FF$/);
      u.logic = Math.ceil((count(cells, /^MISTRAL_ALUT/) + count(cells, /^MISTRAL_NOT$/)) / 2);
      u.blockRams = count(cells, /^MISTRAL_M10K$/);
      u.dsp = count(cells, /^MISTRAL_MUL/);
      u.io = count(cells, /^MISTRAL_(IB|OB|IO)$/);
      break;
  }
  return u;
}

export interface UseLine {
  what: string;
  used: number;
  available: number;
}

/** Each resource with its use and the device's capacity (zero-use, zero-capacity lines left out). */
export function useLines(u: Utilisation, cap: DeviceCapacity): UseLine[] {
  const lines: UseLine[] = [
    { what: `logic (${cap.logicUnit})`, used: u.logic, available: cap.logic },
    { what: 'flip-flops', used: u.flipFlops, available: cap.flipFlops },
    { what: `block RAM (${cap.blockRamBits / 1024} kbit)`, used: u.blockRams, available: cap.blockRams },
    { what: 'SPRAM (256 kbit)', used: u.spram, available: cap.spram },
    { what: 'DSP / multipliers', used: u.dsp, available: cap.dsp },
  ];
  return lines.filter((l) => l.used > 0 || l.available > 0);
}
