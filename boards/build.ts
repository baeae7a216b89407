// `spikeforge build` as a library call: map the design's ports to board pins,
// wrap it in a pin-level top, write the constraints (and the vendor project
// script), run the board's flow (a bitstream for iCE40; a Yosys utilisation
// estimate for ECP5, 7-series and Cyclone V), and leave the outputs and a
// report.json in the output folder, atomically (see flows/build-dir.ts).
import type { IrDesign } from '../hdl/ir.ts';
import { emitVerilog, verilogModuleNames } from '../generators/verilog/index.ts';
import { defaultClock, type BoardDef } from './board.ts';
import { writeLpf } from './constraints/lpf.ts';
import { writePcf } from './constraints/pcf.ts';
import { writeQsf, writeSdc } from './constraints/qsf.ts';
import { writeXdc } from './constraints/xdc.ts';
import type { ConstraintInput } from './constraints/input.ts';
import { BoardError, isBoardError } from './errors.ts';
import { BuildDir, REPORT_FILE, REPORT_TOOL } from './flows/build-dir.ts';
import { estimateUtilisation } from './flows/estimate.ts';
import { assertFits } from './flows/fit.ts';
import { assertTiming, runIce40Flow, type ClockTiming } from './flows/ice40.ts';
import { silent, type Progress } from './flows/progress.ts';
import { reportPins, reportTiming, reportUtilisation, type BuildReport } from './flows/report.ts';
import type { Utilisation } from './flows/utilisation.ts';
import { clockResource, designPorts, mapPins } from './pins.ts';
import { writeEcp5Script } from './scripts/ecp5.ts';
import { writeQuartusProject, writeQuartusScript } from './scripts/quartus.ts';
import { writeVivadoScript } from './scripts/vivado.ts';
import { emitPinShim, shimName, type ShimPll } from './shim.ts';
import { ice40PllParams, planClock } from './wrapper/index.ts';

/** A design that is boards/wrapper's board top around a core. */
export interface WrapperInfo {
  /** The core's design (top module) name. */
  core: string;
  systemMHz: number;
  /** The PLL, described, or null when the oscillator clocks the system. */
  pll: string | null;
  baud: number;
}

export interface BuildOptions {
  board: BoardDef;
  /** The design, ready for the generators (checked, optimised). */
  ir: IrDesign;
  /** `--pins` values: 'port=resource,...' (repeatable). */
  pins?: readonly string[];
  /**
   * The design clock in MHz (default: the board oscillator). Another
   * frequency puts a PLL between the clock pin and the design, configured by
   * boards/wrapper's clock plan (iCE40 only; its errors pass through).
   */
  freqMHz?: number;
  /**
   * The design is a board top from boards/wrapper (it makes its own clock):
   * what it runs at, for the report. `freqMHz` must then be left out.
   */
  wrapper?: WrapperInfo;
  /**
   * Timing target in MHz when it differs from the clock (benchmarks asking
   * "how fast could it go"); defaults to the clock frequency.
   */
  timingTargetMHz?: number;
  /** Output folder. */
  out: string;
  progress?: Progress;
  /** nextpnr seed. */
  seed?: number;
}

export interface BuildResult {
  /** The output folder (absolute). */
  out: string;
  report: BuildReport;
  /** Utilisation in device units (placed for iCE40, estimated otherwise). */
  utilisation: Utilisation;
  timing: ClockTiming[];
}

/** A BoardError from a build that got as far as running tools: where its logs are. */
export class BuildFailure extends BoardError {
  readonly failedDir: string;
  readonly report: BuildReport;
  constructor(cause: BoardError, failedDir: string, report: BuildReport) {
    super(cause.code, cause.message, [...cause.details, `logs and the partial report are in ${failedDir}`]);
    this.failedDir = failedDir;
    this.report = report;
  }
}

interface Planned {
  top: string;
  verilog: string;
  constraints: ConstraintInput;
  report: BuildReport;
}

