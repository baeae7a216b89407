// `spikeforge sim` and `spikeforge wave`, run as a user runs them.
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES, removeWorkDirs, ROOT, spikeforge, workDir, writeFile } from '../cli/harness.ts';
import { parseVcd } from '../../testbenches/vcd/index.ts';
import { BACKENDS, CACHE_DIR } from './helpers.ts';

afterAll(removeWorkDirs);
const env = { SPIKEFORGE_CACHE: CACHE_DIR };

/** A testbench file whose model is off by one in membrane at cycle 20. */
const BROKEN_TB = `
import { testbench } from '${join(ROOT, 'testbenches/cosim/index.ts')}';
import { LifNeuron } from '${join(EXAMPLES, 'lif-neuron.ts')}';
import { LifModel, lifStimulus, params } from '${join(EXAMPLES, 'lif-neuron.tb.ts')}';
export const broken = testbench({
  design: LifNeuron,
  params,
  model: () => {
    const m = new LifModel(params);
    let k = 0;
    return { reset: () => m.reset(), step: (i) => { const r = m.step(i); return k++ === 20 ? { ...r, membrane: r.membrane + 1 } : r; } };
  },
  stimulus: lifStimulus(1),
  cycles: 500,
});
`;

describe('spikeforge sim', () => {
  it('runs the LIF testbench on every installed back end and prints a table', async () => {
    const dir = workDir();
    const r = await spikeforge(['sim', join(EXAMPLES, 'lif-neuron.tb.ts'), '--backend', 'all', '--cycles', '800'], dir, env);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    for (const b of BACKENDS) expect(r.stdout).toMatch(new RegExp(`^\\s+${b}\\s+pass\\s+800\\s`, 'm'));
    expect(r.stdout).toContain('pass: every back end agrees with the golden model');
  });

  it('runs the FIFO testbench and reports the matched transactions', async () => {
    const r = await spikeforge(['sim', join(EXAMPLES, 'fifo.tb.ts'), '--backend', 'builtin'], workDir(), env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/builtin: stream 'deq': \d+ transactions matched/);
  });

  it('exits with 1 on a mismatch, prints the report and writes the VCD and the diagram', async () => {
    const dir = workDir();
    const file = writeFile(dir, 'broken.tb.ts', BROKEN_TB);
    const r = await spikeforge(['sim', file, '--backend', 'builtin', '--vcd', 'run.vcd', '--wave', 'mismatch.svg'], dir, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/builtin\s+FAIL/);
    expect(r.stderr).toMatch(/cosim mismatch on builtin at cycle 20 \(clock cycle 22\): 'membrane' expected/);
    expect(r.stderr).toContain('waveform: run.vcd');
    expect(parseVcd(readFileSync(join(dir, 'run.vcd'), 'utf8')).signals.some((s) => s.reference === 'membrane')).toBe(true);
    expect(readFileSync(join(dir, 'mismatch.svg'), 'utf8')).toContain('membrane (expected)');
  });

  it('names a back end that is unknown, and explains a file without a testbench', async () => {
    const dir = workDir();
    const bad = await spikeforge(['sim', join(EXAMPLES, 'lif-neuron.tb.ts'), '--backend', 'modelsim'], dir, env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown back end 'modelsim'");
    const none = await spikeforge(['sim', join(EXAMPLES, 'counter.ts')], dir, env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('exports no testbench');
  });

  it('names the install command of a back end that is not installed', async () => {
    // A PATH with nothing on it but `which`: no verilator, no iverilog.
    const dir = workDir();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(realpathSync('/usr/bin/which'), join(bin, 'which'));
    const r = await spikeforge(['sim', join(EXAMPLES, 'lif-neuron.tb.ts'), '--backend', 'verilator'], dir, { ...env, PATH: bin });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the verilator back end is not available: verilator is not installed (install it with: apt-get install verilator g++)');
    const all = await spikeforge(['sim', join(EXAMPLES, 'lif-neuron.tb.ts'), '--backend', 'all', '--cycles', '50'], dir, { ...env, PATH: bin });
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('on builtin\n');
    const icarus = await spikeforge(['sim', join(EXAMPLES, 'lif-neuron.tb.ts'), '--backend', 'builtin,iverilog'], dir, { ...env, PATH: bin });
    expect(icarus.code).toBe(1);
    expect(icarus.stderr).toContain('iverilog and vvp are not installed (install with: apt-get install iverilog)');
  });

  it('reports a stimulus that throws at the line that threw', async () => {
    const dir = workDir();
    const file = writeFile(
      dir,
      'throws.tb.ts',
      `import { testbench } from '${join(ROOT, 'testbenches/cosim/index.ts')}';
import { LifNeuron } from '${join(EXAMPLES, 'lif-neuron.ts')}';
export const tb = testbench({ design: LifNeuron, stimulus: (k) => {
  if (k === 3) throw new Error('out of ideas');
  return { step: 1, current: 1 };
}, cycles: 10 });
`,
    );
    const r = await spikeforge(['sim', file, '--backend', 'builtin', '--vcd', 'so-far.vcd'], dir, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/throws\.tb\.ts:4: error\[testbench\]: cosim: the stimulus threw at cycle 3: out of ideas/);
    expect(existsSync(join(dir, 'so-far.vcd'))).toBe(true);
  });
});

describe('spikeforge wave', () => {
  it('draws chosen signals of a VCD over a window of cycles', async () => {
    const dir = workDir();
    await spikeforge(['sim', join(EXAMPLES, 'lif-neuron.tb.ts'), '--backend', 'builtin', '--cycles', '100', '--vcd', 'lif.vcd'], dir, env);
    const r = await spikeforge(['wave', 'lif.vcd', '--signals', 'current,membrane,spike', '--from', '10', '--to', '40', '--out', 'w.svg'], dir, env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote w.svg (3 signals, cycles 10..39)');
    const svg = readFileSync(join(dir, 'w.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>membrane<');
  });

  it('explains unknown signals and missing files', async () => {
    const dir = workDir();
    await spikeforge(['sim', join(EXAMPLES, 'lif-neuron.tb.ts'), '--backend', 'builtin', '--cycles', '20', '--vcd', 'lif.vcd'], dir, env);
    const r = await spikeforge(['wave', 'lif.vcd', '--signals', 'membrane,nosuch'], dir, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nosuch');
    const missing = await spikeforge(['wave', 'none.vcd', '--signals', 'a'], dir, env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("VCD file 'none.vcd' does not exist");
  });
});
