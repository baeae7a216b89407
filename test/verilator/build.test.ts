// Building models: an edited design rebuilds, a failed build reports the
// tool's own message, random initial state (randReset), designs the back end
// refuses, tracing, and the bare C++ loop agreeing with a run through the API.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { design, elaborate, UInt } from '../../hdl/index.ts';
import { DesignError } from '../../hdl/diagnostics.ts';
import { Counter } from '../../examples/counter.ts';
import { LifNeuron } from '../../examples/lif-neuron.ts';
import {
  buildBareLoop,
  buildModel,
  createVerilatorSimulator,
  verilatorCacheEntry,
  VerilatorBuildError,
  type VerilatorSimulator,
} from '../../testbenches/verilator/index.ts';
import { twoClocks } from '../builtin/bad-designs.ts';
import { CACHE_DIR, haveVerilator, lifCycle, simOptions } from './helpers.ts';

/** One register with a reset that the test may never assert, and one with only a power-up value. */
const ResetProbe = design('ResetProbe', {}, (m) => {
  const hold = m.output('hold', UInt(16));
  const keep = m.output('keep', UInt(8));
  const withReset = m.reg('with_reset', UInt(16), { reset: 0 });
  const initOnly = m.reg('init_only', UInt(8), { init: 0x5a });
  withReset.set(withReset);
  initOnly.set(initOnly);
  hold.set(withReset);
  keep.set(initOnly);
  return { hold, keep };
});

