// Differential fuzzing: the generator's reach and determinism, the
// comparison logic, a small campaign on every installed back end, and every
// saved regression (test/fuzz/regressions/*.json).
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { CELL_OPS, irToJson } from '../../hdl/passes/index.ts';
import type { IrDesign } from '../../hdl/ir.ts';
import { availableBackends } from '../../testbenches/backends.ts';
import { runCampaign } from '../../testbenches/fuzz/campaign.ts';
import { compareRuns, runDifferential, type ConfigRun, type FuzzConfig } from '../../testbenches/fuzz/differential.ts';
import { batchDesign, designSeed, randomBlock } from '../../testbenches/fuzz/generator.ts';
import { classifyFinding, KNOWN_BUGS, unsignedMemoryIndices } from '../../testbenches/fuzz/known-bugs.ts';
import { zeroPowerUp } from '../../testbenches/fuzz/power-up.ts';
import { listRegressions, loadRegression } from '../../testbenches/fuzz/regression.ts';
import { mixSeed, Rng } from '../../testbenches/fuzz/rng.ts';
import { randomStimulus } from '../../testbenches/fuzz/stimulus.ts';
import { haveTool } from '../../testbenches/tools.ts';

const REGRESSIONS = join(import.meta.dirname, 'regressions');
const CACHE = process.env.SPIKEFORGE_TEST_FUZZ_CACHE ?? join(tmpdir(), 'spikeforge-fuzz-test-cache');
haveTool('verilator');
haveTool('iverilog');
const CONFIGS: FuzzConfig[] = ['builtin', 'builtin-opt', ...availableBackends().filter((b) => b !== 'builtin')];

describe('random design generator', () => {
  const designs: IrDesign[] = Array.from({ length: 40 }, (_, i) => elaborate(randomBlock(designSeed(3, i), { resetActiveLow: i % 2 === 1 })));

  it('gives the same design for the same seed and different designs for different seeds', () => {
    const again = elaborate(randomBlock(designSeed(3, 0), { resetActiveLow: false }));
    expect(irToJson(again)).toBe(irToJson(designs[0]!));
    expect(new Set(designs.map((d) => irToJson(d))).size).toBe(designs.length);
  });

  it('reaches every cell kind, wide and narrow signals, both signednesses', () => {
    const ops = new Set(designs.flatMap((d) => d.modules.flatMap((m) => m.cells.map((c) => c.op))));
    expect([...CELL_OPS].filter((op) => !ops.has(op))).toEqual([]);
    const nets = designs.flatMap((d) => d.modules.flatMap((m) => m.nets));
    expect(nets.some((n) => n.width === 1)).toBe(true);
    expect(nets.some((n) => n.width > 64 && n.width <= 130)).toBe(true);
    // Values stay within 130 bits; a growing operation on a 130-bit value has a 131-bit result that is cut right away.
    expect(Math.max(...nets.filter((n) => n.named).map((n) => n.width))).toBeLessThanOrEqual(130);
    expect(Math.max(...nets.map((n) => n.width))).toBeLessThanOrEqual(131);
    expect(nets.some((n) => n.width === 130)).toBe(true);
    expect(nets.some((n) => n.signed)).toBe(true);
    // Static shifts past the width and dynamic shifts.
    const cells = designs.flatMap((d) => d.modules.flatMap((m) => m.cells.map((c) => ({ c, m }))));
    expect(cells.some(({ c, m }) => c.amount !== undefined && c.amount >= m.nets[c.args[0]!]!.width)).toBe(true);
    expect(cells.some(({ c }) => (c.op === 'shl' || c.op === 'shr' || c.op === 'sra') && c.args.length === 2)).toBe(true);
  });

  it('makes registers of every kind, memories of every kind, and parameterised hierarchy', () => {
    const regs = designs.flatMap((d) => d.modules.flatMap((m) => m.regs));
    expect(regs.some((r) => r.reset?.async === true)).toBe(true);
    expect(regs.some((r) => r.reset?.async === false)).toBe(true);
    expect(regs.some((r) => r.reset?.activeLow === true)).toBe(true);
    expect(regs.some((r) => r.reset === undefined && r.init !== undefined)).toBe(true);
    expect(regs.some((r) => r.enable !== undefined)).toBe(true);
    const mems = designs.flatMap((d) => d.modules.flatMap((m) => m.memories));
    expect(mems.some((m) => m.readPorts.some((p) => p.sync && p.enable !== undefined))).toBe(true);
    expect(mems.some((m) => m.readPorts.some((p) => !p.sync))).toBe(true);
    expect(mems.some((m) => m.writePorts.length >= 2)).toBe(true);
    expect(mems.some((m) => (m.depth & (m.depth - 1)) !== 0)).toBe(true); // addresses can run past the end
    expect(mems.some((m) => m.init !== undefined)).toBe(true);
    // A submodule with two parameter sets, one of them instantiated twice.
    const hier = designs.find((d) => {
      const top = d.modules.find((m) => m.name === d.top)!;
      const count = new Map<string, number>();
      for (const i of top.instances) count.set(i.module, (count.get(i.module) ?? 0) + 1);
      return count.size >= 2 && [...count.values()].some((n) => n >= 2);
    });
    expect(hier).toBeDefined();
    expect(designs.some((d) => d.modules.length >= 4)).toBe(true); // nested submodules
  });

  it('batches blocks side by side under b<i>_ port names', () => {
    const blocks = [0, 1, 2].map((i) => randomBlock(designSeed(3, i), { resetActiveLow: false }));
    const ir = elaborate(batchDesign('Batch', blocks, false));
    const top = ir.modules.find((m) => m.name === ir.top)!;
    expect(top.instances.map((i) => i.name)).toEqual(['u0', 'u1', 'u2']);
    for (const p of top.ports.filter((x) => !x.role)) expect(p.name).toMatch(/^b[012]_(in|o)\d+$|^b[012]_chk$/);
  });
});

