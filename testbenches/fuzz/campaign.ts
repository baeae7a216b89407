// A fuzz campaign: N random designs, batched into top modules of many
// independent blocks (one Verilator build per batch), each batch run on every
// configuration with one random stimulus, every output compared in every
// cycle. A disagreement is traced to its block, which is re-run on its own
// with its share of the stimulus, checked against the known bugs and saved as
// a regression. Designs the generator cannot elaborate are generator bugs and
// are reported with their seed.
import { elaborate, type Design } from '../../hdl/index.ts';
import type { IrDesign } from '../../hdl/ir.ts';
import { dropCompiled, runDifferential, type ConfigRun, type Disagreement, type FuzzConfig } from './differential.ts';
import { batchDesign, designSeed, GENERATOR_VERSION, randomBlock, type BlockIo } from './generator.ts';
import { classifyFinding, type KnownBug } from './known-bugs.ts';
import { zeroPowerUp } from './power-up.ts';
import { keepOutputs, outputsToKeep } from './minimise.ts';
import { makeRegression, saveRegression } from './regression.ts';
import { mixSeed } from './rng.ts';
import { blockStimulus, randomStimulus, selectColumns } from './stimulus.ts';

export interface CampaignOptions {
  designs: number;
  seed: number;
  /** Designs per batch (one top module); default 50. */
  batch?: number;
  /** Cycles per batch; default 200. */
  cycles?: number;
  /** Operations per design; default 30. */
  ops?: number;
  configs: readonly FuzzConfig[];
  cacheDir?: string;
  /** Directory to save regressions in; none when absent. */
  saveDir?: string;
  /** Findings of each known bug saved as regressions (default 2; the rest are only counted). */
  saveKnown?: number;
  onEvent?: (e: CampaignEvent) => void;
}

export type CampaignEvent =
  | { kind: 'batch-start'; batch: number; batches: number; first: number; count: number }
  | { kind: 'batch-done'; batch: number; batches: number; runs: ConfigRun[]; disagreements: number; seconds: number }
  | { kind: 'finding'; finding: Finding }
  | { kind: 'generator-error'; seed: number; index: number; message: string }
  | { kind: 'config-error'; batch: number; config: FuzzConfig; message: string }
  | { kind: 'progress'; message: string };

export interface Finding {
  /** Seed of the block, its index in the campaign, its batch and place in it. */
  seed: number;
  index: number;
  batch: number;
  block: number;
  /** The first disagreement in the batch run (signal names carry the b<i>_ prefix); null when a configuration failed outright. */
  inBatch: Disagreement | null;
  /** The disagreement of the block run on its own (null when it did not show there). */
  alone: Disagreement | null;
  /** Configurations that failed outright on the block alone. */
  aloneErrors: { config: FuzzConfig; message: string }[];
  /** The known bugs that explain it (confirmed by re-running with their workarounds), or null for a new one. */
  known: KnownBug[] | null;
  saved?: string;
}

export interface CampaignResult {
  designs: number;
  batches: number;
  /** Stimulus cycles per configuration over all batches. */
  cycles: number;
  configs: FuzzConfig[];
  seconds: number;
  /** Seconds per configuration: creation (builds) and simulation. */
  timing: Record<string, { create: number; run: number }>;
  findings: Finding[];
  /** Findings per known bug. */
  known: Partial<Record<KnownBug, number>>;
  generatorErrors: { seed: number; index: number; message: string }[];
  configErrors: { batch: number; config: FuzzConfig; message: string }[];
}

function message(e: unknown): string {
  if (e && typeof e === 'object' && Array.isArray((e as { diagnostics?: unknown }).diagnostics)) {
    const ds = (e as { diagnostics: { code: string; message: string; loc: { file: string; line: number } }[] }).diagnostics;
    return ds.slice(0, 3).map((d) => `${d.loc.file}:${d.loc.line}: ${d.code}: ${d.message}`).join('; ');
  }
  return e instanceof Error ? e.message : String(e);
}

