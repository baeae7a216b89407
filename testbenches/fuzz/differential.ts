// Differential simulation: one design, one stimulus, several configurations
// (back ends, and the built-in back end on the optimised IR, which checks the
// constant folding and dead-logic passes), every output compared in every
// cycle. No configuration is the reference: where they disagree, the values
// are grouped and the ones outside the largest group are the suspects.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IrDesign } from '../../hdl/ir.ts';
import { topModule } from '../../hdl/ir.ts';
import { foldConstants, removeDeadLogic } from '../../hdl/passes/index.ts';
import { createSimulator, type BackendName } from '../backends.ts';
import type { Simulator } from '../simulator.ts';
import type { FuzzStimulus } from './stimulus.ts';

/** A way to simulate: a back end, or 'builtin-opt' (the built-in back end on the folded, pruned IR). */
export type FuzzConfig = BackendName | 'builtin-opt';

export const ALL_CONFIGS: readonly FuzzConfig[] = ['builtin', 'builtin-opt', 'verilator', 'iverilog'];

export interface ConfigRun {
  config: FuzzConfig;
  /** Why the configuration could not simulate the design (creation, reset or run threw). */
  error?: string;
  createSeconds: number;
  runSeconds: number;
  /** Observed outputs per cycle (absent after an error). */
  rows?: bigint[][];
  /** The compiled model or testbench this run used, when it was kept (see `dropCompiled`). */
  compiledDir?: string;
}

export interface Disagreement {
  cycle: number;
  signal: string;
  /** Value per configuration. */
  values: Partial<Record<FuzzConfig, bigint>>;
  /** Configurations outside the largest group of equal values (all of them on a tie). */
  suspects: FuzzConfig[];
}

export interface DifferentialResult {
  runs: ConfigRun[];
  observe: string[];
  /** The first disagreement of every output that has one, earliest first. */
  disagreements: Disagreement[];
  /** Stimulus cycles run. */
  cycles: number;
}

export interface DifferentialOptions {
  configs: readonly FuzzConfig[];
  /** Reset cycles before the stimulus (default 2). */
  resetCycles?: number;
  cacheDir?: string;
  /** Remove the compiled Verilator model and Icarus testbench afterwards (random designs are never run twice). */
  dropCompiled?: boolean;
  onProgress?: (msg: string) => void;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Where a simulator keeps its compiled model, when it has one (Verilator, Icarus). */
export function compiledDir(sim: Simulator): string | null {
  const s = sim as { buildInfo?: { dir?: string }; startInfo?: { vvp?: string } };
  if (s.buildInfo?.dir) return s.buildInfo.dir;
  if (s.startInfo?.vvp) return dirname(s.startInfo.vvp);
  return null;
}

export function runDifferential(design: IrDesign, stim: FuzzStimulus, opts: DifferentialOptions): DifferentialResult {
  const observe = topModule(design).ports.filter((p) => p.dir === 'output').map((p) => p.name);
  const resetCycles = opts.resetCycles ?? 2;
  let optimised: IrDesign | null = null;
  const runs: ConfigRun[] = [];
  for (const config of opts.configs) {
    const run: ConfigRun = { config, createSeconds: 0, runSeconds: 0 };
    runs.push(run);
    let sim: Simulator | null = null;
    try {
      const t0 = performance.now();
      let ir = design;
      if (config === 'builtin-opt') ir = optimised ??= removeDeadLogic(foldConstants(design));
      sim = createSimulator(ir, config === 'builtin-opt' ? 'builtin' : config, {
        ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
      const t1 = performance.now();
      run.createSeconds = (t1 - t0) / 1000;
      if (resetCycles > 0) sim.reset(resetCycles);
      run.rows = sim.run({ inputs: stim.inputs, cycles: stim.rows, observe });
      run.runSeconds = (performance.now() - t1) / 1000;
    } catch (e) {
      run.error = message(e);
      delete run.rows;
    } finally {
      try {
        sim?.close();
      } catch (e) {
        run.error ??= message(e);
      }
      const dir = sim ? compiledDir(sim) : null;
      if (dir && opts.dropCompiled) rmSync(dir, { recursive: true, force: true });
      else if (dir) run.compiledDir = dir;
    }
  }
  return { runs, observe, disagreements: compareRuns(runs, observe), cycles: stim.rows.length };
}

/** The first cycle at which each output differs between the runs that have rows. */
export function compareRuns(runs: readonly ConfigRun[], observe: readonly string[]): Disagreement[] {
  const ok = runs.filter((r) => r.rows);
  if (ok.length < 2) return [];
  const cycles = Math.min(...ok.map((r) => r.rows!.length));
  const out: Disagreement[] = [];
  for (let j = 0; j < observe.length; j++) {
    for (let k = 0; k < cycles; k++) {
      const first = ok[0]!.rows![k]![j]!;
      let same = true;
      for (let r = 1; r < ok.length; r++) {
        if (ok[r]!.rows![k]![j] !== first) {
          same = false;
          break;
        }
      }
      if (same) continue;
      const values: Partial<Record<FuzzConfig, bigint>> = {};
      const groups = new Map<bigint, FuzzConfig[]>();
      for (const r of ok) {
        const v = r.rows![k]![j]!;
        values[r.config] = v;
        groups.set(v, [...(groups.get(v) ?? []), r.config]);
      }
      const sizes = [...groups.values()].map((g) => g.length);
      const biggest = Math.max(...sizes);
      const majority = sizes.filter((s) => s === biggest).length === 1 ? [...groups.values()].find((g) => g.length === biggest)! : [];
      out.push({ cycle: k, signal: observe[j]!, values, suspects: ok.map((r) => r.config).filter((c) => !majority.includes(c)) });
      break;
    }
  }
  return out.sort((a, b) => a.cycle - b.cycle || (a.signal < b.signal ? -1 : a.signal > b.signal ? 1 : 0));
}

/** Removes the compiled models a differential run kept. */
export function dropCompiled(runs: readonly ConfigRun[]): void {
  for (const r of runs) if (r.compiledDir) rmSync(r.compiledDir, { recursive: true, force: true });
}
