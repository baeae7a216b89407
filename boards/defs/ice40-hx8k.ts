// Lattice iCE40-HX8K Breakout Board (ICE40HX8K-B-EVN), iCE40HX8K-CT256.
// Pins: YosysHQ/picorv32, picosoc/hx8kdemo.pcf (clock J3, FTDI UART
// ser_tx B12 / ser_rx B10 seen from the FPGA, LEDs D2..D9, and the J3 header
// pins it uses for debugging), and YosysHQ/icestorm,
// examples/hx8kboard/hx8kboard.pcf (clock and the eight LED balls). The board
// has no user buttons.
import type { BoardDef } from '../board.ts';

export const ice40Hx8k: BoardDef = {
  id: 'ice40-hx8k',
  name: 'iCE40-HX8K Breakout Board',
  maker: 'Lattice Semiconductor',
  url: 'https://www.latticesemi.com/Products/DevelopmentBoardsAndKits/iCE40HX8KBreakoutBoard',
  sources: ['YosysHQ/picorv32: picosoc/hx8kdemo.pcf', 'YosysHQ/icestorm: examples/hx8kboard/hx8kboard.pcf'],
  device: {
    vendor: 'Lattice',
    family: 'ice40',
    part: 'iCE40HX8K-CT256',
    device: 'hx8k',
    package: 'ct256',
    speedGrade: '',
    // iCE40 LP/HX family data sheet (DS1040): HX8K has 7680 logic cells, 32 EBR of 4 kbit, 2 PLLs; CT256 has 206 IO.
    capacity: { logic: 7680, logicUnit: 'LC', lutInputs: 4, flipFlops: 7680, blockRams: 32, blockRamBits: 4096, spram: 0, dsp: 0, plls: 2, io: 206 },
  },
  clocks: [{ name: 'clk12', pin: 'J3', frequencyMHz: 12, label: '12 MHz oscillator' }],
  // D2..D9 on the silkscreen.
  leds: [
    { pin: 'C3', label: 'D2' }, { pin: 'B3', label: 'D3' }, { pin: 'C4', label: 'D4' }, { pin: 'C5', label: 'D5' },
    { pin: 'A1', label: 'D6' }, { pin: 'A2', label: 'D7' }, { pin: 'B4', label: 'D8' }, { pin: 'B5', label: 'D9' },
  ],
  buttons: [],
  switches: [],
  uart: { tx: { pin: 'B12', label: 'ser_tx' }, rx: { pin: 'B10', label: 'ser_rx' }, note: 'FTDI FT2232H channel B' },
  headers: [
    {
      name: 'j3',
      note: 'header J3 pins picosoc uses for debug signals (label = ball)',
      pins: [
        { label: 't1', pin: 'T1' }, { label: 'r3', pin: 'R3' }, { label: 't15', pin: 'T15' }, { label: 'r16', pin: 'R16' },
        { label: 'n12', pin: 'N12' }, { label: 'p13', pin: 'P13' }, { label: 't13', pin: 'T13' }, { label: 't14', pin: 'T14' },
      ],
    },
  ],
  flow: 'ice40',
  notes: ['No user buttons: map design inputs to header pins with --pins.'],
};
