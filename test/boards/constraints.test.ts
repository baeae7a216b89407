// Constraint files and project scripts, against hand-written expectations of
// each format (PCF for nextpnr-ice40, LPF, XDC, QSF/SDC; nextpnr-ecp5,
// Vivado and Quartus scripts).
import { describe, expect, it } from 'vitest';
import { boardResources, type BoardDef } from '../../boards/board.ts';
import { writeLpf } from '../../boards/constraints/lpf.ts';
import { writePcf } from '../../boards/constraints/pcf.ts';
import { writeQsf, writeSdc } from '../../boards/constraints/qsf.ts';
import { writeXdc } from '../../boards/constraints/xdc.ts';
import type { ConstraintInput } from '../../boards/constraints/input.ts';
import { findBoard } from '../../boards/defs/index.ts';
import { nextpnrEcp5Device, writeEcp5Script } from '../../boards/scripts/ecp5.ts';
import { writeQuartusProject, writeQuartusScript } from '../../boards/scripts/quartus.ts';
import { writeVivadoScript } from '../../boards/scripts/vivado.ts';
import type { TopPort } from '../../boards/shim.ts';

/** A hand-made top: the named resources of a board, each carrying a made-up signal. */
function input(b: BoardDef, used: [resource: string, dir: 'input' | 'output', carries: string][], clockMHz?: number): ConstraintInput {
  const all = boardResources(b);
  const ports: TopPort[] = used.map(([name, dir, carries]) => {
    const resource = all.find((r) => r.name === name)!;
    return { name, dir, resource, inverted: resource.activeLow, carries };
  });
  const c: ConstraintInput = { board: b, top: 'Top', ports };
  if (clockMHz) c.clock = { port: used[0]![0], frequencyMHz: clockMHz };
  return c;
}

function lines(text: string): string[] {
  return text.split('\n');
}

describe('PCF (iCE40)', () => {
  const b = findBoard('icebreaker')!;
  const pcf = writePcf(input(b, [['clk12', 'input', 'clk'], ['btn0', 'input', 'rst'], ['led2', 'output', 'q[0]'], ['pmod1a_10', 'output', 'q[1]']], 12));

  it('has one set_io per pin, with what it carries, and the clock frequency', () => {
    expect(lines(pcf)).toEqual(expect.arrayContaining([
      'set_io clk12 35  # CLK, clk',
      'set_io btn0 10  # BTN_N (user button), rst (active low, inverted in the top)',
      'set_io led2 26  # LED1 (snap-off PMOD2), q[0]',
      'set_io pmod1a_10 44  # pmod1a pin 10, q[1]',
      'set_frequency clk12 12',
    ]));
    expect(pcf.match(/^set_io /gm)).toHaveLength(4);
  });

  it('turns the pull-up on where the board wants one', () => {
    const ulx = { ...b, leds: [], buttons: [{ pin: '10', pull: 'up' as const, label: 'B' }] };
    expect(writePcf(input(ulx, [['btn0', 'input', 'x']]))).toContain('set_io -pullup yes btn0 10  # B, x');
  });
});

describe('LPF (ECP5)', () => {
  const b = findBoard('ulx3s')!;
  const lpf = writeLpf(input(b, [['clk25', 'input', 'clk'], ['btn0', 'input', 'go'], ['btn1', 'input', 'rst'], ['led0', 'output', 'q']], 25));

  it('locates each port, sets IO_TYPE and PULLMODE, and the clock FREQUENCY', () => {
    expect(lines(lpf)).toEqual(expect.arrayContaining([
      'LOCATE COMP "clk25" SITE "G2"; # clk_25mhz, clk',
      'IOBUF PORT "clk25" IO_TYPE=LVCMOS33 PULLMODE=NONE;',
      'LOCATE COMP "btn0" SITE "D6"; # BTN_PWRn, go (active low, inverted in the top)',
      'IOBUF PORT "btn0" IO_TYPE=LVCMOS33 PULLMODE=UP;',
      'IOBUF PORT "btn1" IO_TYPE=LVCMOS33 PULLMODE=DOWN;',
      'LOCATE COMP "led0" SITE "B2"; # led[0], q',
      'FREQUENCY PORT "clk25" 25 MHz;',
    ]));
  });

  it('has a nextpnr-ecp5 / ecppack script for the board device', () => {
    expect(nextpnrEcp5Device('LFE5U-85F')).toBe('--85k');
    expect(nextpnrEcp5Device('LFE5U-25F')).toBe('--25k');
    expect(nextpnrEcp5Device('LFE5UM5G-85F')).toBe('--um5g-85k');
    const sh = writeEcp5Script(b, 'Top', { verilog: 'Top.v', lpf: 'Top.lpf' }, 25);
    expect(lines(sh)).toEqual(expect.arrayContaining([
      '#!/bin/sh',
      'yosys -q -l yosys.log -p "synth_ecp5 -top Top -json Top.json" Top.v',
      'nextpnr-ecp5 --85k --package CABGA381 --speed 6 --json Top.json --lpf Top.lpf --freq 25 --textcfg Top.config --report nextpnr-report.json --log nextpnr.log',
      'ecppack --compress --input Top.config --bit Top.bit',
    ]));
  });
});

