// A fuzz finding on disk, so that it stays a test: the block's seed (to
// regenerate it while the generator is unchanged), its IR as JSON (to run it
// after the generator changed), the stimulus cut after the first
// disagreement, and what each configuration showed when it was found.
// `status` is 'open' while the bug is not fixed (the regression test then
// checks that the disagreement is still there, so fixing it is noticed) and
// 'fixed' once it is (the test demands agreement).
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IrDesign } from '../../hdl/ir.ts';
import { irFromJson, irToJson } from '../../hdl/passes/index.ts';
import type { Disagreement, FuzzConfig } from './differential.ts';
import type { KnownBug } from './known-bugs.ts';
import type { FuzzStimulus } from './stimulus.ts';

export const REGRESSION_FORMAT = 'spikeforge-fuzz-regression';

export interface RegressionFile {
  format: typeof REGRESSION_FORMAT;
  version: 1;
  /** File name without extension, e.g. 'fuzz-1a2b3c4d'. */
  name: string;
  /** Seed of the block (randomBlock) and the generator version it was made with. */
  seed: number;
  generatorVersion: number;
  generatorOptions: { ops: number; resetActiveLow: boolean };
  /** Where the campaign found it. */
  campaign?: { seed: number; index: number; batch: number; block: number };
  status: 'open' | 'fixed';
  /** The known bugs it was classified as when found (confirmed by their workarounds). */
  known?: KnownBug[];
  /** What is wrong and where (filled in by whoever analyses it). */
  note?: string;
  configs: FuzzConfig[];
  resetCycles: number;
  /** The first disagreement (absent when the finding is a configuration that failed outright). */
  disagreement?: { cycle: number; signal: string; values: Record<string, string>; suspects: FuzzConfig[] };
  /** Configurations that could not simulate the design, with their messages. */
  errors?: { config: FuzzConfig; message: string }[];
  inputs: string[];
  /** Stimulus rows, values as decimal strings. */
  rows: string[][];
  /** The design, as irToJson writes it (parsed). */
  ir: unknown;
}

export interface Regression {
  file: RegressionFile;
  path: string;
  design: IrDesign;
  stimulus: FuzzStimulus;
}

export function makeRegression(f: {
  seed: number;
  generatorVersion: number;
  generatorOptions: { ops: number; resetActiveLow: boolean };
  campaign?: RegressionFile['campaign'];
  configs: readonly FuzzConfig[];
  resetCycles: number;
  disagreement: Disagreement | null;
  errors?: { config: FuzzConfig; message: string }[];
  known?: KnownBug[] | null;
  stimulus: FuzzStimulus;
  design: IrDesign;
}): RegressionFile {
  const d = f.disagreement;
  const values: Record<string, string> = {};
  if (d) for (const [k, v] of Object.entries(d.values)) if (v !== undefined) values[k] = v.toString();
  return {
    format: REGRESSION_FORMAT,
    version: 1,
    name: `fuzz-${(f.seed >>> 0).toString(16).padStart(8, '0')}`,
    seed: f.seed,
    generatorVersion: f.generatorVersion,
    generatorOptions: f.generatorOptions,
    ...(f.campaign ? { campaign: f.campaign } : {}),
    status: 'open',
    ...(f.known ? { known: f.known } : {}),
    configs: [...f.configs],
    resetCycles: f.resetCycles,
    ...(d ? { disagreement: { cycle: d.cycle, signal: d.signal, values, suspects: [...d.suspects] } } : {}),
    ...(f.errors && f.errors.length > 0 ? { errors: f.errors } : {}),
    inputs: f.stimulus.inputs,
    rows: f.stimulus.rows.map((r) => r.map((v) => v.toString())),
    ir: JSON.parse(irToJson(f.design)),
  };
}

/** Writes `dir/<name>.json` (atomically); returns the path. An existing file keeps its status and note. */
export function saveRegression(dir: string, r: RegressionFile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${r.name}.json`);
  let out = r;
  try {
    const old = JSON.parse(readFileSync(path, 'utf8')) as RegressionFile;
    out = { ...r, status: old.status, ...(old.note ? { note: old.note } : {}) };
  } catch {
    // a new finding
  }
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, formatRegression(out));
  renameSync(tmp, path);
  return path;
}

/** The file text: the findings readable, one stimulus row per line, the IR compact (one line per module). */
export function formatRegression(r: RegressionFile): string {
  const lines: string[] = ['{'];
  const entries = Object.entries(r);
  entries.forEach(([k, v], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (k === 'rows') {
      const rows = v as string[][];
      lines.push(`  "rows": [`, ...rows.map((row, j) => `    ${JSON.stringify(row)}${j < rows.length - 1 ? ',' : ''}`), `  ]${comma}`);
    } else if (k === 'ir') {
      const ir = v as { modules?: unknown[] } & Record<string, unknown>;
      const { modules, ...head } = ir;
      const headText = JSON.stringify(head);
      lines.push(`  "ir": ${headText.slice(0, -1)}${Object.keys(head).length ? ',' : ''} "modules": [`);
      (modules ?? []).forEach((m, j) => lines.push(`    ${JSON.stringify(m)}${j < (modules ?? []).length - 1 ? ',' : ''}`));
      lines.push(`  ]}${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}${comma}`);
    }
  });
  lines.push('}', '');
  return lines.join('\n');
}

export function loadRegression(path: string): Regression {
  const file = JSON.parse(readFileSync(path, 'utf8')) as RegressionFile;
  if (file.format !== REGRESSION_FORMAT) throw new Error(`${path}: not a fuzz regression (format '${String(file.format)}')`);
  const design = irFromJson(JSON.stringify(file.ir));
  const stimulus: FuzzStimulus = { inputs: file.inputs, rows: file.rows.map((r) => r.map((v) => BigInt(v))) };
  return { file, path, design, stimulus };
}

/** Every regression file of a directory, sorted by name (none when it does not exist). */
export function listRegressions(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}