export function runCampaign(opts: CampaignOptions): CampaignResult {
  const t0 = performance.now();
  const per = opts.batch ?? 50;
  const cycles = opts.cycles ?? 200;
  const ops = opts.ops ?? 30;
  const batches = Math.ceil(opts.designs / per);
  const emit = opts.onEvent ?? (() => {});
  const result: CampaignResult = {
    designs: opts.designs,
    batches,
    cycles: 0,
    configs: [...opts.configs],
    seconds: 0,
    timing: Object.fromEntries(opts.configs.map((c) => [c, { create: 0, run: 0 }])),
    findings: [],
    known: {},
    generatorErrors: [],
    configErrors: [],
  };

  for (let b = 0; b < batches; b++) {
    const tb = performance.now();
    const first = b * per;
    const count = Math.min(per, opts.designs - first);
    emit({ kind: 'batch-start', batch: b, batches, first, count });
    const resetActiveLow = (mixSeed(opts.seed, b, 0x5e7) & 1) === 1;
    // Each block alone first: a block that does not elaborate is a generator bug, and stays out of the batch.
    const blocks: { index: number; seed: number; design: Design<Record<string, never>, BlockIo>; ir: IrDesign }[] = [];
    for (let i = first; i < first + count; i++) {
      const seed = designSeed(opts.seed, i);
      const design = randomBlock(seed, { ops, resetActiveLow });
      try {
        blocks.push({ index: i, seed, design, ir: zeroPowerUp(elaborate(design)) });
      } catch (e) {
        const err = { seed, index: i, message: message(e) };
        result.generatorErrors.push(err);
        emit({ kind: 'generator-error', ...err });
      }
    }
    if (blocks.length === 0) continue;
    const build = (keep: number[]): IrDesign =>
      zeroPowerUp(elaborate(batchDesign(`FuzzBatch_${opts.seed}_${b}`, keep.map((k) => [k, blocks[k]!.design] as const), resetActiveLow)));
    let active = blocks.map((_, k) => k);
    let ir: IrDesign;
    try {
      ir = build(active);
    } catch (e) {
      const err = { seed: opts.seed, index: first, message: `batch ${b}: ${message(e)}` };
      result.generatorErrors.push(err);
      emit({ kind: 'generator-error', ...err });
      continue;
    }
    const stim = randomStimulus(ir, mixSeed(opts.seed, b, 0x571), cycles, resetActiveLow);
    result.cycles += cycles;
    const found = new Set<number>();
    let configs: readonly FuzzConfig[] = opts.configs;
    let lastRuns: ConfigRun[] = [];
    // A configuration that fails on the batch loses every block of it: the blocks its error names are
    // taken out and examined alone, and the configuration runs again on the rest (with the reference).
    for (let round = 0; round < 4 && configs.length > 0; round++) {
      const diff = runDifferential(ir, selectColumns(stim, ir), { configs, dropCompiled: true, ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}), onProgress: (m) => emit({ kind: 'progress', message: m }) });
      if (round === 0) lastRuns = diff.runs;
      for (const r of diff.runs) {
        result.timing[r.config]!.create += r.createSeconds;
        result.timing[r.config]!.run += r.runSeconds;
      }
      // Disagreements, by block: the earliest one of each.
      const byBlock = new Map<number, Disagreement>();
      for (const d of diff.disagreements) {
        const m = /^b(\d+)_/.exec(d.signal);
        const k = m ? Number(m[1]) : -1;
        if (!byBlock.has(k) && !found.has(k)) byBlock.set(k, d);
      }
      for (const [k, d] of byBlock) {
        if (!blocks[k]) continue;
        found.add(k);
        result.findings.push(isolate(blocks[k]!, k, b, d, stim, opts, ops, resetActiveLow, result, emit));
      }
      const failed = diff.runs.filter((r) => r.error !== undefined);
      const culprits = new Set<number>();
      for (const r of failed) {
        const named = [...r.error!.matchAll(/\bb(\d+)_/g)].map((m) => Number(m[1])).filter((k) => active.includes(k));
        if (named.length === 0) {
          const err = { batch: b, config: r.config, message: r.error! };
          result.configErrors.push(err);
          emit({ kind: 'config-error', ...err });
          continue;
        }
        for (const k of named) culprits.add(k);
      }
      for (const k of culprits) {
        if (found.has(k)) continue;
        found.add(k);
        result.findings.push(isolate(blocks[k]!, k, b, null, stim, opts, ops, resetActiveLow, result, emit));
      }
      const retry = failed.filter((r) => [...r.error!.matchAll(/\bb(\d+)_/g)].length > 0).map((r) => r.config);
      active = active.filter((k) => !culprits.has(k));
      if (retry.length === 0 || active.length === 0) break;
      configs = [...new Set<FuzzConfig>(['builtin', ...retry])];
      ir = build(active);
    }
    emit({ kind: 'batch-done', batch: b, batches, runs: lastRuns, disagreements: found.size, seconds: (performance.now() - tb) / 1000 });
  }
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

