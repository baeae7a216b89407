// 1BitSquared iCEBreaker (v1.0), iCE40UP5K-SG48.
// Pins: icebreaker-fpga/icebreaker-verilog-examples, icebreaker.pcf (the board
// maker's constraint file), cross-checked with litex-hub/litex-boards,
// litex_boards/platforms/1bitsquared_icebreaker.py (which also gives the PMOD
// connector order and the UART direction: rx 6, tx 9 seen from the FPGA).
// The snap-off section on PMOD2 (three buttons, five LEDs) ships attached; its
// pins are listed as LEDs and buttons, not as a header, so no pin appears twice.
// The RGB LED (pins 39-41) needs the SB_RGBA_DRV primitive and is not a plain IO.
import type { BoardDef } from '../board.ts';

export const icebreaker: BoardDef = {
  id: 'icebreaker',
  name: 'iCEBreaker',
  maker: '1BitSquared',
  url: 'https://github.com/icebreaker-fpga/icebreaker',
  sources: [
    'icebreaker-fpga/icebreaker-verilog-examples: icebreaker.pcf',
    'litex-hub/litex-boards: litex_boards/platforms/1bitsquared_icebreaker.py',
  ],
  device: {
    vendor: 'Lattice',
    family: 'ice40',
    part: 'iCE40UP5K-SG48',
    device: 'up5k',
    package: 'sg48',
    speedGrade: '',
    // iCE40 UltraPlus family data sheet (FPGA-DS-02008): 5280 LUT4 cells, 30 EBR of 4 kbit, 4 SPRAM of 256 kbit, 8 DSP, 1 PLL; SG48 has 39 IO.
    capacity: { logic: 5280, logicUnit: 'LC', lutInputs: 4, flipFlops: 5280, blockRams: 30, blockRamBits: 4096, spram: 4, dsp: 8, plls: 1, io: 39 },
  },
  clocks: [{ name: 'clk12', pin: '35', frequencyMHz: 12, label: 'CLK' }],
  leds: [
    { pin: '11', activeLow: true, label: 'LEDR_N (red)' },
    { pin: '37', activeLow: true, label: 'LEDG_N (green)' },
    { pin: '26', label: 'LED1 (snap-off PMOD2)' },
    { pin: '27', label: 'LED2 (snap-off PMOD2)' },
    { pin: '25', label: 'LED3 (snap-off PMOD2)' },
    { pin: '23', label: 'LED4 (snap-off PMOD2)' },
    { pin: '21', label: 'LED5 (snap-off PMOD2)' },
  ],
  buttons: [
    { pin: '10', activeLow: true, label: 'BTN_N (user button)' },
    { pin: '20', label: 'BTN1 (snap-off PMOD2)' },
    { pin: '19', label: 'BTN2 (snap-off PMOD2)' },
    { pin: '18', label: 'BTN3 (snap-off PMOD2)' },
  ],
  switches: [],
  reset: 'btn0',
  uart: { tx: { pin: '9', label: 'TX' }, rx: { pin: '6', label: 'RX' }, note: 'FTDI FT2232H channel B (the second USB serial port)' },
  headers: [
    {
      name: 'pmod1a',
      pins: [
        { label: '1', pin: '4' }, { label: '2', pin: '2' }, { label: '3', pin: '47' }, { label: '4', pin: '45' },
        { label: '7', pin: '3' }, { label: '8', pin: '48' }, { label: '9', pin: '46' }, { label: '10', pin: '44' },
      ],
    },
    {
      name: 'pmod1b',
      pins: [
        { label: '1', pin: '43' }, { label: '2', pin: '38' }, { label: '3', pin: '34' }, { label: '4', pin: '31' },
        { label: '7', pin: '42' }, { label: '8', pin: '36' }, { label: '9', pin: '32' }, { label: '10', pin: '28' },
      ],
    },
  ],
  flow: 'ice40',
  notes: ['PMOD2 carries the snap-off LEDs/buttons (led2-led6, btn1-btn3).'],
};