describe('differential comparison', () => {
  const run = (config: FuzzConfig, rows: number[][]): ConfigRun => ({ config, createSeconds: 0, runSeconds: 0, rows: rows.map((r) => r.map(BigInt)) });

  it('finds the first differing cycle of every output and names the odd one out', () => {
    const d = compareRuns(
      [run('builtin', [[1, 5], [2, 6], [3, 7]]), run('verilator', [[1, 5], [2, 9], [4, 7]]), run('iverilog', [[1, 5], [2, 6], [3, 7]])],
      ['a', 'b'],
    );
    expect(d).toEqual([
      { cycle: 1, signal: 'b', values: { builtin: 6n, verilator: 9n, iverilog: 6n }, suspects: ['verilator'] },
      { cycle: 2, signal: 'a', values: { builtin: 3n, verilator: 4n, iverilog: 3n }, suspects: ['verilator'] },
    ]);
  });

  it('names every configuration when there is no majority', () => {
    const d = compareRuns([run('builtin', [[1]]), run('verilator', [[2]])], ['a']);
    expect(d[0]!.suspects).toEqual(['builtin', 'verilator']);
  });

  it('runs a design on every configuration and gets identical rows', () => {
    const ir = zeroPowerUp(elaborate(randomBlock(designSeed(5, 1), { resetActiveLow: false })));
    const stim = randomStimulus(ir, mixSeed(5, 1), 60, false);
    const r = runDifferential(ir, stim, { configs: ['builtin', 'builtin-opt'] });
    expect(r.runs.map((x) => x.error)).toEqual([undefined, undefined]);
    expect(r.runs[0]!.rows).toHaveLength(60);
    expect(r.disagreements).toEqual([]);
  });
});