/** Re-runs one block of a batch alone, cut after the disagreement, and saves it as a regression. */
function isolate(
  blk: { index: number; seed: number; ir: IrDesign },
  i: number,
  batch: number,
  inBatch: Disagreement | null,
  stim: ReturnType<typeof randomStimulus>,
  opts: CampaignOptions,
  ops: number,
  resetActiveLow: boolean,
  result: CampaignResult,
  emit: (e: CampaignEvent) => void,
): Finding {
  // The block alone, on its whole share of the stimulus: a second bug after the first disagreement must
  // not hide behind a known one. The compiled models stay until the finding is classified (which runs the block again).
  const full = blockStimulus(stim, i, blk.ir);
  const alone = runDifferential(blk.ir, full, { configs: opts.configs, ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}) });
  const aloneErrors = alone.runs.filter((r) => r.error !== undefined).map((r) => ({ config: r.config, message: r.error! }));
  const first = alone.disagreements[0] ?? null;
  const suspects = [...new Set([...alone.disagreements.flatMap((d) => d.suspects), ...aloneErrors.map((e) => e.config)])];
  const known = first || aloneErrors.length > 0 ? classifyFinding(blk.ir, full, suspects, opts.cacheDir ? { cacheDir: opts.cacheDir } : {}) : null;
  dropCompiled(alone.runs);
  const own = full;
  const finding: Finding = { seed: blk.seed, index: blk.index, batch, block: i, inBatch, alone: first, aloneErrors, known };
  for (const k of known ?? []) result.known[k] = (result.known[k] ?? 0) + 1;
  const save = opts.saveDir && (known === null || known.some((k) => result.known[k]! <= (opts.saveKnown ?? 2)));
  if (save && opts.saveDir) {
    let shown = finding.alone ?? (inBatch ? { ...inBatch, signal: inBatch.signal.replace(/^b\d+_/, '') } : null);
    let design = blk.ir;
    let errors = finding.aloneErrors;
    let savedKnown = known;
    // Smaller: only the outputs that showed the problem, if the cut design still shows it (and the same bugs).
    const keep = outputsToKeep(alone.disagreements, aloneErrors.map((e) => e.message), blk.ir);
    if (keep.size > 0) {
      const cut = keepOutputs(blk.ir, keep);
      if (cut !== blk.ir) {
        const again = runDifferential(cut, own, { configs: opts.configs, dropCompiled: known !== null, ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}) });
        const againErrors = again.runs.filter((r) => r.error !== undefined).map((r) => ({ config: r.config, message: r.error! }));
        if (again.disagreements.length > 0 || againErrors.length > 0) {
          const suspectsCut = [...new Set([...again.disagreements.flatMap((d) => d.suspects), ...againErrors.map((e) => e.config)])];
          const knownCut = known ? classifyFinding(cut, own, suspectsCut, opts.cacheDir ? { cacheDir: opts.cacheDir } : {}) : null;
          if (JSON.stringify(knownCut) === JSON.stringify(known)) {
            design = cut;
            shown = again.disagreements[0] ?? null;
            errors = againErrors;
            savedKnown = knownCut;
          }
        }
        dropCompiled(again.runs);
      }
    }
    finding.saved = saveRegression(
      opts.saveDir,
      makeRegression({
        seed: blk.seed,
        generatorVersion: GENERATOR_VERSION,
        generatorOptions: { ops, resetActiveLow },
        campaign: { seed: opts.seed, index: blk.index, batch, block: i },
        configs: opts.configs,
        resetCycles: 2,
        disagreement: shown,
        errors,
        known: savedKnown,
        stimulus: own,
        design,
      }),
    );
  }
  emit({ kind: 'finding', finding });
  return finding;
}
