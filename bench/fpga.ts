// bench/fpga: the largest spike-driven block there is, the neurosynaptic core
// of ip/core (N = 256 neurons, A = 256 axons, 4-bit signed weights, one lane:
// the tinyODIN size), built for the iCEBreaker (iCE40UP5K) with the in-Node
// flow: logic cells, block RAM / SPRAM, DSP, Fmax and synaptic operations per
// second (Fmax x one synaptic operation per clock per lane). When it does
// not fit the UP5K, the bench records why and also builds the largest smaller
// core (fewer axons) that fits. A Yosys synth_xilinx estimate for the Arty
// A7-35 (LUT, FF, BRAM) completes the picture. Writes bench/results/fpga.json.
//
// The weights are pseudo-random (fixed seed): all-zero weights would let
// Yosys fold the weight memory away and measure nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elaborate } from '../hdl/index.ts';
import { foldConstants, removeDeadLogic } from '../hdl/passes/index.ts';
import { buildForBoard, BuildFailure, type BuildResult } from '../boards/build.ts';
import { findBoard } from '../boards/defs/index.ts';
import type { Progress } from '../boards/flows/progress.ts';
import type { BuildReport } from '../boards/flows/report.ts';
import { NeurosynapticCore, defaultCoreParams, type CoreParams } from '../ip/core/index.ts';

/** Deterministic signed 4-bit weights (a 32-bit LCG), axons x neurons. */
function weights(axons: number, neurons: number, seed = 12345): number[][] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 28) - 8;
  };
  return Array.from({ length: axons }, () => Array.from({ length: neurons }, next));
}

function coreParams(neurons: number, axons: number): CoreParams {
  return { ...defaultCoreParams, neurons, axons, lanes: 1, weightWidth: 4, signMode: 'signed', weights: weights(axons, neurons) };
}

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
  board: string;
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
  const t = r.timing?.[0];
  if (t) {
    out.fmaxMHz = t.achievedMHz;
    out.synapticOpsPerSecond = Math.round(t.achievedMHz * 1e6 * base.lanes);
    if (t.worstPath) out.worstPath = t.worstPath;
  }
  return out;
}

async function buildCore(boardId: string, neurons: number, axons: number, scratch: string): Promise<CoreBuild> {
  const board = findBoard(boardId)!;
  process.stderr.write(`[bench/fpga] core N=${neurons} A=${axons} on ${boardId}\n`);
  const p = coreParams(neurons, axons);
  const ir = removeDeadLogic(foldConstants(elaborate(NeurosynapticCore, p)));
  const base = { neurons, axons, lanes: p.lanes, weightBits: p.weightWidth, board: boardId };
  // The AER buses on the PMOD headers, the handshakes on buttons and LEDs.
  const pins = board.flow === 'ice40' ? ['in_axon=pmod1a', 'out_addr=pmod1b'] : board.id === 'arty-a7-35' ? ['in_axon=ja', 'out_addr=jb'] : [];
  const t = performance.now();
  let r: BuildResult;
  try {
    r = await buildForBoard({ board, ir, pins, out: join(scratch, `${boardId}-${neurons}x${axons}`), progress });
  } catch (e) {
    if (e instanceof BuildFailure) return fromReport(e.report, base, (performance.now() - t) / 1000);
    throw e;
  }
  return fromReport(r.report, base, (performance.now() - t) / 1000);
}

export async function runFpgaBench(): Promise<unknown> {
  const scratch = mkdtempSync(join(tmpdir(), 'spikeforge-bench-fpga-'));
  try {
    const ice40: CoreBuild[] = [];
    // The tinyODIN size first; then fewer axons until the core fits the UP5K.
    for (const axons of [256, 128, 64, 32]) {
      const b = await buildCore('icebreaker', 256, axons, scratch);
      ice40.push(b);
      if (b.logicCells !== undefined && b.fmaxMHz !== undefined) break;
    }
    const xilinx = await buildCore('arty-a7-35', 256, 256, scratch);
    const summary = {
      bench: 'fpga',
      machine: { node: process.version },
      design: 'ip/core NeurosynapticCore, tinyODIN LIF neurons, 4-bit signed weights, 1 lane (1 synaptic op per clock)',
      icebreaker: ice40,
      artyA7Estimate: xilinx,
    };
    writeFileSync(join('bench', 'results', 'fpga.json'), JSON.stringify(summary, null, 2) + '\n');
    for (const b of [...ice40, xilinx]) {
      process.stderr.write(
        `[bench/fpga] ${b.board} N=${b.neurons} A=${b.axons}: ${b.ok ? 'ok' : `FAILED (${b.problem?.[0] ?? '?'})`}; logic ${b.logicCells ?? '-'}, FF ${b.flipFlops ?? '-'}, BRAM ${b.blockRams ?? '-'}, SPRAM ${b.spram ?? '-'}, DSP ${b.dsp ?? '-'}` +
          (b.fmaxMHz !== undefined ? `, Fmax ${b.fmaxMHz} MHz = ${(b.synapticOpsPerSecond! / 1e6).toFixed(1)} MSOP/s` : '') +
          ` (${b.seconds} s)\n`,
      );
    }
    return summary;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await runFpgaBench();