describe('fuzz helpers', () => {
  it('Rng is deterministic and its interesting values fit their width', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    const r = new Rng(1);
    for (let i = 0; i < 500; i++) {
      const w = r.int(1, 130);
      const signed = r.bool();
      const v = r.interesting(w, signed);
      const lo = signed ? -(1n << BigInt(w - 1)) : 0n;
      const hi = signed ? (1n << BigInt(w - 1)) - 1n : (1n << BigInt(w)) - 1n;
      expect(v >= lo && v <= hi).toBe(true);
    }
  });

  it('wraps memory indices in $unsigned, brackets balanced, declarations untouched', () => {
    const v = 'reg [3:0] mem8 [0:31];\n  mem8_rd <= mem8[r13[0]];\n  if (x) mem8[{1\'b0, a[2:0]}] <= d;\n  y = memo[3];\n';
    expect(unsignedMemoryIndices(v, new Set(['mem8']))).toBe(
      'reg [3:0] mem8 [0:31];\n  mem8_rd <= mem8[$unsigned(r13[0])];\n  if (x) mem8[$unsigned({1\'b0, a[2:0]})] <= d;\n  y = memo[3];\n',
    );
  });

  it('zeroPowerUp gives registers without an initial value the power-up value 0 and leaves the rest', () => {
    const ir = [5, 6, 7, 8, 9, 10].map((i) => elaborate(randomBlock(designSeed(3, i), { resetActiveLow: false }))).find((d) => d.modules.some((m) => m.regs.some((r) => r.init === undefined)))!;
    const z = zeroPowerUp(ir);
    const before = ir.modules.flatMap((m) => m.regs);
    const after = z.modules.flatMap((m) => m.regs);
    expect(after.every((r) => r.init !== undefined)).toBe(true);
    after.forEach((r, i) => expect(r.init).toBe(before[i]!.init ?? 0n));
    expect(before.some((r) => r.init === undefined)).toBe(true); // the input is not modified
  });
});

describe('a small campaign on every installed back end', () => {
  // 15 designs in one batch: one Verilator build. Findings of known, still open bugs are
  // allowed (each is confirmed by re-running with the bug's workaround); anything else fails.
  let result: ReturnType<typeof runCampaign>;
  beforeAll(() => {
    result = runCampaign({ designs: 15, seed: 7, batch: 15, cycles: 150, configs: CONFIGS, cacheDir: CACHE });
  });

  it('ran every design on every configuration', () => {
    expect(result.configs).toEqual(CONFIGS);
    expect(result.cycles).toBe(150);
    expect(result.generatorErrors).toEqual([]);
    expect(result.configErrors).toEqual([]);
  });

  it('found no disagreement that a known bug does not explain', () => {
    const fresh = result.findings.filter((f) => f.known === null);
    expect(fresh.map((f) => ({ seed: f.seed.toString(16), alone: f.alone, errors: f.aloneErrors }))).toEqual([]);
    for (const f of result.findings) for (const k of f.known!) expect(Object.keys(KNOWN_BUGS)).toContain(k);
  });
});

describe('saved regressions', () => {
  const files = listRegressions(REGRESSIONS);
  it('are there', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const path of files) {
    const reg = loadRegression(path);
    const f = reg.file;
    const configs = CONFIGS.filter((c) => f.configs.includes(c));
    const blamed = [...(f.disagreement?.suspects ?? []), ...(f.errors ?? []).map((e) => e.config)];
    const runnable = blamed.every((c) => configs.includes(c));
    if (f.status === 'fixed') {
      it(`${f.name}: every configuration agrees (fixed)`, () => {
        const r = runDifferential(reg.design, reg.stimulus, { configs, resetCycles: f.resetCycles, cacheDir: CACHE });
        expect(r.runs.filter((x) => x.error !== undefined).map((x) => [x.config, x.error])).toEqual([]);
        expect(r.disagreements).toEqual([]);
      });
    } else {
      it.skipIf(!runnable)(`${f.name}: still shows the open bug${f.known ? ` ${f.known.join(' + ')}` : ''} (set status 'fixed' in the file once it is fixed)`, () => {
        const r = runDifferential(reg.design, reg.stimulus, { configs, resetCycles: f.resetCycles, cacheDir: CACHE });
        const failing = r.disagreements.length + r.runs.filter((x) => x.error !== undefined).length;
        expect(failing, `${path} no longer fails: the bug looks fixed; set "status": "fixed"`).toBeGreaterThan(0);
        if (f.known) expect(classifyFinding(reg.design, reg.stimulus, blamed, { resetCycles: f.resetCycles, cacheDir: CACHE, keepModels: true })).toEqual(f.known);
      });
    }
  }
});
