// Board definitions: every board is complete and self-consistent, and a
// sample of pins is checked against the constraint files the board files
// cite (the expected values below were read from those files, not from our
// definitions).
import { describe, expect, it } from 'vitest';
import { boardGroups, boardResources, defaultClock, type BoardDef, type BoardResource } from '../../boards/board.ts';
import { BOARDS, findBoard } from '../../boards/defs/index.ts';

function board(id: string): BoardDef {
  const b = findBoard(id);
  if (!b) throw new Error(`no board ${id}`);
  return b;
}

function res(b: BoardDef, name: string): BoardResource {
  const r = boardResources(b).find((x) => x.name === name);
  if (!r) throw new Error(`board ${b.id} has no resource ${name}`);
  return r;
}

describe('every board', () => {
  it('has the six boards of the issue, with unique ids', () => {
    expect(BOARDS.map((b) => b.id).sort()).toEqual(['arty-a7-35', 'de10-nano', 'ice40-hx8k', 'icebreaker', 'pynq-z2', 'ulx3s']);
  });

  for (const b of BOARDS) {
    describe(b.id, () => {
      it('uses every package pin once', () => {
        const pins = boardResources(b).map((r) => r.pin);
        const dup = pins.filter((p, i) => pins.indexOf(p) !== i);
        expect(dup).toEqual([]);
      });

      it('has unique resource names and groups made of its resources', () => {
        const names = boardResources(b).map((r) => r.name);
        expect(new Set(names).size).toBe(names.length);
        for (const g of boardGroups(b)) for (const m of g.members) expect(names).toContain(m);
      });

      it('has clocks with positive frequencies and a default clock', () => {
        expect(b.clocks.length).toBeGreaterThan(0);
        for (const c of b.clocks) expect(c.frequencyMHz).toBeGreaterThan(0);
        expect(defaultClock(b)).toBe(b.clocks[0]);
      });

      it('cites where its pins come from', () => {
        expect(b.sources.length).toBeGreaterThan(0);
        for (const s of b.sources) expect(s).toMatch(/\S+: \S+|manual/i);
      });

      it('names a reset button that exists, and a UART', () => {
        if (b.reset) expect(res(b, b.reset).kind).toBe('button');
        expect(b.uart).toBeDefined();
      });

      it('has a device with a positive capacity and an IO standard on every pin (except iCE40)', () => {
        const c = b.device.capacity;
        for (const n of [c.logic, c.flipFlops, c.blockRams, c.blockRamBits, c.io, c.plls]) expect(n).toBeGreaterThan(0);
        for (const r of boardResources(b)) {
          if (b.device.family === 'ice40') expect(r.ioStandard).toBeUndefined();
          else expect(r.ioStandard).toBeDefined();
        }
      });
    });
  }
});

