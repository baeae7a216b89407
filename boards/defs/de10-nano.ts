// Terasic DE10-Nano, Intel Cyclone V SE 5CSEBA6U23I7 (FPGA side).
// Pins: litex-hub/litex-boards, litex_boards/platforms/de10nano.py (clocks
// V11/Y13/E11, LEDs, KEY0/KEY1, SW0..3, serial on Arduino IO0/IO1), agreeing
// with the DE10-Nano user manual pin tables; GPIO_0 pins as in
// t-crest/patmos, hardware/quartus/de10-nano/patmos.qsf (GPIO 0 pins 1 and 2
// are V12 and E8) and the user manual's GPIO_0 table.
// The board's USB-UART belongs to the HPS (ARM side): the UART here is Arduino
// IO0 (AG13, FPGA receives) / IO1 (AF13, FPGA transmits) and needs a 3.3 V
// USB-UART adapter.
import type { BoardDef } from '../board.ts';

const GPIO0 = ['V12', 'E8', 'W12', 'D11', 'D8', 'AH13', 'AF7', 'AH14'];

export const de10Nano: BoardDef = {
  id: 'de10-nano',
  name: 'DE10-Nano',
  maker: 'Terasic',
  url: 'https://www.terasic.com.tw/cgi-bin/page/archive.pl?No=1046',
  sources: ['litex-hub/litex-boards: litex_boards/platforms/de10nano.py', 't-crest/patmos: hardware/quartus/de10-nano/patmos.qsf', 'Terasic DE10-Nano User Manual, pin assignment tables'],
  device: {
    vendor: 'Intel',
    family: 'cyclonev',
    part: '5CSEBA6U23I7',
    device: '5CSEBA6',
    package: 'U23',
    speedGrade: 'I7',
    // Cyclone V device overview: 5CSEBA6 has 41,910 ALMs (110K LE), 166,036 registers, 553 M10K, 112 DSP blocks, 6 FPGA PLLs; U23 has 145 FPGA GPIO.
    capacity: { logic: 41910, logicUnit: 'ALM', lutInputs: 6, flipFlops: 166036, blockRams: 553, blockRamBits: 10240, spram: 0, dsp: 112, plls: 6, io: 145 },
  },
  ioStandard: '3.3-V LVTTL',
  clocks: [
    { name: 'clk50', pin: 'V11', frequencyMHz: 50, label: 'FPGA_CLK1_50' },
    { name: 'clk50_2', pin: 'Y13', frequencyMHz: 50, label: 'FPGA_CLK2_50' },
    { name: 'clk50_3', pin: 'E11', frequencyMHz: 50, label: 'FPGA_CLK3_50' },
  ],
  leds: ['W15', 'AA24', 'V16', 'V15', 'AF26', 'AE26', 'Y16', 'AA23'].map((pin, i) => ({ pin, label: `LED${i}` })),
  buttons: [
    { pin: 'AH17', activeLow: true, label: 'KEY0' },
    { pin: 'AH16', activeLow: true, label: 'KEY1' },
  ],
  switches: ['Y24', 'W24', 'W21', 'W20'].map((pin, i) => ({ pin, label: `SW${i}` })),
  reset: 'btn0',
  uart: { tx: { pin: 'AF13', label: 'ARDUINO_IO1' }, rx: { pin: 'AG13', label: 'ARDUINO_IO0' }, note: 'Arduino header IO0/IO1: needs a 3.3 V USB-UART adapter (the board USB-UART belongs to the HPS)' },
  headers: [{ name: 'gpio0', note: 'GPIO_0 (JP1), first eight IO: label = GPIO_0 index', pins: GPIO0.map((pin, i) => ({ label: String(i), pin })) }],
  flow: 'quartus',
  notes: ['KEY0/KEY1 are active low; KEY0 (btn0) is the default reset.', 'The UART is on the Arduino header (adapter needed).'],
};
