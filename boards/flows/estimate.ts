// A utilisation estimate from Yosys's technology mapping for the families
// whose place and route does not run here (ECP5, 7-series/Zynq, Cyclone V):
// synth_ecp5, synth_xilinx, synth_intel_alm. It is a synthesis estimate:
// the vendor tool's packing and optimisation change the numbers somewhat.
import type { BoardDef, DeviceFamily } from '../board.ts';
import { BoardError } from '../errors.ts';
import { runYosysScript, statCells } from '../yosys.ts';
import type { Emit } from './ice40.ts';
import type { Progress } from './progress.ts';
import { utilisationFromCells, type Utilisation } from './utilisation.ts';

const SYNTH: Record<DeviceFamily, string> = {
  ice40: 'synth_ice40',
  ecp5: 'synth_ecp5',
  xilinx7: 'synth_xilinx -family xc7',
  zynq7: 'synth_xilinx -family xc7',
  cyclonev: 'synth_intel_alm -family cyclonev',
};

/** The Yosys command for a family, e.g. 'synth_xilinx -family xc7'. */
export function synthCommand(family: DeviceFamily): string {
  return SYNTH[family];
}

export async function estimateUtilisation(board: BoardDef, verilog: string, top: string, progress: Progress, emit: Emit): Promise<Utilisation> {
  const d = board.device;
  const cmd = synthCommand(d.family);
  const script = ['read_verilog design.v', `${cmd} -top ${top}`, 'tee -q -o stat.json stat -json'].join('\n') + '\n';
  emit('synth.ys', script);
  const run = await progress.step(`yosys ${cmd.split(' ')[0]} (${top}, utilisation estimate)`, () => runYosysScript(script, { 'design.v': verilog }));
  emit('yosys.log', run.log);
  const stat = run.files['stat.json'];
  if (run.code !== 0 || stat === undefined) {
    if (/Unknown command|No such command/i.test(run.log)) {
      throw new BoardError('synthesis', `this Yosys has no '${cmd.split(' ')[0]}': no utilisation estimate for ${d.part}`);
    }
    const errs = run.log.split('\n').filter((l) => l.includes('ERROR')).map((l) => l.trim());
    throw new BoardError('synthesis', `yosys ${cmd} failed (exit code ${run.code})`, errs.length ? errs : run.log.trimEnd().split('\n').slice(-25));
  }
  return utilisationFromCells(d.family, statCells(stat), d.capacity.logicUnit);
}
