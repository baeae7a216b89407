// Digilent Arty A7-35T (Rev. D/E), AMD Xilinx xc7a35ticsg324-1L.
// Pins: Digilent/digilent-xdc, Arty-A7-35-Master.xdc (CLK100MHZ E3, led[0..3],
// btn[0..3], sw[0..3], uart_rxd_out D10 = FPGA transmits, uart_txd_in A9 =
// FPGA receives, ck_rst C2, Pmod JA..JD), cross-checked with
// litex-hub/litex-boards, litex_boards/platforms/digilent_arty.py.
import type { BoardDef, HeaderDef } from '../board.ts';

const LABELS = ['1', '2', '3', '4', '7', '8', '9', '10'];
function pmod(name: string, pins: string[]): HeaderDef {
  return { name, pins: pins.map((pin, i) => ({ label: LABELS[i]!, pin })) };
}

export const artyA735: BoardDef = {
  id: 'arty-a7-35',
  name: 'Arty A7-35T',
  maker: 'Digilent',
  url: 'https://digilent.com/reference/programmable-logic/arty-a7/start',
  sources: ['Digilent/digilent-xdc: Arty-A7-35-Master.xdc', 'litex-hub/litex-boards: litex_boards/platforms/digilent_arty.py'],
  device: {
    vendor: 'AMD Xilinx',
    family: 'xilinx7',
    part: 'xc7a35ticsg324-1L',
    device: 'xc7a35t',
    package: 'csg324',
    speedGrade: '-1L',
    // 7 Series product selection guide: XC7A35T has 20,800 LUT6, 41,600 FFs, 50 RAMB36 (1,800 kbit), 90 DSP48E1, 5 CMTs; CSG324 has 210 IO.
    capacity: { logic: 20800, logicUnit: 'LUT6', lutInputs: 6, flipFlops: 41600, blockRams: 50, blockRamBits: 36864, spram: 0, dsp: 90, plls: 5, io: 210 },
  },
  ioStandard: 'LVCMOS33',
  clocks: [{ name: 'clk100', pin: 'E3', frequencyMHz: 100, label: 'CLK100MHZ' }],
  leds: ['H5', 'J5', 'T9', 'T10'].map((pin, i) => ({ pin, label: `LD${i + 4}` })),
  buttons: [
    { pin: 'D9', label: 'BTN0' }, { pin: 'C9', label: 'BTN1' }, { pin: 'B9', label: 'BTN2' }, { pin: 'B8', label: 'BTN3' },
    { pin: 'C2', activeLow: true, label: 'RESET (ck_rst)' },
  ],
  switches: ['A8', 'C11', 'C10', 'A10'].map((pin, i) => ({ pin, label: `SW${i}` })),
  reset: 'btn4',
  uart: { tx: { pin: 'D10', label: 'uart_rxd_out' }, rx: { pin: 'A9', label: 'uart_txd_in' }, note: 'FTDI FT2232HQ on the micro-USB port' },
  headers: [
    pmod('ja', ['G13', 'B11', 'A11', 'D12', 'D13', 'B18', 'A18', 'K16']),
    pmod('jb', ['E15', 'E16', 'D15', 'C15', 'J17', 'J18', 'K15', 'J15']),
    pmod('jc', ['U12', 'V12', 'V10', 'V11', 'U14', 'V14', 'T13', 'U13']),
    pmod('jd', ['D4', 'D3', 'F4', 'F3', 'E2', 'D2', 'H2', 'G2']),
  ],
  flow: 'vivado',
  notes: ['The red RESET button (btn4, ck_rst) is active low and the default reset.'],
};
