// Radiona ULX3S (v2.x/v3.0), Lattice ECP5 LFE5U-85F-6BG381C.
// Pins: emard/ulx3s, doc/constraints/ulx3s_v20.lpf (the board's reference
// constraint file: clk_25mhz G2, ftdi_rxd L4 = FPGA transmits, ftdi_txd M1 =
// FPGA receives, led[0..7], btn[0..6] with their PULLMODE, sw[0..3], gp/gn),
// cross-checked with litex-hub/litex-boards,
// litex_boards/platforms/radiona_ulx3s.py.
import type { BoardDef } from '../board.ts';

const gp = ['B11', 'A10', 'A9', 'B9', 'A7', 'C8', 'C6', 'A6'];
const gn = ['C11', 'A11', 'B10', 'C10', 'A8', 'B8', 'C7', 'B6'];

export const ulx3s: BoardDef = {
  id: 'ulx3s',
  name: 'ULX3S (85F)',
  maker: 'Radiona',
  url: 'https://github.com/emard/ulx3s',
  sources: ['emard/ulx3s: doc/constraints/ulx3s_v20.lpf', 'litex-hub/litex-boards: litex_boards/platforms/radiona_ulx3s.py'],
  device: {
    vendor: 'Lattice',
    family: 'ecp5',
    part: 'LFE5U-85F-6BG381C',
    device: 'LFE5U-85F',
    package: 'CABGA381',
    speedGrade: '6',
    // ECP5 family data sheet (FPGA-DS-02012): LFE5U-85 has 84K LUTs (41,820 slices), 208 EBR of 18 kbit, 156 18x18 multipliers, 4 PLLs; caBGA381 has 205 IO.
    capacity: { logic: 83640, logicUnit: 'LUT4', lutInputs: 4, flipFlops: 83640, blockRams: 208, blockRamBits: 18432, spram: 0, dsp: 156, plls: 4, io: 205 },
  },
  ioStandard: 'LVCMOS33',
  clocks: [{ name: 'clk25', pin: 'G2', frequencyMHz: 25, label: 'clk_25mhz' }],
  leds: ['B2', 'C2', 'C1', 'D2', 'D1', 'E2', 'E1', 'H3'].map((pin, i) => ({ pin, label: `led[${i}]` })),
  buttons: [
    { pin: 'D6', activeLow: true, pull: 'up', label: 'BTN_PWRn' },
    { pin: 'R1', pull: 'down', label: 'FIRE1' },
    { pin: 'T1', pull: 'down', label: 'FIRE2' },
    { pin: 'R18', pull: 'down', label: 'UP' },
    { pin: 'V1', pull: 'down', label: 'DOWN' },
    { pin: 'U1', pull: 'down', label: 'LEFT' },
    { pin: 'H16', pull: 'down', label: 'RIGHT' },
  ],
  switches: ['E8', 'D8', 'D7', 'E7'].map((pin, i) => ({ pin, pull: 'down' as const, label: `SW${i + 1}` })),
  reset: 'btn1',
  uart: { tx: { pin: 'L4', pull: 'up', label: 'ftdi_rxd' }, rx: { pin: 'M1', pull: 'up', label: 'ftdi_txd' }, note: 'FTDI FT231X on the US1 USB port' },
  headers: [
    { name: 'gp', note: 'J1 header, + pins of the pairs', pins: gp.map((pin, i) => ({ label: String(i), pin, pull: 'up' as const })) },
    { name: 'gn', note: 'J1 header, - pins of the pairs', pins: gn.map((pin, i) => ({ label: String(i), pin, pull: 'up' as const })) },
  ],
  flow: 'ecp5',
  notes: ['btn0 (PWR) is active low; FIRE1 (btn1) is the default reset.'],
};
