// Boards whose place and route does not run here: the build writes the
// constraints and the vendor script and estimates utilisation with Yosys
// (synth_xilinx for the Arty A7, synth_intel_alm for the DE10-Nano).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { Counter } from '../../examples/counter.ts';
import { buildForBoard } from '../../boards/build.ts';
import { findBoard } from '../../boards/defs/index.ts';
import { removeWorkDirs, workDir } from '../cli/harness.ts';

afterAll(removeWorkDirs);

describe.concurrent('utilisation estimates', () => {
  it('Arty A7-35: XDC, a Vivado script and a synth_xilinx estimate of the 8-bit counter', async () => {
    const d = workDir();
    const r = await buildForBoard({ board: findBoard('arty-a7-35')!, ir: elaborate(Counter, { width: 8 }), pins: ['count=ja'], out: join(d, 'arty') });
    expect(r.report.ok).toBe(true);
    expect(r.report.result).toBe('estimate');
    expect(r.utilisation.source).toBe('yosys synthesis');
    // Eight count bits are eight flip-flops; the adder needs some LUTs or a carry chain.
    expect(r.utilisation.flipFlops).toBe(8);
    expect(r.utilisation.logic + (r.utilisation.cells['CARRY4'] ?? 0)).toBeGreaterThan(0);
    expect(r.utilisation.blockRams).toBe(0);
    expect(r.utilisation.cells['FDRE']).toBe(8);
    expect(readdirSync(join(d, 'arty')).sort()).toEqual(['Counter_arty_a7_35.v', 'Counter_arty_a7_35.xdc', 'build.tcl', 'report.json', 'synth.ys', 'yosys.log']);
    const xdc = readFileSync(join(d, 'arty', 'Counter_arty_a7_35.xdc'), 'utf8');
    for (const p of r.report.pins) expect(xdc).toContain(`PACKAGE_PIN ${p.pin} IOSTANDARD LVCMOS33 } [get_ports { ${p.port} }]`);
    expect(readFileSync(join(d, 'arty', 'synth.ys'), 'utf8')).toContain('synth_xilinx -family xc7 -top Counter_arty_a7_35');
  });

  it('DE10-Nano: QSF/SDC, a Quartus project and a synth_intel_alm estimate', async () => {
    const d = workDir();
    const r = await buildForBoard({ board: findBoard('de10-nano')!, ir: elaborate(Counter, { width: 8 }), out: join(d, 'de10') });
    expect(r.report.ok).toBe(true);
    expect(r.utilisation.flipFlops).toBe(8);
    expect(r.utilisation.logic).toBeGreaterThan(0);
    expect(readdirSync(join(d, 'de10')).sort()).toEqual([
      'Counter_de10_nano.qpf', 'Counter_de10_nano.qsf', 'Counter_de10_nano.sdc', 'Counter_de10_nano.v', 'build.tcl', 'report.json', 'synth.ys', 'yosys.log',
    ]);
    expect(r.report.notes.join('\n')).toMatch(/utilisation is a Yosys estimate; run the generated build\.tcl with the vendor tools/);
  });
});