/** Everything decided before any tool runs: pins, top, clock. Bad input throws here and nothing is written. */
function plan(opts: BuildOptions): Planned {
  const { board, ir } = opts;
  const ports = designPorts(ir);
  const map = mapPins(board, ports, opts.pins ?? []);
  const vnames = verilogModuleNames(ir);
  const designTop = vnames.get(ir.top) ?? ir.top;
  const top = shimName(designTop, board.id, new Set(vnames.values()));

  const clk = clockResource(map);
  let clock: ConstraintInput['clock'];
  let pll: ShimPll | undefined;
  let system: { frequencyMHz: number; via: string } | undefined;
  const notes = [...map.notes];
  if (clk) {
    const osc = clk.resource.frequencyMHz;
    if (osc === undefined) {
      throw new BoardError('frequency', `the clock '${clk.port.name}' is on ${clk.resource.name}, which is not a clock pin of board '${board.id}'; put it on ${board.clocks.map((c) => c.name).join(' or ')}`);
    }
    if (opts.wrapper) {
      if (opts.freqMHz !== undefined) throw new Error('buildForBoard: a wrapped design makes its own clock; give freqMHz to the wrapper');
      system = { frequencyMHz: opts.wrapper.systemMHz, via: opts.wrapper.pll ?? 'the oscillator' };
    } else if (opts.freqMHz !== undefined && opts.freqMHz !== osc) {
      // The wrapper's clock plan decides (and explains) what the PLL can make.
      if (clk.resource.name !== defaultClock(board).name) {
        throw new BoardError('frequency', `--freq ${opts.freqMHz}: a PLL is only made from the board's default clock ${defaultClock(board).name}, and the design's clock is on ${clk.resource.name}`);
      }
      const plan = planClock(board, opts.freqMHz);
      if (plan.pll) {
        pll = { primitive: plan.pll.primitive, params: ice40PllParams(plan.pll.config), outMHz: plan.systemMHz };
        system = { frequencyMHz: plan.systemMHz, via: `${plan.pll.primitive} (DIVR ${plan.pll.config.divr}, DIVF ${plan.pll.config.divf}, DIVQ ${plan.pll.config.divq})` };
      }
    }
    // The pin is constrained at the oscillator; nextpnr derives the PLL output's constraint.
    clock = { port: clk.resource.name, frequencyMHz: opts.timingTargetMHz ?? osc };
  } else if (opts.freqMHz !== undefined) {
    notes.push(`--freq ${opts.freqMHz} ignored: the design has no clock port`);
  }
  const shim = emitPinShim(map, designTop, top, pll);
  const constraints: ConstraintInput = { board, top, ports: shim.ports };
  if (clock) constraints.clock = clock;
  const verilog = `${emitVerilog(ir)}\n${shim.verilog}`;
  const report: BuildReport = {
    tool: REPORT_TOOL,
    ok: false,
    board: { id: board.id, name: board.name, part: board.device.part, family: board.device.family, flow: board.flow },
    design: { top: designTop, boardTop: top },
    result: board.flow === 'ice40' ? 'bitstream' : 'estimate',
    pins: reportPins(shim.ports),
    files: [],
    problems: [],
    notes,
  };
  if (opts.wrapper) report.wrapper = opts.wrapper;
  if (clock && clk) {
    report.clock = { port: clock.port, frequencyMHz: clock.frequencyMHz, source: `pin ${clk.resource.pin}${clk.resource.label ? ` (${clk.resource.label})` : ''}` };
    if (system) report.clock.system = system;
  }
  return { top, verilog, constraints, report };
}

