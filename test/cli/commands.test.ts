// The commands on good input: verilog writes <Top>.v for every example, ir
// prints the IR, info reads parameters and docs without running the file,
// and every command answers --help.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TS, EXAMPLES, HDL, listFiles, removeWorkDirs, ROOT, run, spikeforge, workDir, writeFile } from './harness.ts';

afterAll(removeWorkDirs);

const EXAMPLE_TOPS: [file: string, top: string][] = [
  ['counter.ts', 'Counter'],
  ['fifo.ts', 'Fifo'],
  ['lif-neuron.ts', 'LifNeuron'],
  ['neuron-pair.ts', 'NeuronPair'],
  ['pipeline-stage.ts', 'PipelineStage'],
];

describe.concurrent('spikeforge verilog', () => {
  it('covers every example design (testbenches *.tb.ts aside)', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts') && !f.endsWith('.tb.ts')).sort();
    expect(EXAMPLE_TOPS.map(([f]) => f).sort()).toEqual(files);
  });

  for (const [file, top] of EXAMPLE_TOPS) {
    it(`writes out/${top}.v for examples/${file}`, async () => {
      const dir = workDir();
      const r = await spikeforge(['verilog', join(EXAMPLES, file)], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(listFiles(dir)).toEqual(['out', `out/${top}.v`]);
      const text = readFileSync(join(dir, 'out', `${top}.v`), 'utf8');
      expect(text).toMatch(new RegExp(`^\\s*module ${top}\\b`, 'm'));
      expect(r.stdout).toContain(`wrote out/${top}.v`);
      expect(r.stdout).toContain(`${Buffer.byteLength(text)} bytes`);
      expect(r.stdout).toContain(`${text.trimEnd().split('\n').length} lines`);
    });
  }

  it('writes every module of a hierarchy into the one file, and into --out', async () => {
    const dir = workDir();
    const r = await spikeforge(['verilog', join(EXAMPLES, 'neuron-pair.ts'), '--out', 'build/rtl'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(listFiles(dir)).toEqual(['build', 'build/rtl', 'build/rtl/NeuronPair.v']);
    const text = readFileSync(join(dir, 'build/rtl/NeuronPair.v'), 'utf8');
    // Two LifNeuron parameter sets and the counter, each a module of its own.
    expect(text.match(/^\s*module /gm)?.length).toBe(4);
    expect(r.stdout).toMatch(/modules: 4 \(/);
  });

  it('replaces an existing file and leaves no temporary file', async () => {
    const dir = workDir();
    const args = ['verilog', join(EXAMPLES, 'counter.ts')];
    expect((await spikeforge(args, dir)).code).toBe(0);
    const first = readFileSync(join(dir, 'out/Counter.v'), 'utf8');
    const again = await spikeforge([...args, '--param', 'width=12'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(listFiles(dir)).toEqual(['out', 'out/Counter.v']);
    expect(readFileSync(join(dir, 'out/Counter.v'), 'utf8')).not.toBe(first);
  });

  it('loads a design file outside any package as an ES module (one copy of hdl/, so bundles with flip work)', async () => {
    const dir = workDir();
    // No package.json here: tsx alone would compile these files as CommonJS.
    writeFile(dir, 'payload.ts', `import { UInt } from '${HDL}';\nexport const payload = UInt(12);\n`);
    writeFile(
      dir,
      'skid.ts',
      `import { design, flip, stream, Bool } from '${HDL}';
import { payload } from './payload.ts';
const depth = await Promise.resolve(2);
export const Skid = design('Skid', { depth }, (m) => {
  const input = m.input('in', { valid: Bool(), ready: flip(Bool()), data: payload });
  const output = m.output('out', stream(payload));
  input.ready.set(output.ready);
  output.valid.set(input.valid);
  output.data.set(input.data);
  return { in: input, out: output };
});
`,
    );
    const r = await spikeforge(['verilog', 'skid.ts'], dir);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'out/Skid.v'), 'utf8');
    expect(text).toMatch(/\boutput\s+(?:wire\s+)?in_ready\b/);
    expect(text).toMatch(/\binput\s+(?:wire\s+)?out_ready\b/);
  });

  it('is deterministic: the same design gives byte-identical files', async () => {
    const [a, b] = [workDir(), workDir()];
    await Promise.all([a, b].map((d) => spikeforge(['verilog', join(EXAMPLES, 'fifo.ts')], d)));
    expect(readFileSync(join(a, 'out/Fifo.v'))).toEqual(readFileSync(join(b, 'out/Fifo.v')));
  });
});

describe.concurrent('spikeforge ir', () => {
  it('prints the IR dump of the design', async () => {
    const r = await spikeforge(['ir', join(EXAMPLES, 'counter.ts')], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/module Counter\b/);
    expect(r.stdout).toMatch(/output count: u8/);
    expect(r.stdout).toContain('examples/counter.ts:');
  });

  it('applies --param (typed by the default) and --top', async () => {
    const r = await spikeforge(['ir', join(EXAMPLES, 'counter.ts'), '--top', 'Counter', '--param', 'width=12'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/output count: u12/);
  });

  it('--json prints the IR as JSON', async () => {
    const r = await spikeforge(['ir', join(EXAMPLES, 'neuron-pair.ts'), '--json'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    const ir = JSON.parse(r.stdout) as { top: string; modules: { name: string }[] };
    expect(ir.top).toBe('NeuronPair');
    expect(ir.modules.map((m) => m.name)).toContain('NeuronPair');
    expect(ir.modules).toHaveLength(4);
  });

  it('removes dead logic by default and keeps it with --raw', async () => {
    const dir = workDir();
    writeFile(
      dir,
      'design.ts',
      `import { design, UInt } from '${HDL}';
export const Dead = design('Dead', {}, (m) => {
  const a = m.input('a', UInt(4));
  const y = m.output('y', UInt(4));
  m.let('unused_sum', a.addWrap(3));
  y.set(a);
  return { a, y };
});
`,
    );
    const [optimised, raw] = await Promise.all([spikeforge(['ir', 'design.ts'], dir), spikeforge(['ir', 'design.ts', '--raw'], dir)]);
    expect(optimised.code, optimised.stderr).toBe(0);
    expect(raw.code, raw.stderr).toBe(0);
    expect(raw.stdout).toMatch(/unused_sum/);
    expect(optimised.stdout).not.toMatch(/unused_sum/);
  });
});

describe.concurrent('spikeforge info', () => {
  it("lists Counter's width parameter with its default and doc comment", async () => {
    const r = await spikeforge(['info', join(EXAMPLES, 'counter.ts')], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Counter\b/m);
    expect(r.stdout).toContain('Counts up by one on every enabled clock; wraps at 2^width.');
    expect(r.stdout).toMatch(/^\s+width\s+number\s+8\s+Counter width in bits\.$/m);
  });

  it('--json gives names, types, defaults and docs', async () => {
    const r = await spikeforge(['info', join(EXAMPLES, 'lif-neuron.ts'), '--json'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { designs: { export: string; name: string; paramsType: string; params: { name: string; type: string; default: unknown; doc: string }[] }[] };
    expect(info.designs).toHaveLength(1);
    const d = info.designs[0]!;
    expect([d.export, d.name, d.paramsType]).toEqual(['LifNeuron', 'LifNeuron', 'LifParams']);
    expect(d.params.map((p) => [p.name, p.type, p.default])).toEqual([
      ['width', 'number', 16],
      ['leakShift', 'number', 4],
      ['threshold', 'number', 1000],
    ]);
    expect(d.params[1]!.doc).toMatch(/^Leak shift k/);
  });

  it('does not run the file, and finds the parameter type in every written form', async () => {
    const dir = workDir();
    writeFile(
      dir,
      'params.ts',
      `export interface Shared {
  /** Bus width in bits. */
  width: number;
  /**
   * Tap positions,
   * one per stage.
   */
  taps?: readonly number[];
}
`,
    );
    writeFile(
      dir,
      'many.ts',
      `import { design, UInt } from '${HDL}';
import type { Shared } from './params.ts';
throw new Error('info must not run this file');

/** By type argument. */
export const A = design<Shared, {}>('Alpha', { width: 4, taps: [1, -2] }, (m, p) => ({}));

const defaults = { width: 2 };
export const B = design('Beta', defaults, (m, p: Shared) => ({}), { doc: 'By annotation.' });

export const C = design('Gamma', { depth: 16n, on: true }, (m) => ({}));
`,
    );
    const r = await spikeforge(['info', 'many.ts', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { designs: { export: string; name: string; doc?: string; params: { name: string; type: string; optional: boolean; default?: unknown; doc?: string }[] }[] };
    expect(info.designs.map((d) => [d.export, d.name, d.doc])).toEqual([
      ['A', 'Alpha', 'By type argument.'],
      ['B', 'Beta', 'By annotation.'],
      ['C', 'Gamma', undefined],
    ]);
    const [a, b, c] = info.designs;
    expect(a!.params).toEqual([
      { name: 'width', type: 'number', optional: false, default: 4, defaultText: '4', doc: 'Bus width in bits.' },
      { name: 'taps', type: 'readonly number[]', optional: true, default: [1, -2], defaultText: '[1, -2]', doc: 'Tap positions, one per stage.' },
    ]);
    expect(b!.params.map((p) => [p.name, p.default])).toEqual([
      ['width', 2],
      ['taps', undefined],
    ]);
    expect(c!.params.map((p) => [p.name, p.type, p.default])).toEqual([
      ['depth', 'bigint', '16n'],
      ['on', 'boolean', true],
    ]);
  });

  it('output is deterministic', async () => {
    const [x, y] = await Promise.all([0, 1].map(() => spikeforge(['info', join(EXAMPLES, 'fifo.ts')], ROOT)));
    expect(x!.code).toBe(0);
    expect(x!.stdout).toBe(y!.stdout);
  });

  it('reports a file that does not parse, with its line', async () => {
    const dir = workDir();
    writeFile(dir, 'bad.ts', `export const x = 1;\nexport const y = (;\n`);
    const r = await spikeforge(['info', 'bad.ts'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bad\.ts:2: error\[syntax\]/m);
  });
});

describe.concurrent('help, usage and exit codes', () => {
  it('spikeforge --help lists the commands', async () => {
    const r = await spikeforge(['--help'], ROOT);
    expect(r.code).toBe(0);
    for (const c of ['verilog', 'ir', 'check', 'info']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\s`, 'm'));
  });

  it('npm run spikeforge (tsx bin/cli.ts) runs the same command line', async () => {
    const r = await run(join(ROOT, 'node_modules/.bin/tsx'), [CLI_TS, '-h'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: spikeforge <command>/);
  });

  const commandOptions: [string, string[]][] = [
    ['verilog', ['--top', '--param', '--out']],
    ['ir', ['--top', '--param', '--json', '--raw']],
    ['check', ['--top', '--param']],
    ['info', ['--json']],
  ];
  for (const [command, options] of commandOptions) {
    it(`spikeforge ${command} --help shows its usage and options`, async () => {
      const r = await spikeforge([command, '--help'], ROOT);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: spikeforge ${command} <design\\.ts>`));
      for (const o of [...options, '--help', '--debug']) expect(r.stdout).toContain(o);
    });
  }

  it('no command: usage on stderr, exit 1', async () => {
    const r = await spikeforge([], ROOT);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/usage: spikeforge/);
  });

  it('unknown command: error with the list of commands', async () => {
    const r = await spikeforge(['synth', 'x.ts'], ROOT);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown command 'synth'/);
    expect(r.stderr).toMatch(/commands: verilog, ir, check, info/);
  });

  it('unknown option: error with the options of the command', async () => {
    const r = await spikeforge(['ir', join(EXAMPLES, 'counter.ts'), '--fast'], ROOT);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown option '--fast' for 'ir'/);
    expect(r.stderr).toMatch(/--json/);
  });

  it('an internal error exits with 2, and --debug shows the stack', async () => {
    const dir = workDir();
    // Passes isDesign() but is no design: elaboration fails inside the library, not in user code.
    writeFile(dir, 'fake.ts', `export const Fake = { kind: 'spikeforge.design', name: 'Fake', defaults: {}, body: 42, loc: { file: 'fake.ts', line: 1, column: 1 } };\n`);
    const plain = await spikeforge(['ir', 'fake.ts'], dir);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/internal error: .*body is not a function/);
    expect(plain.stderr).toMatch(/--debug/);
    expect(plain.stderr).not.toMatch(/^\s+at /m);
    const debug = await spikeforge(['ir', 'fake.ts', '--debug'], dir);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^\s+at .*elaboration\.ts/m);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
