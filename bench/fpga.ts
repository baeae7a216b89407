// bench/fpga: the neurosynaptic core of ip/core at the tinyODIN size
// (N = 256 neurons, A = 256 axons, 4-bit signed weights, one lane) on the
// iCEBreaker (iCE40UP5K), in the board top of boards/wrapper (PLL to 24 MHz,
// reset synchroniser, UART spike bridge at 115200 baud, LEDs), built with the
// in-Node flow (Yosys, nextpnr-ice40, icepack): logic cells, block RAM,
// SPRAM, DSP, Fmax and synaptic operations per second (Fmax x one synaptic
// operation per clock per lane).
//
// The core is built with `weightLoad: 'runtime'`: its 256 kbit weight memory
// has no initial contents and one address port, so Yosys maps it to one
// SB_SPRAM256KA (16K x 16: 16-bit words, four weights each); the host loads
// the weights over the UART (write-weight packets, docs/board-top.md). With
// initial contents the same memory needs 66 of the UP5K's 30 block RAMs.
//
// A Yosys synth_xilinx estimate of the bare core (weights as initial
// contents) for the Arty A7-35 (LUT, FF, BRAM) completes the picture.
// Writes bench/results/fpga.json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elaborate } from '../hdl/index.ts';
import { foldConstants, removeDeadLogic } from '../hdl/passes/index.ts';
import { buildForBoard, BuildFailure, type BuildResult } from '../boards/build.ts';
import { findBoard } from '../boards/defs/index.ts';
import type { Progress } from '../boards/flows/progress.ts';
import type { BuildReport } from '../boards/flows/report.ts';
import { buildBoardTop } from '../boards/wrapper/index.ts';
import { NeurosynapticCore, coreGeometry, defaultCoreParams, type CoreParams } from '../ip/core/index.ts';

/** Deterministic signed 4-bit weights (a 32-bit LCG), axons x neurons. */
function weights(axons: number, neurons: number, seed = 12345): number[][] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 28) - 8;
  };
  return Array.from({ length: axons }, () => Array.from({ length: neurons }, next));
}

function coreParams(neurons: number, axons: number, weightLoad: 'init' | 'runtime', wordWidth: number): CoreParams {
  return { ...defaultCoreParams, neurons, axons, lanes: 1, weightWidth: 4, signMode: 'signed', wordWidth, weights: weights(axons, neurons), weightLoad };
}

/** The system clock of the board top on the iCEBreaker, and the UART rate. */
const SYSTEM_MHZ = 24;
const BAUD = 115_200;
/** 16-bit words: 256 x 256 x 4 bits are 16K words, one SPRAM's shape. */
const RUNTIME_WORD_WIDTH = 16;