/** Writes the constraint file and the project script of the board's flow. */
function writeProject(dir: BuildDir, p: Planned, board: BoardDef): void {
  const v = `${p.top}.v`;
  const mhz = p.constraints.clock?.frequencyMHz ?? board.clocks[0]!.frequencyMHz;
  switch (board.flow) {
    case 'ice40':
      dir.write(`${p.top}.pcf`, writePcf(p.constraints));
      break;
    case 'ecp5':
      dir.write(`${p.top}.lpf`, writeLpf(p.constraints));
      dir.write('build.sh', writeEcp5Script(board, p.top, { verilog: v, lpf: `${p.top}.lpf` }, mhz));
      break;
    case 'vivado':
      dir.write(`${p.top}.xdc`, writeXdc(p.constraints));
      dir.write('build.tcl', writeVivadoScript(board, p.top, { verilog: v, xdc: `${p.top}.xdc` }));
      break;
    case 'quartus':
      dir.write(`${p.top}.qsf`, writeQsf(p.constraints, { verilog: v, sdc: `${p.top}.sdc` }));
      dir.write(`${p.top}.sdc`, writeSdc(p.constraints));
      dir.write(`${p.top}.qpf`, writeQuartusProject(p.top));
      dir.write('build.tcl', writeQuartusScript(board, p.top));
      break;
  }
}

/** The report with its keys in reading order. */
function ordered(r: BuildReport): BuildReport {
  const o: BuildReport = { tool: r.tool, ok: r.ok, board: r.board, design: r.design, result: r.result } as BuildReport;
  if (r.wrapper) o.wrapper = r.wrapper;
  if (r.clock) o.clock = r.clock;
  if (r.timing) o.timing = r.timing;
  if (r.utilisation) o.utilisation = r.utilisation;
  o.pins = r.pins;
  o.problems = r.problems;
  o.notes = r.notes;
  o.files = r.files;
  return o;
}

function finishReport(dir: BuildDir, report: BuildReport): void {
  report.files = [...new Set([...dir.list(), REPORT_FILE])].sort();
  dir.write(REPORT_FILE, JSON.stringify(ordered(report), null, 2) + '\n');
}

export async function buildForBoard(opts: BuildOptions): Promise<BuildResult> {
  const progress = opts.progress ?? silent;
  const board = opts.board;
  const p = plan(opts);
  const dir = BuildDir.open(opts.out);
  const report = p.report;
  let utilisation: Utilisation | undefined;
  let timing: ClockTiming[] = [];
  try {
    dir.write(`${p.top}.v`, p.verilog);
    writeProject(dir, p, board);
    if (board.flow === 'ice40') {
      const target = p.report.clock?.system?.frequencyMHz ?? p.constraints.clock?.frequencyMHz ?? board.clocks[0]!.frequencyMHz;
      const r = await runIce40Flow({ board, verilog: p.verilog, top: p.top, pcf: writePcf(p.constraints), targetMHz: target, seed: opts.seed ?? 1, files: { verilog: `${p.top}.v`, pcf: `${p.top}.pcf` }, onSynthesis: (u) => (report.utilisation = reportUtilisation(u, board)) }, progress, (n, c) => dir.write(n, c));
      utilisation = r.placed;
      timing = r.clocks;
      report.utilisation = reportUtilisation(r.placed, board);
      const carries = new Map(p.constraints.ports.map((q) => [q.name, q.carries]));
      report.timing = reportTiming(r.clocks, carries);
      if (p.constraints.clock) assertTiming(r.clocks, board.id, (sig) => (carries.has(sig) ? `'${carries.get(sig)}' on pin ${sig}` : `'${sig}'`));
    } else {
      const u = await estimateUtilisation(board, p.verilog, p.top, progress, (n, c) => dir.write(n, c));
      utilisation = u;
      report.utilisation = reportUtilisation(u, board);
      assertFits(utilisation, board, 'Yosys synthesis estimate');
      report.notes.push(`utilisation is a Yosys estimate; run the generated ${board.flow === 'ecp5' ? 'build.sh' : 'build.tcl'} with the vendor tools for the bitstream and timing`);
    }
    report.ok = true;
    finishReport(dir, report);
    const out = dir.commit();
    return { out, report, utilisation: utilisation!, timing };
  } catch (e) {
    report.ok = false;
    report.problems = isBoardError(e) ? [e.message, ...e.details] : [`internal error: ${e instanceof Error ? e.message : String(e)}`];
    try {
      finishReport(dir, report);
    } catch {
      // The report is a courtesy; the failure itself matters more.
    }
    const failed = dir.fail();
    if (isBoardError(e)) throw new BuildFailure(e, failed, report);
    throw e;
  }
}
