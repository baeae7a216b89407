// TUL PYNQ-Z2, AMD Xilinx Zynq-7000 xc7z020clg400-1 (programmable logic side).
// Pins: the board's master constraint file pynq-z2_v1.0.xdc from TUL, as
// copied in cpantel/CESE-MAySC-2021: pynq-z2_v1.0.xdc (sysclk H16, led[0..3],
// btn[0..3], sw[0..1], Pmod A/B, Arduino ar[0..13]), cross-checked with
// litex-hub/litex-boards, litex_boards/platforms/tul_pynq_z2.py.
// The on-board USB-UART is wired to the processor (PS), not to the logic: the
// UART here is Arduino D0 (ar[0], FPGA receives) / D1 (ar[1], FPGA transmits)
// and needs a 3.3 V USB-UART adapter.
import type { BoardDef, HeaderDef } from '../board.ts';

const LABELS = ['1', '2', '3', '4', '7', '8', '9', '10'];
function pmod(name: string, pins: string[]): HeaderDef {
  return { name, pins: pins.map((pin, i) => ({ label: LABELS[i]!, pin })) };
}

export const pynqZ2: BoardDef = {
  id: 'pynq-z2',
  name: 'PYNQ-Z2',
  maker: 'TUL',
  url: 'https://www.tulembedded.com/FPGA/ProductsPYNQ-Z2.html',
  sources: ['cpantel/CESE-MAySC-2021: pynq-z2_v1.0.xdc (TUL master XDC)', 'litex-hub/litex-boards: litex_boards/platforms/tul_pynq_z2.py'],
  device: {
    vendor: 'AMD Xilinx',
    family: 'zynq7',
    part: 'xc7z020clg400-1',
    device: 'xc7z020',
    package: 'clg400',
    speedGrade: '-1',
    // Zynq-7000 product selection guide: Z-7020 has 53,200 LUT6, 106,400 FFs, 140 RAMB36 (4.9 Mbit), 220 DSP slices, 4 CMTs; CLG400 has 125 PL IO.
    capacity: { logic: 53200, logicUnit: 'LUT6', lutInputs: 6, flipFlops: 106400, blockRams: 140, blockRamBits: 36864, spram: 0, dsp: 220, plls: 4, io: 125 },
  },
  ioStandard: 'LVCMOS33',
  clocks: [{ name: 'clk125', pin: 'H16', frequencyMHz: 125, label: 'sysclk' }],
  leds: ['R14', 'P14', 'N16', 'M14'].map((pin, i) => ({ pin, label: `LD${i}` })),
  buttons: ['D19', 'D20', 'L20', 'L19'].map((pin, i) => ({ pin, label: `BTN${i}` })),
  switches: ['M20', 'M19'].map((pin, i) => ({ pin, label: `SW${i}` })),
  reset: 'btn3',
  uart: { tx: { pin: 'U12', label: 'ar[1] (Arduino D1)' }, rx: { pin: 'T14', label: 'ar[0] (Arduino D0)' }, note: 'Arduino header D0/D1: needs a 3.3 V USB-UART adapter (the board USB-UART belongs to the PS)' },
  headers: [
    pmod('pmoda', ['Y18', 'Y19', 'Y16', 'Y17', 'U18', 'U19', 'W18', 'W19']),
    pmod('pmodb', ['W14', 'Y14', 'T11', 'T10', 'V16', 'W16', 'V12', 'W13']),
  ],
  flow: 'vivado',
  notes: ['Pmod A shares its pins with the Raspberry Pi header.', 'The UART is on the Arduino header (adapter needed).'],
};