describe('pins against the cited sources', () => {
  it('iCEBreaker (icebreaker.pcf): 12 MHz clock on pin 35, UART rx 6 / tx 9, LEDR_N 11, BTN_N 10, PMOD1A 4 2 47 45 3 48 46 44', () => {
    const b = board('icebreaker');
    expect(b.device.part).toBe('iCE40UP5K-SG48');
    expect(res(b, 'clk12')).toMatchObject({ pin: '35', frequencyMHz: 12 });
    expect(res(b, 'uart_rx').pin).toBe('6');
    expect(res(b, 'uart_tx').pin).toBe('9');
    expect(res(b, 'led0')).toMatchObject({ pin: '11', activeLow: true });
    expect(res(b, 'led1')).toMatchObject({ pin: '37', activeLow: true });
    expect(res(b, 'btn0')).toMatchObject({ pin: '10', activeLow: true });
    expect(boardGroups(b).find((g) => g.name === 'pmod1a')!.members.map((m) => res(b, m).pin)).toEqual(['4', '2', '47', '45', '3', '48', '46', '44']);
  });

  it('iCE40-HX8K breakout (hx8kdemo.pcf): clock J3, ser_tx B12 / ser_rx B10, LEDs C3 B3 C4 C5 A1 A2 B4 B5', () => {
    const b = board('ice40-hx8k');
    expect(b.device.part).toBe('iCE40HX8K-CT256');
    expect(res(b, 'clk12')).toMatchObject({ pin: 'J3', frequencyMHz: 12 });
    expect(res(b, 'uart_tx').pin).toBe('B12');
    expect(res(b, 'uart_rx').pin).toBe('B10');
    expect(b.leds.map((l) => l.pin)).toEqual(['C3', 'B3', 'C4', 'C5', 'A1', 'A2', 'B4', 'B5']);
  });

  it('ULX3S (ulx3s_v20.lpf): clk_25mhz G2, ftdi_rxd L4 (FPGA transmits), ftdi_txd M1, led[0] B2, btn[0] D6 pull-up, FIRE1 R1', () => {
    const b = board('ulx3s');
    expect(b.device.part).toBe('LFE5U-85F-6BG381C');
    expect(res(b, 'clk25')).toMatchObject({ pin: 'G2', frequencyMHz: 25, ioStandard: 'LVCMOS33' });
    expect(res(b, 'uart_tx').pin).toBe('L4');
    expect(res(b, 'uart_rx').pin).toBe('M1');
    expect(res(b, 'led0').pin).toBe('B2');
    expect(res(b, 'led7').pin).toBe('H3');
    expect(res(b, 'btn0')).toMatchObject({ pin: 'D6', pull: 'up', activeLow: true });
    expect(res(b, 'btn1')).toMatchObject({ pin: 'R1', pull: 'down' });
  });

  it('Arty A7-35 (Arty-A7-35-Master.xdc): CLK100MHZ E3, uart_rxd_out D10, uart_txd_in A9, led[0] H5, btn[0] D9, ck_rst C2, ja[0] G13', () => {
    const b = board('arty-a7-35');
    expect(b.device.part).toBe('xc7a35ticsg324-1L');
    expect(res(b, 'clk100')).toMatchObject({ pin: 'E3', frequencyMHz: 100, ioStandard: 'LVCMOS33' });
    expect(res(b, 'uart_tx').pin).toBe('D10');
    expect(res(b, 'uart_rx').pin).toBe('A9');
    expect(res(b, 'led0').pin).toBe('H5');
    expect(res(b, 'btn0').pin).toBe('D9');
    expect(res(b, b.reset!)).toMatchObject({ pin: 'C2', activeLow: true });
    expect(res(b, 'ja_1').pin).toBe('G13');
    expect(res(b, 'jd_10').pin).toBe('G2');
  });

  it('PYNQ-Z2 (pynq-z2_v1.0.xdc): sysclk H16 125 MHz, led[0] R14, btn[0] D19, sw[0] M20, Pmod A Y18, Arduino ar[0] T14 / ar[1] U12', () => {
    const b = board('pynq-z2');
    expect(b.device.part).toBe('xc7z020clg400-1');
    expect(res(b, 'clk125')).toMatchObject({ pin: 'H16', frequencyMHz: 125 });
    expect(res(b, 'led0').pin).toBe('R14');
    expect(res(b, 'btn0').pin).toBe('D19');
    expect(res(b, 'sw0').pin).toBe('M20');
    expect(res(b, 'pmoda_1').pin).toBe('Y18');
    expect([res(b, 'uart_rx').pin, res(b, 'uart_tx').pin]).toEqual(['T14', 'U12']);
  });

  it('DE10-Nano (de10nano.py, user manual): FPGA_CLK1_50 V11, LED0 W15, KEY0 AH17 active low, SW0 Y24, ARDUINO_IO0 AG13 / IO1 AF13, GPIO_0[0] V12', () => {
    const b = board('de10-nano');
    expect(b.device.part).toBe('5CSEBA6U23I7');
    expect(res(b, 'clk50')).toMatchObject({ pin: 'V11', frequencyMHz: 50, ioStandard: '3.3-V LVTTL' });
    expect(res(b, 'led0').pin).toBe('W15');
    expect(res(b, 'btn0')).toMatchObject({ pin: 'AH17', activeLow: true });
    expect(res(b, 'sw0').pin).toBe('Y24');
    expect(res(b, 'uart_rx').pin).toBe('AG13');
    expect(res(b, 'uart_tx').pin).toBe('AF13');
    expect(res(b, 'gpio0_0').pin).toBe('V12');
  });

  it('finds boards without regard to case, and not unknown ones', () => {
    expect(findBoard('ICEBreaker')?.id).toBe('icebreaker');
    expect(findBoard('icebreaker2')).toBeUndefined();
  });
});