describe.skipIf(!haveVerilator)('verilator back end: building models', () => {
  const open: VerilatorSimulator[] = [];
  const sim = (...args: Parameters<typeof createVerilatorSimulator>): VerilatorSimulator => {
    const s = createVerilatorSimulator(...args);
    open.push(s);
    return s;
  };
  afterAll(() => open.forEach((s) => s.close()));

  it('rebuilds a design whose parameters changed, and then finds it in the cache', () => {
    const base = sim(elaborate(LifNeuron, {}), simOptions());
    const edited = elaborate(LifNeuron, { threshold: 321 });
    const entry = verilatorCacheEntry(edited, { cacheDir: CACHE_DIR });
    expect(entry.hash).not.toBe(base.buildInfo.hash);
    rmSync(entry.dir, { recursive: true, force: true }); // make sure this run compiles it
    const progress: string[] = [];
    const s = sim(edited, simOptions({ onProgress: (m) => progress.push(m) }));
    expect(s.buildInfo.cached).toBe(false);
    expect(s.buildInfo.hash).toBe(entry.hash);
    expect(progress.some((m) => m.startsWith('verilator:'))).toBe(true);
    expect(progress.some((m) => m.startsWith('g++:'))).toBe(true);
    // The edit is in the model: 321 fires where 1000 does not.
    s.reset();
    s.poke('step', 1);
    s.poke('current', 330);
    expect(lifCycle(0, 330, true, 4, 321).fire).toBe(true);
    expect(s.peek('spike')).toBe(1n);
    const again = sim(elaborate(LifNeuron, { threshold: 321 }), simOptions());
    expect(again.buildInfo.cached).toBe(true);
    expect(again.buildInfo.dir).toBe(entry.dir);
  });

  it('lets two processes build the same model at once: both succeed, one entry remains', async () => {
    const threshold = 777;
    const entry = verilatorCacheEntry(elaborate(LifNeuron, { threshold }), { cacheDir: CACHE_DIR });
    rmSync(entry.dir, { recursive: true, force: true });
    const here = dirname(fileURLToPath(import.meta.url));
    const tsx = join(here, '..', '..', 'node_modules', '.bin', 'tsx');
    const child = (): Promise<{ cached: boolean; hash: string; membrane: string }> =>
      new Promise((resolve, reject) => {
        const p = spawn(tsx, [join(here, 'fixtures', 'build-lif.ts'), CACHE_DIR, String(threshold)], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child failed (${code}): ${err}`))));
      });
    const [a, b] = await Promise.all([child(), child()]);
    expect(a.hash).toBe(entry.hash);
    expect(b.hash).toBe(entry.hash);
    // v: 200, 200 - 12 + 200 = 388, 388 - 24 + 200 = 564 (below 777, no spike)
    expect([a.membrane, b.membrane]).toEqual(['564', '564']);
    expect(existsSync(join(entry.dir, 'model.node'))).toBe(true);
    // Neither left a temporary directory behind.
    const base = basename(entry.dir);
    expect(readdirSync(CACHE_DIR).filter((f) => f.startsWith(`${base}.tmp-`))).toEqual([]);
  });

  it("reports Verilator's own message for Verilog it rejects", () => {
    const broken = 'module Broken (input wire a, output wire y);\n  assign y = a +;\nendmodule\n';
    let err: unknown;
    try {
      buildModel({ verilog: broken, config: '`verilator_config\n', top: 'Broken' }, { cacheDir: CACHE_DIR });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VerilatorBuildError);
    expect((err as VerilatorBuildError).stage).toBe('verilator');
    expect((err as Error).message).toMatch(/%Error: design\.v:2:\d+: syntax error/);
  });

  it("reports g++'s own message when the C++ does not compile", () => {
    let err: unknown;
    try {
      sim(elaborate(Counter, { width: 3 }), simOptions({ optFast: '-fno-such-option-for-spikeforge' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VerilatorBuildError);
    expect((err as VerilatorBuildError).stage).toBe('compile');
    expect((err as Error).message).toMatch(/unrecognized command-line option .-fno-such-option-for-spikeforge./);
  });

  it('starts registers without a reset from random values under randReset; initial values still apply', () => {
    const d = elaborate(ResetProbe, {});
    const plain = sim(d, simOptions());
    expect(plain.peek('with_reset')).toBe(0n);
    expect(plain.peek('init_only')).toBe(0x5an);

    const seeds = [1, 2, 3].map((seed) => {
      const s = sim(d, simOptions({ randReset: seed }));
      const before = s.peek('hold');
      // Verilator randomises state before the `initial` blocks run, so a
      // register with an initial value still starts from it.
      expect(s.peek('keep')).toBe(0x5an);
      s.reset();
      expect(s.peek('hold')).toBe(0n);
      return before;
    });
    expect(seeds.some((v) => v !== 0n)).toBe(true); // 2^-48 to fail by chance
    // The same seed gives the same state.
    const again = sim(d, simOptions({ randReset: 2 }));
    expect(again.peek('hold')).toBe(seeds[1]);
  });

  it('refuses a design with two clock domains before building anything', () => {
    expect(() => createVerilatorSimulator(twoClocks(), simOptions())).toThrow(DesignError);
    expect(() => createVerilatorSimulator(twoClocks(), simOptions())).toThrow(/2 clock domains \('clk_a', 'clk_b'\)/);
  });

  it('records a trace with the shared sampling rule', () => {
    const samples: [number, bigint[]][] = [];
    const s = createVerilatorSimulator(
      elaborate(Counter, { width: 3 }),
      simOptions({ trace: { signals: ['en', 'count'], onSample: (c, v) => samples.push([c, v]) } }),
    );
    s.poke('en', 1);
    s.step(3);
    s.poke('en', 0);
    s.step(2);
    const t = s.trace!();
    expect(t.signals.map((x) => x.name)).toEqual(['en', 'count']);
    // Sample c: as things stand just before edge c+1.
    expect(t.values).toEqual([
      [1n, 1n, 1n, 0n, 0n, 0n],
      [0n, 1n, 2n, 3n, 3n, 3n],
    ]);
    s.close();
    expect(samples.map(([c]) => c)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('builds a bare C++ loop whose outputs match a batch run of the same stimulus', () => {
    const d = elaborate(LifNeuron, {});
    const loop = buildBareLoop(d, 500, { cacheDir: CACHE_DIR });
    expect(loop.inputs).toEqual([
      { name: 'step', width: 1 },
      { name: 'current', width: 16 },
    ]);
    const report = loop.run();
    expect(report.cycles).toBe(500);
    expect(report.cyclesPerSecond).toBeGreaterThan(0);
    const s = sim(d, simOptions());
    const rows = s.run(loop.stimulus());
    expect(loop.checksum(rows)).toBe(report.checksum);
    expect(rows.some((r) => r[0] === 1n)).toBe(true); // the stimulus made it fire
  });
});