const progress: Progress = {
  step: async (label, work) => {
    const t = performance.now();
    process.stderr.write(`[bench/fpga]   ${label}... `);
    try {
      const r = await work();
      process.stderr.write(`${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      return r;
    } catch (e) {
      process.stderr.write(`failed after ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      throw e;
    }
  },
  note: (t) => process.stderr.write(`[bench/fpga]   ${t}\n`),
};

export interface CoreBuild {
  neurons: number;
  axons: number;
  lanes: number;
  weightBits: number;
  /** Bits of a weight memory word. */
  wordBits: number;
  /** 'init': weights as memory contents; 'runtime': loaded over the UART. */
  weightLoad: 'init' | 'runtime';
  /** What was built: the bare core, or the board top around it (PLL, reset, UART bridge, LEDs). */
  top: 'core' | 'board top';
  board: string;
  /** Clock the build was timed against (MHz). */
  targetMHz?: number;
  ok: boolean;
  /** Why it failed (does not fit, timing), or absent. */
  problem?: string[];
  seconds: number;
  logicCells?: number;
  flipFlops?: number;
  blockRams?: number;
  spram?: number;
  dsp?: number;
  fmaxMHz?: number;
  /** Fmax x lanes: one synaptic operation per clock per lane. */
  synapticOpsPerSecond?: number;
  /** nextpnr's critical path of the clock. */
  worstPath?: { from: string; to: string; delayNs: number; logicLevels: number };
  utilisationSource?: string;
}

function fromReport(r: BuildReport, base: Omit<CoreBuild, 'ok' | 'seconds'>, seconds: number): CoreBuild {
  const line = (what: RegExp): number | undefined => r.utilisation?.lines.find((l) => what.test(l.what))?.used;
  const out: CoreBuild = { ...base, ok: r.ok, seconds: Math.round(seconds * 10) / 10 };
  if (!r.ok) out.problem = r.problems;
  const set = (k: keyof CoreBuild, v: number | undefined): void => {
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  };
  set('logicCells', line(/^logic/));
  set('flipFlops', line(/^flip-flops/));
  set('blockRams', line(/^block RAM/));
  set('spram', line(/^SPRAM/));
  set('dsp', line(/^DSP/));
  if (r.utilisation) out.utilisationSource = r.utilisation.source;
  // The system clock: the PLL output of a board top (the highest target), else the only clock.
  const t = [...(r.timing ?? [])].sort((a, b) => b.targetMHz - a.targetMHz)[0];
  if (t) {
    out.targetMHz = Math.round(t.targetMHz * 1000) / 1000;
    out.fmaxMHz = t.achievedMHz;
    out.synapticOpsPerSecond = Math.round(t.achievedMHz * 1e6 * base.lanes);
    if (t.worstPath) out.worstPath = t.worstPath;
  }
  return out;
}

async function build(board: ReturnType<typeof findBoard> & object, base: Omit<CoreBuild, 'ok' | 'seconds'>, opts: Omit<Parameters<typeof buildForBoard>[0], 'board' | 'progress'>): Promise<CoreBuild> {
  const t = performance.now();
  let r: BuildResult;
  try {
    r = await buildForBoard({ board, progress, ...opts });
  } catch (e) {
    if (e instanceof BuildFailure) return fromReport(e.report, base, (performance.now() - t) / 1000);
    throw e;
  }
  return fromReport(r.report, base, (performance.now() - t) / 1000);
}

/** The core with runtime-loaded weights in the board top, through the whole iCE40 flow. */
export async function buildBoardTopCore(boardId: string, neurons: number, axons: number, scratch: string): Promise<CoreBuild> {
  const board = findBoard(boardId)!;
  process.stderr.write(`[bench/fpga] board top, core N=${neurons} A=${axons} (weights loaded at runtime) on ${boardId} at ${SYSTEM_MHZ} MHz\n`);
  const p = coreParams(neurons, axons, 'runtime', RUNTIME_WORD_WIDTH);
  const top = buildBoardTop(board, { design: NeurosynapticCore, params: p }, { freqMHz: SYSTEM_MHZ, baud: BAUD, name: 'NeurosynapticCore_board_top' });
  const ir = removeDeadLogic(foldConstants(elaborate(top.design)));
  const pll = top.clock.pll;
  const wrapper = { core: 'NeurosynapticCore', systemMHz: top.clock.systemMHz, pll: pll ? `${pll.primitive} (DIVR ${pll.config.divr}, DIVF ${pll.config.divf}, DIVQ ${pll.config.divq})` : null, baud: BAUD };
  const base = { neurons, axons, lanes: p.lanes, weightBits: p.weightWidth, wordBits: p.wordWidth, weightLoad: 'runtime' as const, top: 'board top' as const, board: boardId };
  return build(board, base, { ir, pins: top.pins, wrapper, out: join(scratch, `${boardId}-${neurons}x${axons}-top`) });
}

/** The bare core with its weights as memory contents (a synthesis estimate outside iCE40). */
export async function buildBareCore(boardId: string, neurons: number, axons: number, scratch: string): Promise<CoreBuild> {
  const board = findBoard(boardId)!;
  process.stderr.write(`[bench/fpga] core N=${neurons} A=${axons} (weights as initial contents) on ${boardId}\n`);
  const p = coreParams(neurons, axons, 'init', defaultCoreParams.wordWidth);
  const ir = removeDeadLogic(foldConstants(elaborate(NeurosynapticCore, p)));
  const base = { neurons, axons, lanes: p.lanes, weightBits: p.weightWidth, wordBits: p.wordWidth, weightLoad: 'init' as const, top: 'core' as const, board: boardId };
  // The AER buses on the PMOD headers, the handshakes on buttons and LEDs.
  const pins = board.flow === 'ice40' ? ['in_axon=pmod1a', 'out_addr=pmod1b'] : board.id === 'arty-a7-35' ? ['in_axon=ja', 'out_addr=jb'] : [];
  return build(board, base, { ir, pins, out: join(scratch, `${boardId}-${neurons}x${axons}`) });
}

export async function runFpgaBench(): Promise<unknown> {
  const scratch = mkdtempSync(join(tmpdir(), 'spikeforge-bench-fpga-'));
  try {
    const ice40 = await buildBoardTopCore('icebreaker', 256, 256, scratch);
    const xilinx = await buildBareCore('arty-a7-35', 256, 256, scratch);
    const g = coreGeometry(coreParams(256, 256, 'runtime', RUNTIME_WORD_WIDTH));
    const summary = {
      bench: 'fpga',
      machine: { node: process.version },
      design: 'ip/core NeurosynapticCore, tinyODIN LIF neurons, 4-bit signed weights, 1 lane (1 synaptic op per clock)',
      icebreaker: {
        what: `board top (PLL ${SYSTEM_MHZ} MHz, reset, UART spike bridge ${BAUD} baud, LEDs) around the core with weightLoad 'runtime': ${g.weights.depth} x ${g.weights.wordWidth}-bit weight words, loaded over the UART`,
        ...ice40,
      },
      artyA7Estimate: { what: 'the bare core, weights as initial contents; Yosys synth_xilinx estimate', ...xilinx },
    };
    writeFileSync(join('bench', 'results', 'fpga.json'), JSON.stringify(summary, null, 2) + '\n');
    for (const b of [ice40, xilinx]) {
      process.stderr.write(
        `[bench/fpga] ${b.board} ${b.top} N=${b.neurons} A=${b.axons} (${b.weightLoad}): ${b.ok ? 'ok' : `FAILED (${b.problem?.[0] ?? '?'})`}; logic ${b.logicCells ?? '-'}, FF ${b.flipFlops ?? '-'}, BRAM ${b.blockRams ?? '-'}, SPRAM ${b.spram ?? '-'}, DSP ${b.dsp ?? '-'}` +
          (b.fmaxMHz !== undefined ? `, Fmax ${b.fmaxMHz} MHz (target ${b.targetMHz}) = ${(b.synapticOpsPerSecond! / 1e6).toFixed(1)} MSOP/s` : '') +
          ` (${b.seconds} s)\n`,
      );
    }
    return summary;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await runFpgaBench();
