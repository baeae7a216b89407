// `spikeforge check`: IR checks, Verilator lint (or a visible skip), Yosys
// synthesis with check -assert, and the cell summary; exit 1 on any failure.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { haveTool } from '../../testbenches/tools.ts';
import { EXAMPLES, HDL, removeWorkDirs, spikeforge, workDir, writeFile } from './harness.ts';

afterAll(removeWorkDirs);

const hasVerilator = haveTool('verilator');

describe.concurrent('spikeforge check', () => {
  it('passes on the counter and prints the cell summary', async () => {
    const r = await spikeforge(['check', join(EXAMPLES, 'counter.ts')], workDir());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^IR checks: ok/m);
    if (hasVerilator) expect(r.stdout).toMatch(/^Verilator lint: ok/m);
    else expect(r.stdout).toMatch(/^Verilator lint: skipped: verilator not installed \(apt-get install verilator\)/m);
    expect(r.stdout).toMatch(/^Yosys synth: ok \(check -assert passed, no latches/m);
    // Eight counter bits need eight flip-flops of some kind.
    const flops = [...r.stdout.matchAll(/^\s+(\$\S*DFF\S*)\s+(\d+)$/gm)].reduce((s, m) => s + Number(m[2]), 0);
    expect(flops).toBe(8);
    expect(r.stdout).toMatch(/^\s+total\s+\d+$/m);
    expect(r.stdout).toMatch(/all checks passed/);
    // Progress with elapsed time goes to stderr, not into the report.
    expect(r.stderr).toMatch(/yosys synthesis of Counter: done in \d+\.\ds/);
  });

  it('says that the lint was skipped when verilator is not on PATH', async () => {
    const dir = workDir();
    const r = await spikeforge(['check', join(EXAMPLES, 'pipeline-stage.ts')], dir, { PATH: dir, SPIKEFORGE_REQUIRE_TOOLS: '' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Verilator lint: skipped: verilator not installed \(apt-get install verilator\)$/m);
    expect(r.stdout).toMatch(/^Yosys synth: ok/m);
  });

  it('fails with the lint messages when verilator warns', async () => {
    const dir = workDir();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    // A stand-in verilator that always warns, to exercise the failure path.
    writeFile(bin, 'verilator', `#!/bin/sh\necho "%Warning-WIDTH: Counter.v:3:1: made-up width warning"\nexit 1\n`);
    chmodSync(join(bin, 'verilator'), 0o755);
    const r = await spikeforge(['check', join(EXAMPLES, 'counter.ts')], dir, { PATH: `${bin}:${process.env.PATH ?? ''}` });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Verilator lint: failed$/m);
    expect(r.stdout).toMatch(/made-up width warning/);
    // The other steps still run and report.
    expect(r.stdout).toMatch(/^Yosys synth: ok/m);
    expect(r.stderr).toMatch(/check failed: verilator lint/);
  });

  it('fails on IR check errors with the diagnostics and the line', async () => {
    const dir = workDir();
    writeFile(
      dir,
      'design.ts',
      `import { Bool, design } from '${HDL}';
export const Loop = design('Loop', {}, (m) => {
  const y = m.output('y', Bool());
  const a = m.wire('a', Bool());
  a.set(a.not());
  y.set(a);
  return { y };
});
`,
    );
    const r = await spikeforge(['check', 'design.ts'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^IR checks: failed$/m);
    expect(r.stderr).toMatch(/^design\.ts:4: error\[comb-loop\]/m);
    expect(r.stdout).not.toMatch(/Yosys/);
  });
});