describe('XDC (Vivado)', () => {
  const b = findBoard('arty-a7-35')!;
  const xdc = writeXdc(input(b, [['clk100', 'input', 'clk'], ['btn4', 'input', 'rst'], ['ja_7', 'output', 'q[4]']], 100));

  it('sets PACKAGE_PIN and IOSTANDARD per port and creates the clock', () => {
    expect(lines(xdc)).toEqual(expect.arrayContaining([
      'set_property -dict { PACKAGE_PIN E3 IOSTANDARD LVCMOS33 } [get_ports { clk100 }]; # CLK100MHZ, clk',
      'set_property -dict { PACKAGE_PIN C2 IOSTANDARD LVCMOS33 } [get_ports { btn4 }]; # RESET (ck_rst), rst (active low, inverted in the top)',
      'set_property -dict { PACKAGE_PIN D13 IOSTANDARD LVCMOS33 } [get_ports { ja_7 }]; # ja pin 7, q[4]',
      'create_clock -add -name clk100 -period 10.000 -waveform { 0 5.000 } [get_ports { clk100 }];',
    ]));
  });

  it('gives a 125 MHz clock an 8 ns period', () => {
    expect(writeXdc(input(findBoard('pynq-z2')!, [['clk125', 'input', 'clk']], 125))).toContain('create_clock -add -name clk125 -period 8.000 -waveform { 0 4.000 } [get_ports { clk125 }];');
  });

  it('has a Vivado non-project batch script for the part', () => {
    const tcl = lines(writeVivadoScript(b, 'Top', { verilog: 'Top.v', xdc: 'Top.xdc' }));
    const order = ['read_verilog [file join $dir Top.v]', 'read_xdc [file join $dir Top.xdc]', 'synth_design -top Top -part xc7a35ticsg324-1L', 'opt_design', 'place_design', 'route_design', 'report_utilization -file [file join $dir utilization.rpt]', 'report_timing_summary -file [file join $dir timing.rpt]', 'write_bitstream -force [file join $dir Top.bit]'];
    const at = order.map((l) => tcl.indexOf(l));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
  });
});

describe('QSF and SDC (Quartus)', () => {
  const b = findBoard('de10-nano')!;
  const c = input(b, [['clk50', 'input', 'clk'], ['btn0', 'input', 'rst'], ['led0', 'output', 'q']], 50);

  it('names family, device, top and sources, then a location and IO standard per port', () => {
    expect(lines(writeQsf(c, { verilog: 'Top.v', sdc: 'Top.sdc' }))).toEqual(expect.arrayContaining([
      'set_global_assignment -name FAMILY "Cyclone V"',
      'set_global_assignment -name DEVICE 5CSEBA6U23I7',
      'set_global_assignment -name TOP_LEVEL_ENTITY Top',
      'set_global_assignment -name VERILOG_FILE Top.v',
      'set_global_assignment -name SDC_FILE Top.sdc',
      'set_location_assignment PIN_V11 -to clk50',
      'set_instance_assignment -name IO_STANDARD "3.3-V LVTTL" -to clk50',
      'set_location_assignment PIN_AH17 -to btn0',
      'set_location_assignment PIN_W15 -to led0',
    ]));
  });

  it('constrains the 50 MHz clock in the SDC', () => {
    expect(lines(writeSdc(c))).toEqual(expect.arrayContaining(['create_clock -name clk50 -period 20.000 [get_ports { clk50 }]', 'derive_clock_uncertainty']));
  });

  it('has a project file and a compile script', () => {
    expect(writeQuartusProject('Top')).toContain('PROJECT_REVISION = "Top"');
    expect(lines(writeQuartusScript(b, 'Top'))).toEqual(expect.arrayContaining(['load_package flow', 'project_open Top -revision Top', 'execute_flow -compile']));
  });
});
